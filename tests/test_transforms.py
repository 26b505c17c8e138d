"""The passes over the document: numbering, terms, definitions and references."""

from datetime import date

import pytest

from contractgen.document import (Clause, Definitions, Document, Meta, Part, Ref, Source, Term, Text)
from contractgen.errors import InvalidInput
from contractgen.transforms import apply_all


def _doc():
    meta = Meta("t", "Test", "P", "0.1", "draft", date(2020, 1, 1))
    defs = Clause(title="Definitions", id="defs", text=[Text("Meanings:")], blocks=[Definitions()])
    pay = Clause(title="Payment", id="pay", children=[
        Clause(level=2, id="pay.when", text=[Text("The Provider is paid each Contract Year, see "), Ref("sched.one")],
               source=Source("clauses/pay.md", 3, "pay")),
        Clause(level=2, text=[Text("Nothing here.")], children=[Clause(level=3, text=[Text("deep")])]),
    ], source=Source("clauses/pay.md", 3, "pay"))
    body = Part("Conditions", prefix="GC", blocks=[defs, pay])
    schedule = Part("Budget", kind="schedule", number=2, blocks=[Clause(title="Lines", id="sched.one")])
    return Document(meta, [body, schedule])


TERMS = {
    "Provider": [Text("the organisation paid under this contract.")],
    "Contract Year": [Text("a year starting 1 April, for which the Provider reports.")],
    "Unused Term": [Text("never used.")],
}


def test_numbers_restart_per_part_with_prefix():
    doc = apply_all(_doc(), TERMS)
    numbers = [c.number for _, c in doc.clauses()]
    assert numbers == ["GC1", "GC2", "GC2.1", "GC2.2", "GC2.2.1", "1"]


def test_references_get_the_target_number_in_context():
    doc = apply_all(_doc(), TERMS)
    ref = doc.find("pay.when")[1].text[-1]
    assert ref == Ref("sched.one", "Schedule 2, paragraph 1")


def test_definitions_list_exactly_the_terms_in_use_alphabetically():
    doc = apply_all(_doc(), TERMS)
    entries = doc.find("defs")[1].blocks[0].entries
    assert [term for term, _ in entries] == ["Contract Year", "Provider"]
    assert Term("Contract Year") in doc.find("pay.when")[1].text


def test_dangling_reference_names_both_clauses():
    doc = _doc()
    doc.parts.pop()  # the schedule holding sched.one is left out
    with pytest.raises(InvalidInput) as info:
        apply_all(doc, TERMS, left_out={"sched.one": "condition false: risk_share is defined"})
    message = str(info.value)
    assert "clauses/pay.md:3" in message
    assert "refers to clause sched.one, which this partnership leaves out" in message
