"""The table of contents is made once, by a transform, and every format lists the same entries."""

import re
import subprocess
import zipfile

from lxml import etree

from contractgen.document import TableOfContents

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _model_entries(document) -> list[str]:
    toc = next(b for p in document.parts for b in p.blocks if isinstance(b, TableOfContents))
    return [f"{e.number}. {e.title}" if e.number else e.title for e in toc.entries]


def _docx_entries(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    styles = {"TOC1", "TOC2"}
    out = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in styles:
            out.append("".join(" " if t.tag == f"{W}tab" else t.text or "" for t in p.iter(f"{W}t", f"{W}tab")))
    return out


def test_docx_pdf_and_markdown_list_the_contents_the_transform_made(built_examples, assembled_examples):
    document = assembled_examples["dudley"].documents["mcp_contract"].document
    expected = _model_entries(document)
    assert "Particulars" in expected and any(re.match(r"^GC\d+\. ", e) for e in expected)
    assert all(not e[0].isdigit() or ". " in e for e in expected)

    folder = built_examples / "dudley"
    assert _docx_entries(folder / "mcp_contract.docx") == expected

    markdown = (folder / "mcp_contract.md").read_text(encoding="utf-8")
    listed = re.findall(r"^ *- (.+)$", markdown.split("**Contents**", 1)[1].split("\n\n", 2)[1], re.M)
    assert [e.replace("\\.", ".").replace("\\", "") for e in listed] == expected

    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "4", str(folder / "mcp_contract.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    position = 0
    for entry in expected:  # in order, each once, in the contents pages
        found = flat.find(" ".join(entry.split()), position)
        assert found >= 0, entry
        position = found + 1
