"""Finish WeasyPrint's tagged PDF for PDF/UA-1: the tags WeasyPrint 70 leaves out, added with pikepdf.

WeasyPrint 70 tags the page content but (a) marks the text of @page margin boxes (the running
header and "Page X of Y") as /Span content whose structure elements hang outside the tree,
where PDF/UA-1 wants artifacts; (b) gives header cells an /ID and data cells /Headers, but no
/Scope; (c) describes every internal link by its anchor id ("c-mcp-gc-risk_share-baseline").
Each pass below mends one of these in the finished file. pikepdf (qpdf) is used rather than
hand-parsing: it reads and rewrites content streams and object graphs reliably, and with a
deterministic /ID the same input gives the same bytes.
"""

from __future__ import annotations

import io
from typing import Iterator, Mapping

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, String

# PDF 1.7 (14.8.2.2): running heads and page numbers are pagination artifacts
HEADER = Dictionary(Type=Name.Pagination, Subtype=Name.Header)
FOOTER = Dictionary(Type=Name.Pagination, Subtype=Name.Footer)


def finish(pdf_bytes: bytes, link_descriptions: Mapping[str, str]) -> bytes:
    """The PDF with margin boxes as artifacts, /Scope on header cells and links described by
    `link_descriptions` (anchor name -> "clause 3.2 (Baseline)"); byte-identical for the same input."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        margin_boxes_as_artifacts(pdf)
        join_captions_to_tables(pdf)
        scope_header_cells(pdf)
        describe_links(pdf, link_descriptions)
        out = io.BytesIO()
        # deterministic_id: the /ID is a hash of the content, not of the time of writing
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


# ---------------------------------------------------------------- margin boxes

def margin_boxes_as_artifacts(pdf: pikepdf.Pdf) -> int:
    """Re-mark content whose structure element is outside the structure tree (WeasyPrint's
    margin boxes) as a header or footer artifact, and drop it from the parent tree.

    Returns how many marked-content sequences became artifacts.
    """
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    in_tree = _reachable(root)
    parent_tree = _number_tree(root.ParentTree)
    changed = 0
    for index, page in enumerate(pdf.pages):
        struct_parents = page.obj.get("/StructParents", index)
        mcids = parent_tree.get(int(struct_parents))
        if not isinstance(mcids, Array):
            continue
        orphans = {mcid for mcid, element in enumerate(mcids)
                   if isinstance(element, Dictionary) and element.objgen not in in_tree}
        if not orphans:
            continue
        changed += _remark(pdf, page, orphans)
        for mcid in orphans:
            # null: "no structure element" for this MCID (PDF 1.7, 14.7.4.4); the content is an artifact now
            mcids[mcid] = None
    return changed


def _remark(pdf: pikepdf.Pdf, page: pikepdf.Page, orphans: set[int]) -> int:
    """Rewrite `page`'s content so the sequences with MCIDs in `orphans` are artifacts."""
    bottom = float(page.mediabox[1])
    height = float(page.mediabox[3]) - bottom
    instructions = list(pikepdf.parse_content_stream(page))
    ctm_stack = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
    open_at: int | None = None  # the index of the BDC of the orphan sequence being read
    depth = 0
    top: bool | None = None  # whether the sequence's text starts in the top half of the page
    changed = 0
    for position, (operands, operator) in enumerate(instructions):
        op = str(operator)
        if op == "q":
            ctm_stack.append(ctm_stack[-1])
        elif op == "Q" and len(ctm_stack) > 1:
            ctm_stack.pop()
        elif op == "cm":
            ctm_stack[-1] = _multiply(tuple(float(v) for v in operands), ctm_stack[-1])
        elif op in ("BDC", "BMC"):
            if open_at is not None:
                depth += 1
            elif op == "BDC" and isinstance(operands[1], Dictionary) and int(operands[1].get("/MCID", -1)) in orphans:
                open_at, depth, top = position, 0, None
        elif op == "EMC" and open_at is not None:
            if depth:
                depth -= 1
                continue
            kind = HEADER if top else FOOTER
            instructions[open_at] = pikepdf.ContentStreamInstruction([Name.Artifact, kind], Operator("BDC"))
            changed += 1
            open_at = None
        elif op == "Tm" and open_at is not None and top is None:
            # where the text starts, in default user space (y upwards)
            _a, b, _c, d, _e, f = ctm_stack[-1]
            x, y = float(operands[4]), float(operands[5])
            top = b * x + d * y + f > bottom + height / 2
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    return changed


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m × n for PDF matrices [a b c d e f] (cm prepends its matrix to the CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _reachable(root: Dictionary) -> set[tuple[int, int]]:
    """The object ids of every structure element in the tree under `root`."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary) or (node.is_indirect and node.objgen in seen):
            continue
        if node.is_indirect:
            seen.add(node.objgen)
        kids = node.get("/K")
        if isinstance(kids, Array):
            stack.extend(kids)
        elif isinstance(kids, Dictionary):
            stack.append(kids)
    return seen


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

def join_captions_to_tables(pdf: pikepdf.Pdf) -> int:
    """Move a caption that WeasyPrint tagged as a table of its own (the caption at the foot of one
    page, the rows on the next) into the table that follows it. Returns how many tables were joined."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    order = list(_preorder(root))
    joined = 0
    for position, (element, parent) in enumerate(order):
        if element.get("/S") != Name.Table or _has_rows(element):
            continue
        captions = _kids(element)
        if not captions or any(kid.get("/S") != Name.Caption for kid in captions):
            continue
        following = next((candidate for candidate, _ in order[position + 1:]
                          if candidate.get("/S") == Name.Table and _has_rows(candidate)), None)
        if following is None:
            continue
        for caption in captions:
            caption.P = following
        kids = following.K if isinstance(following.K, Array) else Array([following.K])
        following.K = Array(list(captions) + list(kids))
        parent.K = Array([kid for kid in parent.K if not (isinstance(kid, Dictionary) and kid.objgen == element.objgen)])
        joined += 1
    return joined


def _preorder(root: Dictionary) -> Iterator[tuple[Dictionary, Dictionary]]:
    """Every structure element under `root` with its parent, in document order."""
    stack = [(kid, root) for kid in reversed(_kids(root))]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend((kid, node) for kid in reversed(_kids(node)))


def _has_rows(table: Dictionary) -> bool:
    return any(kid.get("/S") == Name.TR or (kid.get("/S") in (Name.THead, Name.TBody, Name.TFoot) and _has_rows(kid))
               for kid in _kids(table))


# ---------------------------------------------------------------- table header cells

def scope_header_cells(pdf: pikepdf.Pdf) -> int:
    """Give every /TH a /Scope: /Row when a data cell of its own row lists it in /Headers
    (WeasyPrint's reading of scope="row"), /Column otherwise. Returns how many were set."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    count = 0
    for row in _elements(root, "/TR"):
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


def _elements(root: Dictionary, role: str) -> Iterator[Dictionary]:
    stack = list(_kids(root))
    while stack:
        node = stack.pop()
        if node.get("/S") == Name(role):
            yield node
        stack.extend(_kids(node))


def _kids(node: Dictionary) -> list[Dictionary]:
    """The structure elements directly under `node` (not MCIDs or object references)."""
    kids = node.get("/K")
    items = list(kids) if isinstance(kids, Array) else [kids]
    return [kid for kid in items if isinstance(kid, Dictionary) and kid.get("/Type", Name.StructElem) == Name.StructElem
            and "/S" in kid]


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
