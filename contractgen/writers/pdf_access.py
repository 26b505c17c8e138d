"""Finish WeasyPrint's tagged PDF for PDF/UA-1: the tags WeasyPrint 70 leaves out, added with pikepdf.

WeasyPrint 70 tags the page content, but (a) marks the text of @page margin boxes (the running
header and "Page X of Y") as /Span content whose structure elements hang outside the tree, where
PDF/UA-1 wants artifacts (it can only put them in the tree as artifacts in PDF 2.0); (b) gives
header cells an /ID and data cells /Headers, but no /Scope; (c) tags a caption left at the foot of
a page, its rows on the next, as a table of its own; (d) describes every internal link by its
anchor id ("c-mcp-gc-risk_share-baseline"). Each pass below mends one of these in the finished
file. pikepdf (qpdf) reads and writes the objects; the content streams, which WeasyPrint writes
one operator a line, are re-marked with a regular expression. With a /ID computed from the
content, the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Iterator, Mapping

import pikepdf
from pikepdf import Array, Dictionary, Name, String


def finish(pdf_bytes: bytes, link_descriptions: Mapping[str, str]) -> bytes:
    """The PDF with margin boxes as artifacts, /Scope on header cells and links described by
    `link_descriptions` (anchor name -> "clause 3.2 (Baseline)"); byte-identical for the same input."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            tree = list(_preorder(root))
            margin_boxes_as_artifacts(pdf, root, tree)
            join_captions_to_tables(tree)
            scope_header_cells(tree)
        describe_links(pdf, link_descriptions)
        out = io.BytesIO()
        # deterministic_id: the /ID is a hash of the content, not of the time of writing
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _preorder(root: Dictionary) -> Iterator[tuple[Dictionary, Dictionary]]:
    """Every structure element under `root` with its parent, in document order."""
    stack = [(kid, root) for kid in reversed(_kids(root))]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend((kid, node) for kid in reversed(_kids(node)))


def _kids(node: Dictionary) -> list[Dictionary]:
    """The structure elements directly under `node` (not MCIDs or object references)."""
    kids = node.get("/K")
    items = list(kids) if isinstance(kids, Array) else [kids]
    return [kid for kid in items if isinstance(kid, Dictionary) and "/S" in kid]


# ---------------------------------------------------------------- margin boxes

# how WeasyPrint opens a tagged sequence: "/Span\n<</MCID 104>>\nBDC"
_MARKED = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def margin_boxes_as_artifacts(pdf: pikepdf.Pdf, root: Dictionary, tree: list[tuple[Dictionary, Dictionary]]) -> int:
    """Re-mark content whose structure element is outside the structure tree (WeasyPrint's
    margin boxes) as a header or footer artifact, and drop it from the parent tree.

    Returns how many marked-content sequences became artifacts.
    """
    in_tree = {element.objgen for element, _ in tree}
    parent_tree = _number_tree(root.ParentTree)
    changed = 0
    for index, page in enumerate(pdf.pages):
        mcids = parent_tree.get(int(page.obj.get("/StructParents", index)))
        if not isinstance(mcids, Array):
            continue
        orphans = {mcid for mcid, element in enumerate(mcids)
                   if isinstance(element, Dictionary) and element.objgen not in in_tree}
        if not orphans:
            continue
        changed += _remark(pdf, page, _at_top(page, orphans))
        for mcid in orphans:
            # null: no structure element for this MCID (PDF 1.7, 14.7.4.4); the content is an artifact now
            mcids[mcid] = None
    return changed


# the operators that move the origin or open a tagged sequence, one per line as WeasyPrint writes them
_PLACING = re.compile(rb"^(?:(q)|(Q)|([-+.\d ]+) (cm|Tm)|<<\s*/MCID\s+(\d+)\s*>>)\s*$", re.M)


def _at_top(page: pikepdf.Page, mcids: set[int]) -> dict[int, bool]:
    """For each of `mcids`, whether its text starts in the top half of the page (a header, not a footer)."""
    bottom = float(page.mediabox[1])
    middle = bottom + (float(page.mediabox[3]) - bottom) / 2
    ctm = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
    found: dict[int, bool] = {}
    current: int | None = None
    # a regular expression over the lines rather than qpdf's parser: pages have thousands of tagged
    # spans, and building a Python object for each operator took most of a second for 30 pages
    for push, pop, numbers, operator, mcid in _PLACING.findall(_content(page)):
        if push:
            ctm.append(ctm[-1])
        elif pop:
            if len(ctm) > 1:
                ctm.pop()
        elif mcid:
            current = int(mcid) if int(mcid) in mcids else None
        elif operator == b"cm":
            ctm[-1] = _multiply(tuple(float(v) for v in numbers.split()), ctm[-1])
        elif current is not None and current not in found:  # Tm: where the text starts
            _a, _b, _c, _d, x, y = (float(v) for v in numbers.split())
            _a, b, _c, d, _e, f = ctm[-1]
            found[current] = b * x + d * y + f > middle  # in default user space, y upwards
    return {mcid: found.get(mcid, False) for mcid in mcids}


