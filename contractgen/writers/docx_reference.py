"""The reference document: the default one contractgen writes with, and any other made fit to write with.

`default_reference` builds templates/reference.docx from python-docx's default template (Word's
styles, restyled: Arial 11, en-GB, A4) plus the styles and the hidden "contractgen clauses"
numbering list the writer relies on. A legal team restyles a copy in Word or LibreOffice; a
word processor saving it may drop what it thinks unused (LibreOffice drops unused custom styles
and list names), and a document started elsewhere never had them, so `open_reference` adds
whatever is missing, keeping every style the file does define. A file that is not a Word
document at all is refused, naming the file and what to do.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from contractgen.errors import InvalidInput, display_path
from contractgen.writers.docx_numbering import TEMPLATE_LIST
from contractgen.writers.docx_package import stable_zip

A4_WIDTH, A4_HEIGHT, MARGIN = 11906, 16838, 1440
TEXT_WIDTH = A4_WIDTH - 2 * MARGIN
FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans
LANG = "en-GB"
CLAUSE_LIST_NAME = TEMPLATE_LIST
CLAUSE_LIST_LEVELS = 9  # Word always writes nine levels; the model uses the first three
GUTTER = 907  # twips (1.6 cm): where clause text starts, after a level 1 or 2 number
DEEP_GUTTER = 1134  # twips (2 cm): the room for a level 3 number

APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>contractgen</Application><DocSecurity>0</DocSecurity></Properties>"
).encode()


def _style(kind, style_id, name, based=None, nxt=None, ppr="", rpr="", body="", custom=False, priority=None):
    """A w:style element; `body` holds table-style parts that follow rPr."""
    parts = [f'<w:name w:val="{name}"/>']
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if nxt:
        parts.append(f'<w:next w:val="{nxt}"/>')
    if priority is not None:
        parts.append(f'<w:uiPriority w:val="{priority}"/>')
    parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(body)
    custom_attr = ' w:customStyle="1"' if custom else ""
    return parse_xml(
        f'<w:style {nsdecls("w")} w:type="{kind}"{custom_attr} w:styleId="{style_id}">{"".join(parts)}</w:style>'
    )


def _size(points: float) -> str:
    half = int(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


BOLD = "<w:b/><w:bCs/>"
ITALIC = "<w:i/><w:iCs/>"
BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="auto"'
TABLE_BODY = (
    "<w:tblPr><w:tblBorders>"
    + "".join(f"<w:{side} {BORDER}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + "</w:tblBorders><w:tblCellMar>"
    '<w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr>"
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
    '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/></w:tcPr></w:tblStylePr>'
)

# (kind, id, name, basedOn, next, pPr, rPr, extra body, custom, uiPriority)
STYLES = [
    ("paragraph", "Normal", "Normal", None, None, "", "", "", False, 0),
    ("paragraph", "Title", "Title", "Normal", "Normal",
     '<w:spacing w:before="2400" w:after="480"/><w:jc w:val="center"/>', BOLD + _size(20), "", False, 10),
    ("paragraph", "Subtitle", "Subtitle", "Normal", "Normal",
     '<w:spacing w:after="480"/><w:jc w:val="center"/>', _size(14), "", False, 11),
    # the title block: the draft banner (version and status) and the date, under the title and subtitles
    ("paragraph", "DraftBanner", "Draft Banner", "Subtitle", "Normal", '<w:spacing w:before="240" w:after="120"/>',
     BOLD + '<w:color w:val="A00000"/>' + _size(12), "", True, 12),
    ("paragraph", "TitleDate", "Title Date", "Subtitle", "Normal", "", _size(12), "", True, 12),
    ("paragraph", "Heading1", "heading 1", "Normal", "BodyText",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="240"/><w:outlineLvl w:val="0"/>',
     BOLD + _size(14), "", False, 9),
    ("paragraph", "Heading2", "heading 2", "Normal", "BodyText",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/>',
     BOLD + _size(11), "", False, 9),
    ("paragraph", "BodyText", "Body Text", "Normal", None,
     f'<w:spacing w:after="160"/><w:ind w:left="{GUTTER}"/>', "", "", False, 99),
    ("paragraph", "ClauseLevel1", "Clause Level 1", "Normal", None, '<w:spacing w:after="160"/>', "", "", True, 20),
    ("paragraph", "ClauseLevel2", "Clause Level 2", "Normal", None, '<w:spacing w:after="160"/>', "", "", True, 20),
    ("paragraph", "ClauseLevel3", "Clause Level 3", "Normal", None, '<w:spacing w:after="120"/>', "", "", True, 20),
    ("paragraph", "Definition", "Definition", "BodyText", None, "", "", "", True, 20),
    ("paragraph", "Note", "Note", "BodyText", None, '<w:spacing w:before="120"/>', ITALIC, "", True, 20),
    ("paragraph", "Centred", "Centred", "BodyText", None, '<w:ind w:left="0"/><w:jc w:val="center"/>', "", "", True, 20),
    ("paragraph", "Signature", "Signature", "BodyText", None,
     '<w:keepLines/><w:spacing w:before="360"/><w:ind w:left="0"/>', "", "", True, 20),
    ("paragraph", "Caption", "caption", "Normal", None,
     f'<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:ind w:left="{GUTTER}"/>', BOLD + _size(10), "", False, 35),
    ("paragraph", "Header", "header", "Normal", None,
     f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
     _size(9), "", False, 99),
    ("paragraph", "Footer", "footer", "Normal", None,
     '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>', _size(9), "", False, 99),
    ("paragraph", "TOCHeading", "TOC Heading", "Heading1", "Normal", '<w:outlineLvl w:val="9"/>', "", "", False, 39),
    ("paragraph", "TOC1", "toc 1", "Normal", "Normal",
     f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs><w:spacing w:before="120" w:after="60"/>',
     BOLD, "", False, 39),
    ("paragraph", "TOC2", "toc 2", "Normal", "Normal",
     f'<w:tabs><w:tab w:val="left" w:pos="940"/><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
     '<w:spacing w:after="60"/><w:ind w:left="940" w:hanging="720"/>', "", "", False, 39),
    # In-use terms are plain and defining ones bold; two styles so either can be restyled alone.
    ("character", "DefinedTerm", "Defined Term", "DefaultParagraphFont", None, "", "", "", True, 20),
    ("character", "DefiningTerm", "Defining Term", "DefinedTerm", None, "", BOLD, "", True, 20),
    ("character", "ClauseHeading", "Clause Heading", "DefaultParagraphFont", None, "", BOLD, "", True, 20),
    # 9.5 pt as in the PDF: contractgen/table_layout.py measures columns at that size
    ("table", "ContractTable", "Contract Table", "TableNormal", None,
     '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>', _size(9.5), TABLE_BODY, True, 59),
    # Word's own comment styles, which python-docx's comments name: a package that names a style
    # it does not define is one Word may offer to repair
    ("paragraph", "CommentText", "annotation text", "Normal", None,
     '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', _size(10), "", False, 99),
    ("paragraph", "CommentSubject", "annotation subject", "CommentText", "CommentText", "", BOLD, "", False, 99),
    ("character", "CommentReference", "annotation reference", "DefaultParagraphFont", None, "", _size(8), "", False, 99),
]


def _set_defaults(styles) -> None:
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(defaults, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
        f'{_size(11)}<w:lang w:val="{LANG}" w:eastAsia="{LANG}" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="160" w:line="264" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    ))


def _restyle(doc) -> None:
    styles = doc.styles.element
    _set_defaults(styles)
    # Theme fonts would override the Arial default; rsids are editing-session noise.
    for element in list(styles.iter(qn("w:rFonts"), qn("w:rsid"))):
        if element.getparent().getparent().tag != qn("w:rPrDefault"):
            element.getparent().remove(element)
    for spec in STYLES:
        new = _style(*spec)
        old = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{spec[1]}']")
        if old is not None:
            styles.replace(old, new)
        else:
            styles.append(new)


def _clause_list(abstract_id: int):
    levels = []
    for ilvl in range(CLAUSE_LIST_LEVELS):
        text = "%1." if ilvl == 0 else ".".join(f"%{k}" for k in range(1, ilvl + 2))
        # as in the PDF: the gutter fits "GC17.10" at levels 1 and 2, "SC10.12.3" at level 3
        hanging = GUTTER if ilvl < 2 else DEEP_GUTTER
        left = GUTTER if ilvl < 2 else GUTTER + DEEP_GUTTER
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
            f'<w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
        )
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:nsid w:val="0C6E0001"/>'
        f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{CLAUSE_LIST_NAME}"/>{"".join(levels)}</w:abstractNum>'
    )


def _add_clause_list(doc) -> None:
    numbering = doc.part.numbering_part.element
    abstracts = numbering.findall(qn("w:abstractNum"))
    next_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=-1)
    new = _clause_list(next_id)
    if abstracts:
        abstracts[-1].addnext(new)
    else:
        numbering.insert(0, new)


def _clean_settings(doc) -> None:
    settings = doc.settings.element
    for tag in ("w:rsids", "w:proofState", "w14:docId", "w:attachedTemplate"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), LANG)


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(A4_WIDTH), Twips(A4_HEIGHT)
    for side in ("left", "right", "top", "bottom"):
        setattr(section, f"{side}_margin", Twips(MARGIN))
    section.header_distance = section.footer_distance = Twips(709)
    for name in list(section._sectPr.attrib):
        if "rsid" in name:
            del section._sectPr.attrib[name]


def _drop_parts(doc) -> None:
    """Drop what would mislead: the Word 2010 style copy, the sample bibliography and the thumbnail."""
    package = doc.part.package
    for part, reltypes in (
        (doc.part, (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")),
        (package, (RT.THUMBNAIL,)),
    ):
        for rid, rel in list(part.rels.items()):
            if rel.reltype in reltypes:
                del part.rels[rid]
    package.part_related_by(RT.EXTENDED_PROPERTIES)._blob = APP_XML


def _set_properties(doc) -> None:
    props = doc.core_properties
    props.title = "contractgen reference document"
    props.subject = props.keywords = props.comments = props.category = ""
    props.author = props.last_modified_by = "contractgen"
    props.language = LANG
    props.revision = 1
    props.created = props.modified = datetime(2000, 1, 1, tzinfo=timezone.utc)


def default_reference() -> bytes:
    """The default reference document: byte-identical run to run."""
    doc = docx.Document()
    _drop_parts(doc)
    _restyle(doc)
    _add_clause_list(doc)
    _clean_settings(doc)
    _page_setup(doc)
    _set_properties(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue())


# ------------------------------------------------------------------ any reference document

_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_STYLES_REL = "/relationships/styles"
DEFAULT_HINT = "the default one that 'contractgen reference-docx FILE' writes"


def check_reference(path: Path) -> None:
    """Refuse a file that is not a Word document with a styles part (InvalidInput, exit 2)."""
    name = display_path(path)
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                problem = "a zip package with no word/document.xml in it"
            else:
                rels = (ElementTree.fromstring(package.read("word/_rels/document.xml.rels"))
                        if "word/_rels/document.xml.rels" in names else None)
                targets = [posixpath.normpath(posixpath.join("word", r.get("Target", "")))
                           for r in (rels.iter(_RELS) if rels is not None else ())
                           if r.get("Type", "").endswith(_STYLES_REL)]
                problem = None if any(t in names for t in targets) else "a Word document with no styles part"
    except (zipfile.BadZipFile, ElementTree.ParseError) as exc:
        problem = f"a file that is not a Word package ({exc})"
    except OSError as exc:
        problem = f"a file that cannot be read ({exc.strerror or exc})"
    if problem:
        raise InvalidInput(f"{name}: expected a Word document (.docx) to take styles from, got {problem}; "
                           f"save it from Word or LibreOffice as .docx, or start again from {DEFAULT_HINT}")


def open_reference(path: Path):
    """The reference document at `path`, opened with python-docx, with whatever the writer needs added."""
    check_reference(path)
    try:
        doc = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a damaged part; all mean the same to the user
        name = display_path(path)
        raise InvalidInput(f"{name}: expected a Word document (.docx) to take styles from, got one python-docx "
                           f"cannot read ({type(exc).__name__}: {exc}); save it again from Word or LibreOffice "
                           f"as .docx, or start again from {DEFAULT_HINT}") from None
    _drop_misnamed_core_properties(doc)
    complete(doc)
    return doc


def _drop_misnamed_core_properties(doc) -> None:
    """LibreOffice relates its core properties with an old relationship type python-docx does not
    know; python-docx then adds a second docProps/core.xml and the saved zip holds the name twice.
    The writer sets every core property itself, so the old part is dropped."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/core-properties") and rel.reltype != RT.CORE_PROPERTIES:
            del package.rels[rid]


