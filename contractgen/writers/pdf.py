"""The PDF writer: the HTML rendition laid out by WeasyPrint, reading nothing but contractgen's assets."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..document import Document
from ..errors import RenderFailed
from . import html
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
    result = render_pdf(html.to_html(document), [stylesheet], resources.assets_dir)
    if strict and result.warnings:
        raise RenderFailed(f"WeasyPrint logged {len(result.warnings)} warning(s) while rendering "
                           f"{document.meta.title!r}:\n" + "\n".join(f"  {w}" for w in result.warnings))
    return result.pdf


def render_pdf(html_text: str, stylesheets: Sequence[str], assets_dir: Path) -> PdfResult:
    """Lay out `html_text` with the given CSS texts; relative URLs resolve in `assets_dir`, the only readable folder."""
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
    return PdfResult(pdf=pdf, pages=len(laid_out.pages), outline=outline,
                     warnings=warnings, fetches=list(policy.attempts))


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
