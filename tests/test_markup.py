"""The clause markup parser: items, tables, notes, inlines and escaping."""

import pytest

from contractgen.document import Clause, Emph, LineBreak, Paragraph, Ref, Strong, Table, Text, inline_text
from contractgen.markup import MarkupError, escape, parse_body, parse_inlines


def test_items_nest_under_their_parent():
    clause = parse_body("Opening text.\n\n#. First.\n##. First (a).\n##. First (b).\n#. Second\ncontinues.\n",
                        Clause(level=1))
    assert inline_text(clause.text) == "Opening text."
    assert [inline_text(c.text) for c in clause.children] == ["First.", "Second continues."]
    assert [c.level for c in clause.children[0].children] == [3, 3]


def test_anchor_gives_a_subclause_an_id():
    clause = parse_body("#. [#pay.timing] Pay monthly.", Clause(level=1, title="Payment"))
    assert clause.children[0].id == "pay.timing"
    assert inline_text(clause.children[0].text) == "Pay monthly."


def test_too_deep_and_orphan_items_are_errors():
    with pytest.raises(MarkupError, match="three levels"):
        parse_body("#. a\n##. b", Clause(level=2))
    with pytest.raises(MarkupError, match="needs a '#.' item before it"):
        parse_body("##. orphan", Clause(level=1))


def test_table_with_caption_alignment_and_totals():
    text = ": Budget\n| Service | Amount |\n|---|---:|\n| A | £1 |\n| B | £2 |\n|===|===:|\n| Total | £3 |\n"
    clause = parse_body(text, Clause(level=1, title="T"))
    table = clause.blocks[0]
    assert isinstance(table, Table)
    assert table.caption == "Budget"
    assert table.align == ["left", "right"]
    assert len(table.rows) == 3 and table.total_rows == 1


def test_table_row_with_wrong_cell_count_is_located():
    with pytest.raises(MarkupError) as info:
        parse_body("| a | b |\n|---|---|\n| only one |\n", Clause(level=1, title="T"))
    assert info.value.line == 3


def test_notes_become_note_paragraphs():
    clause = parse_body("> Check the figures.", Clause(level=1, title="T"))
    assert clause.blocks == [Paragraph([Text("Check the figures.")], style="note")]


def test_inlines():
    nodes = parse_inlines("**bold** and *it* see [[a.b]] x\\*y\\nz")
    assert nodes[0] == Strong([Text("bold")])
    assert nodes[2] == Emph([Text("it")])
    assert nodes[4] == Ref("a.b")
    assert nodes[5] == Text(" x*y")
    assert isinstance(nodes[6], LineBreak)


def test_unclosed_emphasis_is_an_error():
    with pytest.raises(MarkupError, match="never closed"):
        parse_inlines("**open")


@pytest.mark.parametrize("value", ["**not bold**", "[[not.a.ref]]", "#. not an item", "| not | a table |",
                                   "> not a note", ": not a caption", "a\\b", "line one\nline two", "{{ 7*7 }}"])
def test_escaped_values_read_back_as_themselves(value):
    clause = parse_body("Value: " + escape(value), Clause(level=1))
    assert not clause.children and not clause.blocks
    assert inline_text(clause.text) == "Value: " + value


def test_a_chart_line_that_does_not_read_as_one_is_refused_not_printed():
    # an id printed into the line is escaped for the markup ("risk\_share"), and would print as text
    with pytest.raises(MarkupError, match=r"expected '!chart NAME'"):
        parse_body("#. The chart below.\n\n!chart risk\\_share.first\\_scheme\n", Clause(title="t", level=1), {})
