"""Tests for the HTML writer: structure, escaping, anchors and links, clause numbers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest

from contractgen.transforms import fill_contents
from contractgen.document import (
    Clause,
    Definitions,
    Document,
    Meta,
    Paragraph,
    Part,
    Ref,
    Table,
    TableOfContents,
    Term,
    Text,
)
from contractgen.resources import Resources
from contractgen.writers import html
from tests.sample_document import sample_document

VOID = {"meta", "br", "hr", "img", "link", "input", "col", "area", "base", "wbr", "source"}
HOSTILE = "<img src='file:///etc/passwd'> {{ 7*7 }} http://169.254.169.254/ \"quoted\" & <script>alert(1)</script>"


class _TreeBuilder(HTMLParser):
    """Parses the writer's HTML into an ElementTree, so tests can query elements, not strings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def parse(text: str) -> ET.Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def by_class(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [e for e in root.iter(tag) if css_class in e.get("class", "").split()]


@pytest.fixture(scope="module")
def document() -> Document:
    return sample_document()


@pytest.fixture(scope="module")
def source(document) -> str:
    return html.to_html(document)


@pytest.fixture(scope="module")
def root(source) -> ET.Element:
    return parse(source)


def test_page_is_html5_in_british_english_with_title_and_author(source, root):
    assert source.startswith("<!DOCTYPE html>\n")
    page = root.find("html")
    assert page.get("lang") == "en-GB"
    assert text_of(page.find("head/title")) == ("Multispecialty Community Provider Contract \u2013 "
                                                "Dudley Multispecialty Community Provider")
    metas = {m.get("name"): m.get("content") for m in root.iter("meta") if m.get("name")}
    assert metas["author"] == "contractgen"
    assert metas["description"] == "MCP contract (partially integrated)"


def test_cover_carries_the_running_header_strings(root):
    assert [text_of(e) for e in by_class(root, "p", "draft-marking")] == ["DRAFT 0.3 (working draft)"]
    assert [text_of(e) for e in by_class(root, "p", "doc-title")] == ["Multispecialty Community Provider Contract"]
    assert [text_of(e) for e in by_class(root, "p", "doc-date")] == ["30 June 2017"]


def test_parts_are_h1_and_the_front_matter_has_no_heading(root):
    assert [text_of(h) for h in root.iter("h1")] == ["General Conditions", "Schedule 2: Whole Population Budget"]
    schedule = by_class(root, "section", "part-schedule")
    assert len(schedule) == 1 and schedule[0].find("h1") is not None


def test_level_one_clauses_are_h2_with_their_number(root):
    headings = [text_of(h) for h in root.iter("h2") if h.get("id") != "toc-heading"]
    assert headings == ["1. Definitions", "2. Payment", "1. Budget lines"]


def test_printed_numbers_are_the_model_numbers_in_order(document, root):
    printed = [text_of(span) for span in by_class(root, "span", "num")]
    expected = [c.number + "." if c.level == 1 else c.number for _, c in document.clauses()]
    assert printed == expected == ["1.", "2.", "2.1", "2.1.1", "2.1.2", "2.2", "1.", "1.1"]


def test_untitled_clauses_are_paragraphs_led_by_their_number(root):
    lead = next(p for p in by_class(root, "p", "clause-lead") if p.get("id") == "c-payment-wpb")
    assert lead[0].tag == "span" and lead[0].get("class") == "num"
    assert text_of(lead).startswith("2.1 The Commissioners will pay")
    levels = [e.get("class") for e in root.iter("div") if "clause" in e.get("class", "")]
    assert levels == ["clause level-2", "clause level-3", "clause level-3", "clause level-2", "clause level-2"]


def test_no_css_counters_number_clauses():
    css = Resources().print_css.read_text(encoding="utf-8")
    assert "counter-increment" not in css and "counter-reset" not in css


def test_clause_ids_are_sanitised_and_every_ref_links_to_one(root):
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert {"c-general-definitions", "c-payment", "c-payment-wpb", "c-payment-ips", "c-schedule-wpb-intro"} <= ids
    refs = [(a.get("href"), text_of(a)) for a in root.iter("a") if a.get("class") == "ref"]
    assert refs == [("#c-payment-wpb", "clause 2.1"), ("#c-payment-ips", "clause 2.2")]


def test_contents_links_every_part_heading_and_level_one_clause(root):
    nav = root.find(".//nav")
    assert nav.get("class") == "toc"
    links = [(a.get("href"), text_of(a)) for a in nav.iter("a")]
    assert links == [
        ("#part-2", "General Conditions"),
        ("#c-general-definitions", "1. Definitions"),
        ("#c-payment", "2. Payment"),
        ("#part-3", "Schedule 2: Whole Population Budget"),
        ("#c-schedule-wpb-intro", "1. Budget lines"),
    ]
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert all(href[1:] in ids for href, _ in links)


def test_terms_are_marked_where_defined_and_where_used(root):
    assert [text_of(e) for e in by_class(root, "strong", "term-def")] == ["Contract Year", "Whole Population Budget"]
    assert [text_of(e) for e in by_class(root, "span", "term")] == ["Whole Population Budget", "Contract Year"]
    definitions = [text_of(p) for p in by_class(root, "p", "definition")]
    assert definitions[0] == "Contract Year means each period of 12 months starting on 1 April."