def _content(page: pikepdf.Page) -> bytes:
    contents = page.obj.Contents
    if isinstance(contents, pikepdf.Stream):
        return contents.read_bytes()
    return b"\n".join(stream.read_bytes() for stream in contents)


def _remark(pdf: pikepdf.Pdf, page: pikepdf.Page, top: dict[int, bool]) -> int:
    """Rewrite `page`'s content so the sequences with the MCIDs in `top` open as artifacts."""
    done: set[int] = set()

    def artifact(match: re.Match) -> bytes:
        mcid = int(match.group(1))
        if mcid not in top:
            return match.group(0)
        done.add(mcid)
        return b"/Artifact <</Type /Pagination /Subtype /%s>> BDC" % (b"Header" if top[mcid] else b"Footer")

    content = _MARKED.sub(artifact, _content(page))
    if done != set(top):
        # a sequence opened in a way this pass does not know: refuse rather than leave a dangling MCID
        raise ValueError(f"page {page.index + 1}: could not re-mark marked content {sorted(set(top) - done)}")
    page.obj.Contents = pdf.make_stream(content)
    return len(done)


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m × n for PDF matrices [a b c d e f] (cm prepends its matrix to the CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _number_tree(node: Dictionary) -> dict[int, pikepdf.Object]:
    """A number tree's entries, from /Nums and any /Kids."""
    entries: dict[int, pikepdf.Object] = {}
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for i in range(0, len(nums) - 1, 2):
            entries[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", Array()):
        entries.update(_number_tree(kid))
    return entries


# ---------------------------------------------------------------- table captions

def join_captions_to_tables(tree: list[tuple[Dictionary, Dictionary]]) -> int:
    """Move a caption that WeasyPrint tagged as a table of its own (the caption at the foot of one
    page, the rows on the next) into the table that follows it. Returns how many tables were joined."""
    tables = [(element, parent) for element, parent in tree if element.get("/S") == Name.Table]
    joined = 0
    for position, (table, parent) in enumerate(tables):
        captions = _kids(table)
        if _has_rows(table) or not captions or any(kid.get("/S") != Name.Caption for kid in captions):
            continue
        following = next((candidate for candidate, _ in tables[position + 1:] if _has_rows(candidate)), None)
        if following is None:
            continue
        for caption in captions:
            caption.P = following
        kids = following.K if isinstance(following.K, Array) else Array([following.K])
        following.K = Array(list(captions) + list(kids))
        parent.K = Array([kid for kid in parent.K if not (isinstance(kid, Dictionary) and kid.objgen == table.objgen)])
        joined += 1
    return joined


def _has_rows(table: Dictionary) -> bool:
    return any(kid.get("/S") == Name.TR or (kid.get("/S") in (Name.THead, Name.TBody, Name.TFoot) and _has_rows(kid))
               for kid in _kids(table))


# ---------------------------------------------------------------- table header cells

def scope_header_cells(tree: list[tuple[Dictionary, Dictionary]]) -> int:
    """Give every /TH a /Scope: /Row when a data cell of its own row lists it in /Headers
    (WeasyPrint's reading of scope="row"), /Column otherwise. Returns how many were set."""
    count = 0
    for row, _ in tree:
        if row.get("/S") != Name.TR:
            continue
        cells = [kid for kid in _kids(row) if kid.get("/S") in (Name.TH, Name.TD)]
        cited_in_row = {str(header) for cell in cells if cell.get("/S") == Name.TD
                        for attributes in _attribute_dicts(cell) for header in attributes.get("/Headers", Array())}
        for cell in cells:
            if cell.get("/S") != Name.TH:
                continue
            scope = Name.Row if str(cell.get("/ID", "")) in cited_in_row else Name.Column
            table_attributes = [a for a in _attribute_dicts(cell) if a.get("/O") == Name.Table]
            if table_attributes:
                table_attributes[0].Scope = scope
            else:
                cell.A = Dictionary(O=Name.Table, Scope=scope)
            count += 1
    return count


def _attribute_dicts(element: Dictionary) -> list[Dictionary]:
    attributes = element.get("/A")
    if isinstance(attributes, Dictionary):
        return [attributes]
    if isinstance(attributes, Array):
        return [a for a in attributes if isinstance(a, Dictionary)]
    return []


# ---------------------------------------------------------------- links

def describe_links(pdf: pikepdf.Pdf, descriptions: Mapping[str, str]) -> int:
    """Set each internal link's /Contents to the description of its destination. Returns how many."""
    count = 0
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            if annotation.get("/Subtype") != Name.Link:
                continue
            destination = annotation.get("/Dest")
            if isinstance(destination, String) and str(destination) in descriptions:
                annotation.Contents = String(descriptions[str(destination)])
                count += 1
    return count
