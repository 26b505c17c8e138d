"""Placeholders and seams: what the file leaves open is bracketed and highlighted in every format,
an illustrative value never reads as a fact, and assembled text reads as one sentence.

The last tests build every example and every `contractgen init` variant and look for an open value
outside a placeholder and for any seam.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from contractgen.build import assemble_all
from contractgen.document import (Clause, Document, Meta, Paragraph, Part, Placeholder, Strong, Table, Text,
                                  blocks_with_owner, inline_lists, inline_text, walk_inlines)
from contractgen.lint import lint, partnership_names, placeholders
from contractgen.markup import escape, parse_inlines
from contractgen.partnership.load import load
from contractgen.resources import Resources
from contractgen.seams import document_seams, stem_seam, text_seams
from contractgen.starter import Answers, starter
from contractgen.templating import Origin, compile_template, illustrative, render
from contractgen.writers import writer

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
INIT_VARIANTS = [("mcp", "virtual"), ("mcp", "partial"), ("mcp", "full"), ("pacs", "virtual"), ("pacs", "partial")]
# Words that say a value is open; outside a placeholder they would read as the value itself
OPEN_WORDS = re.compile(r"(?i:to be confirmed)|\bTBC\b|\bTBA\b|ILLUSTRATIVE|\[\?")


def _text(template: str, **context) -> str:
    return render(compile_template(template, Origin("test")), context, Origin("test"))


# ---------------------------------------------------------------- the node, the markup, the filters

def test_markup_makes_a_placeholder_and_a_value_can_never_become_one():
    nodes = parse_inlines(r"Address: [?address to be \] confirmed]. **Name [?ILLUSTRATIVE]**")
    assert nodes[1] == Placeholder("address to be ] confirmed") and nodes[2] == Text(". ")
    assert nodes[3] == Strong([Text("Name "), Placeholder("ILLUSTRATIVE")])
    assert parse_inlines(escape("[?not a placeholder]")) == [Text("[?not a placeholder]")]


def test_tbc_gives_a_placeholder_only_where_the_value_is_missing():
    template = "{{ party.address | tbc('address') }}"
    assert parse_inlines(_text(template, party={"name": "X"})) == [Placeholder("address to be confirmed")]
    assert parse_inlines(_text(template, party={"address": "1 High St"})) == [Text("1 High St")]


def test_an_illustrative_value_prints_as_a_placeholder_even_through_a_filter():
    size, amount, when = illustrative(9800), illustrative(Decimal("6000000")), illustrative(date(2016, 6, 1))
    out = _text("{{ s }}; {{ s | number }}; {{ a | money }}; {{ d }}; {{ n }}", s=size, a=amount, d=when,
                n=illustrative("Alfred Squire Road practice"))
    assert parse_inlines(out) == [Placeholder("9800: ILLUSTRATIVE"), Text("; "), Placeholder("9,800: ILLUSTRATIVE"),
                                  Text("; "), Placeholder("£6,000,000: ILLUSTRATIVE"), Text("; "),
                                  Placeholder("1 June 2016: ILLUSTRATIVE"), Text("; "),
                                  Placeholder("Alfred Squire Road practice: ILLUSTRATIVE")]
    # it still compares and adds up as the value it stands for
    assert size == 9800 and size + 200 == 10000 and not isinstance(size + 200, type(size))


def test_join_words_keeps_an_illustrative_item_marked():
    out = _text("{{ names | join_words }}", names=["A Surgery", illustrative("B Surgery")])
    assert parse_inlines(out) == [Text("A Surgery and "), Placeholder("B Surgery: ILLUSTRATIVE")]


def _placeholder_document() -> Document:
    meta = Meta(doc_type="mcp_contract", title="T", partnership="P", version="0.1", status="draft",
                date=date(2018, 1, 1))
    para = Paragraph([Text("Address: "), Placeholder("address to be confirmed"), Text(".")])
    return Document(meta, [Part(title="Body", blocks=[Clause(title="Notices", number="1", blocks=[para])])])


def test_docx_highlights_the_bracketed_run():
    data = writer("docx").render(_placeholder_document(), Resources())
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    run = re.search(r"<w:r>(?:(?!</w:r>).)*\[address to be confirmed\](?:(?!</w:r>).)*</w:r>", xml)
    assert run and '<w:highlight w:val="yellow"/>' in run.group(0)


def test_html_and_markdown_mark_the_placeholder():
    html = writer("html").render(_placeholder_document(), Resources()).decode()
    assert '<mark class="placeholder">[address to be confirmed]</mark>' in html
    assert "mark.placeholder" in html  # styled by the print stylesheet
    md = writer("md").render(_placeholder_document(), Resources()).decode()
    assert r"Address: <mark>\[address to be confirmed\]</mark>." in md


def test_lint_lists_placeholders_apart_from_findings():
    document = _placeholder_document()
    listed = placeholders(document)
    assert [(f.kind, f.message) for f in listed] == [("placeholder", "[address to be confirmed]")]


# ---------------------------------------------------------------- seams, pattern by pattern

@pytest.mark.parametrize("text,expected", [
    ("as a integrated primary and acute care system", '"a integrated"'),
    ("A integrated care system", '"A integrated"'),
    ("an council", '"an council"'),
    ("a NHS trust", '"a NHS"'),
    ("next year's pool.. No Partner may", "a doubled full stop"),
    ("the budget is uplifted each year. as agreed by the board", "a sentence that starts in lower case"),
    ("the Data Protection Act 1998 until 25 May 2018", "until 24 May 2018"),
    ("the Whole Population Budget is uplifted In line with the growth", "a capital in the middle of a sentence"),
])
def test_each_seam_pattern_is_found(text, expected):
    found = list(text_seams(text))
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize("text", [
    "an integrated care system", "an NHS body", "an hour", "a unanimous decision", "a one-year term", "a GP practice",
    "an MCP contract", "an 18-month term", "a European body", "wait... then", "e.g. the Provider", "Part A and Part B",
    "the Data Protection Act 1998 until 24 May 2018", "as long as the Data Subject has been told",
])
def test_good_english_is_not_a_seam(text):
    assert list(text_seams(text)) == []


def test_a_stem_repeated_by_its_items_is_a_seam():
    assert 'ends "to:"' in stem_seam("The Partners intend to work together to:", ["to commission services"])
    assert stem_seam("The Partners intend to work together to:", ["commission services"]) is None
    assert stem_seam("The Provider must:", ["must report monthly"]) is not None


def test_lint_reports_a_seam_in_a_built_clause():
    meta = Meta(doc_type="memorandum_of_understanding", title="T", partnership="P", version="0.1", status="draft",
                date=date(2018, 1, 1))
    stem = Clause(text=[Text("The Partners intend to work together to:")], number="1",
                  children=[Clause(level=2, number="1.1", text=[Text("to commission services.")])])
    document = Document(meta, [Part(title="Body", blocks=[stem])])
    assert [m for m, _ in document_seams(document)] == [
        'the list\'s stem ends "to:" and an item starts "to" again: '
        '"Partners intend to work together to: to commission services."']


# ---------------------------------------------------------------- every example, every init variant

def _open_words_outside_placeholders(document: Document) -> list[str]:
    found = []
    for inlines, owner, _ in inline_lists(document):
        plain = "".join(node.text for node in walk_inlines(inlines) if isinstance(node, Text))
        if OPEN_WORDS.search(plain):
            found.append(f"{owner.number if owner else ''}: {plain[:120]}")
    captions = [block.caption for part in document.parts for block, _ in blocks_with_owner(part.blocks)
                if isinstance(block, Table) and block.caption]
    for text in (document.meta.title, document.meta.subtitle, *captions):
        # plain text (a caption) shows a placeholder bracketed but cannot highlight it
        if "[?" in text or OPEN_WORDS.search(re.sub(r"\[[^\]]*\]", "", text)):
            found.append(text)
    return found


def _check_partnership(path: Path) -> None:
    loaded = load(path)
    built = assemble_all(loaded, Resources())
    names = partnership_names(loaded.partnership)
    for doc_id, assembled in built.documents.items():
        assert _open_words_outside_placeholders(assembled.document) == [], (path.name, doc_id)
        seams = [str(f) for f in lint(assembled, names) if f.kind == "seam"]
        assert seams == [], (path.name, doc_id)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_have_no_unbracketed_placeholder_and_no_seam(path):
    _check_partnership(path)


@pytest.mark.parametrize("model,level", INIT_VARIANTS)
def test_init_variants_have_no_unbracketed_placeholder_and_no_seam(tmp_path, model, level):
    for count in (1, 3):
        target = tmp_path / f"{model}-{level}-{count}.yaml"
        target.write_text(starter(Answers(model, level, "Testville", "NHS Testville CCG", "Testville Community NHS FT",
                                          "Testville Hospitals NHS FT", count)), encoding="utf-8")
        _check_partnership(target)


def test_invented_practices_show_as_illustrative_wherever_they_appear():
    built = assemble_all(load(REPO / "examples" / "wolverhampton.yaml"), Resources())
    schedule = built.documents["integration_agreement"].document
    marks = [n.text for inlines, _, _ in inline_lists(schedule) for n in walk_inlines(inlines)
             if isinstance(n, Placeholder)]
    # the list sizes are illustrative; the practices' ODS codes were never found
    assert {"9,800: ILLUSTRATIVE", "7,400: ILLUSTRATIVE", "5,800: ILLUSTRATIVE"} <= set(marks)
    assert marks.count("ODS code to be confirmed") == 3
    text = "\n".join(inline_text(i) for i, _, _ in inline_lists(schedule))
    assert "TBC-0" not in text and re.search(r"(?<!\[)9,800(?!: ILLUSTRATIVE)", text) is None


def test_one_data_protection_cut_over_in_every_document():
    dates = set()
    for path in EXAMPLES:
        built = assemble_all(load(path), Resources())
        for assembled in built.documents.values():
            for inlines, _, _ in inline_lists(assembled.document):
                dates |= set(re.findall(r"Data Protection Act 1998 until (\d+ \w+ \d{4})", inline_text(inlines)))
    assert dates == {"24 May 2018"}


def test_pdf_shows_the_placeholder_bracketed(tmp_path):
    from test_writer_pdf import pdf_text

    text = pdf_text(writer("pdf").render(_placeholder_document(), Resources()), tmp_path)
    assert "Address: [address to be confirmed]." in " ".join(text.split())


def test_lint_command_lists_open_placeholders_without_failing():
    from click.testing import CliRunner

    from contractgen.cli import main

    result = CliRunner().invoke(main, ["lint", str(REPO / "examples" / "wolverhampton.yaml")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Placeholders still open (for information; they do not fail lint or build --strict):"
    assert any(line.endswith("placeholder: integration_agreement [integration.schedule.practices]: "
                             f"[ODS code to be confirmed] (3 times) (building {REPO / 'examples' / 'wolverhampton.yaml'})")
               for line in lines)
    assert result.stderr.splitlines()[-1].startswith("0 finding(s), ")


def test_values_pasted_into_a_sentence_take_its_case_and_article():
    out = _text("The budget is uplifted {{ u | mid_sentence }}, as {{ m | article }}. {{ c | sentence_start }}.",
                u="In line with the growth in NHS England's allocation",
                m="integrated primary and acute care system", c="costs are shared")
    assert out == ("The budget is uplifted in line with the growth in NHS England's allocation, as an integrated "
                   "primary and acute care system. Costs are shared.")
    assert _text("{{ u | mid_sentence }}", u="NHS England decides") == "NHS England decides"
    assert _text("{{ m | article }}", m="multispecialty community provider") == "a multispecialty community provider"


def test_the_sample_document_holds_every_node_class_and_every_writer_writes_it():
    from contractgen.document import BLOCK_TYPES, INLINE_TYPES
    from sample_document import sample_document

    document = sample_document()
    seen = {type(block) for part in document.parts for block, _ in blocks_with_owner(part.blocks)}
    seen |= {type(node) for inlines, _, _ in inline_lists(document) for node in walk_inlines(inlines)}
    missing = {cls.__name__ for cls in (*INLINE_TYPES, *BLOCK_TYPES)} - {cls.__name__ for cls in seen}
    assert missing == {"Chart"}  # charts have their own sample documents, in test_charts
    for fmt in ("docx", "html", "md"):
        assert writer(fmt).render(document, Resources())