def complete(doc) -> None:
    """Add the styles and the clause list the writer needs where the document lacks them."""
    styles = doc.styles.element
    by_name: dict[str, object] = {}
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            by_name.setdefault(name.get(qn("w:val")), style)
    folded: dict[str, object] = {}
    for name, style in by_name.items():
        folded.setdefault(name.casefold(), style)
    ids = {style.get(qn("w:styleId")) for style in styles.findall(qn("w:style"))}
    our_names = {spec[1]: spec[2] for spec in STYLES}
    for spec in STYLES:
        kind, style_id, name = spec[:3]
        if name in by_name:
            continue
        same = folded.get(name.casefold())
        if same is not None and same.get(qn("w:type")) == kind:
            # Word's built-in names are lower case ("heading 1"); LibreOffice writes "Heading 1":
            # the same style, which python-docx only finds under Word's spelling
            same.find(qn("w:name")).set(qn("w:val"), name)
            by_name[name] = same
            continue
        new = _style(*spec)
        if style_id in ids:  # the id is taken by another style: ours gets one of its own
            new.set(qn("w:styleId"), f"Contractgen{style_id}")
        for link in (new.find(qn("w:basedOn")), new.find(qn("w:next"))):
            # a style ours is based on may have another id here (LibreOffice's Body Text is "TextBody")
            target = by_name.get(our_names.get(link.get(qn("w:val")))) if link is not None else None
            if target is not None:
                link.set(qn("w:val"), target.get(qn("w:styleId")))
        ids.add(new.get(qn("w:styleId")))
        by_name[name] = new
        styles.append(new)
    numbering = doc.part.numbering_part.element  # python-docx adds an empty numbering part when there is none
    for abstract in numbering.findall(qn("w:abstractNum")):
        name = abstract.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) == TEMPLATE_LIST:
            return
    _add_clause_list(doc)
