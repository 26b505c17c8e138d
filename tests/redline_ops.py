"""Accept or reject every tracked change of a DOCX, as Word does, and read what is left as plain text.

accept_all: insertions kept (unwrapped), deletions dropped, a paragraph whose mark is deleted joined
to the next one, deleted table rows removed. reject_all: the reverse. `blocks` gives the body as a
list of paragraphs and tables, to compare with a DOCX built normally.
"""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def document_xml(docx: bytes):
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _resolve(root, keep: str, drop: str):
    root = copy.deepcopy(root)
    body = root.find(w("body"))
    if body is None:  # a header or footer part
        body = root
    # rows: a row inserted (or deleted) goes with the change it belongs to
    for tr in list(body.iter(w("tr"))):
        tr_pr = tr.find(w("trPr"))
        if tr_pr is None:
            continue
        if tr_pr.find(w(drop)) is not None:
            tr.getparent().remove(tr)
        for mark in tr_pr.findall(w(keep)):
            tr_pr.remove(mark)
    for tbl in list(body.iter(w("tbl"))):
        if tbl.find(w("tr")) is None:
            tbl.getparent().remove(tbl)
    # runs: inside a paragraph, a w:ins or w:del around runs
    for element in list(root.iter(w(drop))):
        if element.getparent().tag != w("rPr") and element.getparent().tag != w("trPr"):
            element.getparent().remove(element)
    for element in list(root.iter(w(keep))):
        parent = element.getparent()
        if parent.tag in (w("rPr"), w("trPr")):
            continue
        index = parent.index(element)
        for child in list(element):
            parent.insert(index, child)
            index += 1
        parent.remove(element)
    for old, new in (("delText", "t"), ("delInstrText", "instrText")):
        for element in list(root.iter(w(old))):
            element.tag = w(new)
    # paragraph marks: a kept change is no longer a change; a dropped one joins the paragraph to the next
    for p in list(root.iter(w("p"))):
        r_pr = p.find(f"{w('pPr')}/{w('rPr')}")
        if r_pr is None:
            continue
        for mark in r_pr.findall(w(keep)):
            r_pr.remove(mark)
        if r_pr.find(w(drop)) is None:
            continue
        following = p.getnext()
        content = [c for c in p if c.tag != w("pPr")]
        if following is not None and following.tag == w("p"):
            at = 1 if following.find(w("pPr")) is not None else 0
            for child in content:
                following.insert(at, child)
                at += 1
        p.getparent().remove(p)
    return root


def accept_all(root):
    return _resolve(root, keep="ins", drop="del")


def reject_all(root):
    return _resolve(root, keep="del", drop="ins")


def segments(p) -> list[tuple[str, str]]:
    """A paragraph's text as ("equal" | "ins" | "del", text) pieces in reading order, neighbours of a kind joined."""
    out: list[tuple[str, str]] = []
    for node in p.iter(w("t"), w("delText")):
        kind = "equal"
        for ancestor in node.iterancestors():
            if ancestor.tag in (w("ins"), w("del")):
                kind = ancestor.tag.split("}")[1]
                break
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + (node.text or ""))
        else:
            out.append((kind, node.text or ""))
    return out


def stories(docx: bytes) -> list:
    """The header and footer parts, in name order."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        names = sorted(n for n in package.namelist() if n.startswith(("word/header", "word/footer")))
        return [etree.fromstring(package.read(n)) for n in names]


def changes(root) -> int:
    """How many w:ins and w:del elements the document holds."""
    return sum(1 for _ in root.iter(w("ins"))) + sum(1 for _ in root.iter(w("del")))


def text(element) -> str:
    out = []
    for node in element.iter():
        if node.tag == w("t"):
            out.append(node.text or "")
        elif node.tag == w("tab") and node.getparent().tag != w("tabs"):  # not a tab stop's definition
            out.append("\t")
        elif node.tag in (w("br"), w("cr")):
            out.append("\n")
        elif node.tag == w("delText"):
            raise AssertionError("deleted text left after accepting or rejecting")
    return "".join(out)


def blocks(root) -> list:
    """The body as ("p", style, text) and ("table", rows of cell texts), in order."""
    out: list = []
    for child in root.find(w("body")):
        if child.tag == w("p"):
            style = child.find(f"{w('pPr')}/{w('pStyle')}")
            out.append(("p", style.get(w("val")) if style is not None else None, text(child)))
        elif child.tag == w("tbl"):
            out.append(("table", [[text(tc) for tc in tr.findall(w("tc"))] for tr in child.findall(w("tr"))]))
    return out


def numbering(root) -> list[tuple[int, int, str]]:
    """The numbered paragraphs as (list, level, text): lists counted in order of first use, so
    two files whose w:num ids differ but which number alike compare equal."""
    lists: dict[str, int] = {}
    out = []
    for p in root.find(w("body")).iter(w("p")):
        num_pr = p.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is None:
            continue
        num_id = num_pr.find(w("numId")).get(w("val"))
        level = int(num_pr.find(w("ilvl")).get(w("val")))
        out.append((lists.setdefault(num_id, len(lists)), level, text(p)))
    return out