def test_table_has_caption_head_body_alignment_and_bold_totals(root):
    table = root.find(".//table")
    assert text_of(table.find("caption")) == "Whole Population Budget 2018/19"
    header = table.findall("thead/tr/th")
    assert [text_of(th) for th in header] == ["Service", "Commissioner", "Amount"]
    # the amounts column is a column of figures: right-aligned and never wrapped (print.css)
    assert [th.get("class") for th in header] == ["align-left", "align-left", "align-right figures"]
    rows = table.findall("tbody/tr")
    assert len(rows) == 3
    assert [r.get("class") for r in rows] == [None, None, "total"]
    assert rows[0].findall("td")[2].get("class") == "align-right figures"
    widths = [col.get("style") for col in table.findall("colgroup/col")]
    assert len(widths) == 3 and all(w.startswith("width: ") and w.endswith("%") for w in widths)
    assert abs(sum(float(w[7:-1]) for w in widths) - 100) < 0.1


def test_paragraph_styles_become_classes(root):
    assert [text_of(p) for p in by_class(root, "p", "note")] == ["Figures marked illustrative are not sourced."]
    assert len(by_class(root, "p", "centred")) == 2
    assert root.find(".//p[@class='centred']/br") is not None


def _hostile_document() -> Document:
    meta = Meta(doc_type="t", title=HOSTILE, partnership=HOSTILE, version="1<2", status="<b>s</b>",
                date=date(2020, 1, 2), subject=HOSTILE)
    clause = Clause(
        id="x.<y>\"z", title=HOSTILE, number="1",
        text=[Text(HOSTILE), Term(HOSTILE), Term(HOSTILE, defining=True), Ref("x.<y>\"z", HOSTILE)],
        blocks=[
            Definitions(entries=[(HOSTILE, [Text(HOSTILE)])]),
            Table(header=[[Text(HOSTILE)]], rows=[[[Text(HOSTILE)]]], caption=HOSTILE),
            Paragraph([Text(HOSTILE)], style="note"),
        ],
        children=[Clause(level=2, number="1.1", text=[Text(HOSTILE)])],
    )
    return Document(meta=meta, parts=[Part(title=HOSTILE, blocks=[TableOfContents(), clause])])


def test_every_text_is_escaped_and_shows_literally():
    source = html.to_html(_hostile_document())
    root = parse(source)
    assert not list(root.iter("img")) and not list(root.iter("script"))
    assert "<img" not in source and "<script" not in source and "49" not in source
    assert text_of(root.find("html/head/title")) == " ".join(HOSTILE.split())
    body_text = text_of(root.find("html/body"))
    assert body_text.count("<img src='file:///etc/passwd'>") >= 12
    assert "{{ 7*7 }}" in body_text and "http://169.254.169.254/" in body_text
    assert root.find(".//a[@class='ref']").get("href") == "#c-x--y--z"


def test_clashing_sanitised_ids_stay_distinct_and_refs_find_their_own():
    clauses = [Clause(id="a.b", number="1", text=[Ref("a-b", "clause 2")]),
               Clause(id="a-b", number="2", text=[Ref("a.b", "clause 1")])]
    doc = Document(meta=sample_document().meta, parts=[Part(title="P", blocks=clauses)])
    root = parse(html.to_html(doc))
    leads = by_class(root, "p", "clause-lead")
    assert [p.get("id") for p in leads] == ["c-a-b", "c-a-b-2"]
    assert [a.get("href") for a in root.iter("a")] == ["#c-a-b-2", "#c-a-b"]


def test_the_contents_list_each_part_with_its_titled_level_one_clauses_as_the_transform_gives_them():
    toc = TableOfContents()
    doc = Document(meta=sample_document().meta, parts=[
        Part(title="P", blocks=[toc, Clause(number="7", text=[Text("Short.")]),
                                Clause(number="8", title="Payment", text=[Text("Paid monthly.")])])])
    fill_contents(doc)
    root = parse(html.to_html(doc))
    assert [(a.get("href"), text_of(a)) for a in root.find(".//nav").iter("a")] == [
        ("#part-1", "P"), ("#p1-8", "8. Payment")]


def test_unresolved_reference_is_text_not_a_dead_link():
    doc = Document(meta=sample_document().meta,
                   parts=[Part(title="P", blocks=[Clause(number="1", text=[Ref("nowhere", "clause 9")])])])
    root = parse(html.to_html(doc))
    assert not list(root.iter("a"))
    assert text_of(by_class(root, "span", "unresolved")[0]) == "clause 9"


def test_unknown_nodes_and_styles_fail_loudly():
    meta = sample_document().meta
    with pytest.raises(TypeError, match="cannot write a object block"):
        html.to_html(Document(meta=meta, parts=[Part(title="P", blocks=[object()])]))
    with pytest.raises(TypeError, match="cannot write a int inline"):
        html.to_html(Document(meta=meta, parts=[Part(title="P", blocks=[Paragraph([42])])]))
    with pytest.raises(ValueError, match="unknown paragraph style 'shouting'"):
        html.to_html(Document(meta=meta, parts=[Part(title="P", blocks=[Paragraph([], style="shouting")])]))
    with pytest.raises(ValueError, match="has no number"):
        html.to_html(Document(meta=meta, parts=[Part(title="P", blocks=[Clause(title="Unnumbered")])]))


def test_render_gives_utf8_bytes_with_the_print_stylesheet_inlined(document):
    data = html.render(document, Resources())
    assert html.EXTENSION == ".html"
    text = data.decode("utf-8")
    assert "£244,000,000" in text
    style = parse(text).find("html/head/style")
    assert "@page" in style.text and re.search(r"size:\s*A4", style.text)
