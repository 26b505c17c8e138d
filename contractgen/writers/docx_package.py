"""Package-level parts of the DOCX: document properties, settings, language and a byte-stable zip."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time, timezone
from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from contractgen.document import Meta

# Children of w:settings that the schema puts after w:updateFields.
_AFTER_UPDATE_FIELDS = tuple(
    qn(tag)
    for tag in (
        "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
        "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
        "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
        "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
    )
)
_AFTER_THEME_FONT_LANG = _AFTER_UPDATE_FIELDS[_AFTER_UPDATE_FIELDS.index(qn("w:themeFontLang")) + 1:]
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the fixed id of user-defined properties


def insert_in_schema_order(parent, element, followers: tuple[str, ...]) -> None:
    """Put `element` into `parent` before the first child the schema orders after it (`followers`,
    Clark-notation tags), or last when there is none: Word rejects children out of order."""
    follower = next((child for child in parent if child.tag in followers), None)
    if follower is not None:
        follower.addprevious(element)
    else:
        parent.append(element)


def set_core_properties(doc, meta: Meta) -> None:
    props = doc.core_properties
    stamp = datetime.combine(meta.date, time(0, 0), tzinfo=timezone.utc)
    props.title = meta.title
    props.subject = meta.subject or meta.subtitle
    props.keywords = "; ".join(word for word in (meta.doc_type, meta.partnership) if word)
    props.category = meta.doc_type
    props.comments = meta.draft_marking
    props.content_status = meta.status
    props.language = meta.lang
    props.author = props.last_modified_by = "contractgen"
    props.version = meta.version
    props.revision = 1
    props.created = props.modified = stamp


PROPERTY_VALUE_MAX = 255  # Word keeps no more characters of a custom property's text


def set_custom_properties(doc, properties: dict[str, str]) -> None:
    """meta.properties as docProps/custom.xml (File > Properties > Custom in Word), sorted by name.

    Raises ValueError for a value Word would cut short: split long values across properties.
    """
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            del package.rels[rid]
    if not properties:
        return
    for name, value in properties.items():
        if len(str(value)) > PROPERTY_VALUE_MAX:
            raise ValueError(f"document property {name!r} is {len(str(value))} characters long; "
                             f"Word keeps {PROPERTY_VALUE_MAX}")
    entries = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(str(value))}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(sorted(properties.items()), start=2)
    )
    blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{entries}</Properties>'
    ).encode()
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def set_settings(doc) -> None:
    """Ask Word to refresh fields on opening, and drop any link to an attached template."""
    settings = doc.settings.element
    for tag in ("w:attachedTemplate", "w:rsids"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    insert_in_schema_order(settings, update, _AFTER_UPDATE_FIELDS)


def set_language(doc, lang: str) -> None:
    """The proofing language of every run that does not say otherwise, and of the theme fonts."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        doc.styles.element.insert(0, defaults)
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_pr_default.append(r_pr)
    lang_element = r_pr.find(qn("w:lang"))
    if lang_element is None:
        lang_element = OxmlElement("w:lang")
        r_pr.append(lang_element)  # w:lang is the last rPr child the reference uses
    lang_element.set(qn("w:val"), lang)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:  # the language Word proofs theme fonts in; schema order puts it before these
        theme_lang = OxmlElement("w:themeFontLang")
        insert_in_schema_order(settings, theme_lang, _AFTER_THEME_FONT_LANG)
    theme_lang.set(qn("w:val"), lang)


def stable_zip(data: bytes) -> bytes:
    """The same package with fixed member order, timestamps and compression, so equal input gives equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    order = sorted(members, key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, members[name], compresslevel=6)
    return out.getvalue()
