"""The PDF writer: the HTML rendition laid out by WeasyPrint, reading nothing but contractgen's assets."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..document import Clause, Document
from ..errors import RenderFailed
from ..transforms import reference_label
from . import html, pdf_access
from .fetcher import AssetFetcher

EXTENSION = ".pdf"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF: pdfinfo reports "Tagged: yes"
WEASYPRINT_LOGGERS = ("weasyprint", "weasyprint.progress")


@dataclass
class PdfResult:
    """A rendered PDF with what WeasyPrint complained about and every URL it asked for."""

    pdf: bytes
    pages: int
    outline: list[tuple[int, str, int]]  # the bookmarks: (level, label, page number from 1)
    warnings: list[str] = field(default_factory=list)
    fetches: list[tuple[str, bool]] = field(default_factory=list)  # (url, allowed)


def render(document: Document, resources, strict: bool = False) -> bytes:
    """The document as PDF bytes; with `strict`, any WeasyPrint warning raises RenderFailed."""
    stylesheet = Path(resources.print_css).read_text(encoding="utf-8")
    result = render_pdf(html.to_html(document), [stylesheet], resources.assets_dir,
                        link_descriptions=link_descriptions(document))
    if strict and result.warnings:
        raise RenderFailed(f"WeasyPrint logged {len(result.warnings)} warning(s) while rendering "
                           f"{document.meta.title!r}:\n" + "\n".join(f"  {w}" for w in result.warnings))
    return result.pdf


def render_pdf(html_text: str, stylesheets: Sequence[str], assets_dir: Path,
               link_descriptions: Mapping[str, str] | None = None) -> PdfResult:
    """Lay out `html_text` with the given CSS texts; relative URLs resolve in `assets_dir`, the only readable folder.

    The tagged PDF is then finished for PDF/UA-1 (pdf_access): margin boxes become artifacts, header
    cells get a scope, and links to an anchor in `link_descriptions` are described by it.
    """
    policy = AssetFetcher((Path(assets_dir),))
    fetcher = _WeasyFetcher(policy)
    base_url = policy.roots[0].as_uri() + "/"
    font_config = FontConfiguration()
    with _captured_warnings() as warnings:
        try:
            css = [weasyprint.CSS(string=text, base_url=base_url, url_fetcher=fetcher, font_config=font_config)
                   for text in stylesheets]
            source = weasyprint.HTML(string=html_text, base_url=base_url, url_fetcher=fetcher)
            # Layout and PDF writing each read the options: give both the variant.
            laid_out = source.render(stylesheets=css, font_config=font_config, pdf_variant=PDF_VARIANT)
            pdf = laid_out.write_pdf(pdf_variant=PDF_VARIANT)
            outline = list(_flatten(laid_out.make_bookmark_tree()))
        except Exception as exc:  # WeasyPrint raises many kinds; the user needs one message
            raise RenderFailed(f"WeasyPrint could not render the PDF: {type(exc).__name__}: {exc}") from exc
    try:
        pdf = pdf_access.finish(pdf, link_descriptions or {})
    except Exception as exc:  # pikepdf's errors too: one message, never a half-finished file
        raise RenderFailed(f"could not finish the tagged PDF: {type(exc).__name__}: {exc}") from exc
    return PdfResult(pdf=pdf, pages=len(laid_out.pages), outline=outline,
                     warnings=warnings, fetches=list(policy.attempts))


def link_descriptions(document: Document) -> dict[str, str]:
    """What each link target is, by its HTML anchor, as a reader of the document would name it:
    "clause GC3.2 (Risk and gain share)", "Schedule 2, paragraph 1 (Budget)", "Schedule 5: Budget".

    The heading in brackets is the clause's own or, for an untitled subclause, that of the nearest
    titled clause above it: the way English contracts cite "clause 14.2 (Confidentiality)".
    """
    ids = html.anchor_ids(document)
    descriptions: dict[str, str] = {}

    def visit(part, clause: Clause, heading: str | None) -> None:
        heading = clause.title or heading
        if id(clause) in ids:
            label = reference_label(part, clause)
            descriptions[ids[id(clause)]] = f"{label} ({heading})" if heading else label
        for child in clause.children:
            visit(part, child, heading)

    for part in document.parts:
        descriptions[ids[id(part)]] = part.heading
        for block in part.blocks:
            if isinstance(block, Clause):
                visit(part, block, None)
    return descriptions


def _flatten(bookmarks, level: int = 1) -> Iterator[tuple[int, str, int]]:
    for label, (page_index, _x, _y), children, _state in bookmarks:
        yield level, label, page_index + 1
        yield from _flatten(children, level + 1)


class _WeasyFetcher(URLFetcher):
    """WeasyPrint's fetcher interface over AssetFetcher: no network, no redirects, no other files."""

    def __init__(self, policy: AssetFetcher):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.policy = policy

    def fetch(self, url, headers=None):
        path, body, media_type = self.policy.fetch(url)
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": media_type})


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Attached to a logger and its child, so a propagated record arrives twice.
        if not any(seen is record for seen in self.records):
            self.records.append(record)


@contextlib.contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors (still passed on to other handlers) while rendering."""
    collector = _WarningCollector()
    messages: list[str] = []
    loggers = [logging.getLogger(name) for name in WEASYPRINT_LOGGERS]
    saved_levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(collector)
        # A quiet root logger must not hide warnings from the collector.
        if logger.getEffectiveLevel() > logging.WARNING:
            logger.setLevel(logging.WARNING)
    try:
        yield messages
    finally:
        for logger, level in zip(loggers, saved_levels):
            logger.removeHandler(collector)
            logger.setLevel(level)
        messages.extend(f"{record.levelname.lower()}: {record.getMessage()}" for record in collector.records)
