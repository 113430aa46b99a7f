"""Printable PDFs: session handouts, the facilitator guide, summaries and takeaways.

Built with reportlab platypus; every public builder returns the PDF as bytes
so pages, the command line and tests can each do what they need with it.

- ``theme``: fonts (shipped in ``workshop/fonts/``), colours, paragraph styles.
- ``markdown``: organiser Markdown read with markdown-it-py (CommonMark plus
  tables, like the projector) and turned into flowables.
- ``pages``: paper sizes, page frame, running header and footer, the one- and
  two-pass builds; ``layout``: the support band, the disclaimer, writing lines.
- ``handout``, ``guide`` (with ``guide_front`` and ``guide_steps``), ``summary``,
  ``record`` (a whole group's record), ``takeaway``: one module per document.
- ``preview``: page images and page counts (pypdfium2).
- ``files``: file names, the output folder, writing files and zips.

- ``labels``: the fixed words on paper per language; ``typography``: quotes and dashes.
- ``worksheets``: writing space (lines, forms, grids, timelines, the practice log).

Callers import from here; modules inside the package import their siblings.
The names below load their module on first use (PEP 562), so a caller that
needs only the labels (the validator) does not pay for reportlab.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workshop.documents.files import (
        OutputFolderError,
        PlannedDocument,
        guide_filename,
        handout_filename,
        plan_documents,
        prepare_folder,
        write_document,
        zip_documents,
    )
    from workshop.documents.guide import clock, facilitator_guide_pdf
    from workshop.documents.handout import session_handout_pdf, session_handout_story
    from workshop.documents.labels import labels_for, missing_labels
    from workshop.documents.layout import (
        RuledLines,
        disclaimer_note,
        footer_text,
        support_band,
        support_box,
    )
    from workshop.documents.markdown import inline_markup, markdown_flowables
    from workshop.documents.pages import PAPER_SIZES, HandoutError, PaperError
    from workshop.documents.preview import page_count, page_png
    from workshop.documents.record import RecordPrompt, RecordSession, TrendLine, group_record_pdf
    from workshop.documents.summary import SummaryLike, group_summary_pdf
    from workshop.documents.takeaway import takeaway_pdf
    from workshop.documents.theme import register_fonts

_HOMES: dict[str, str] = {
    "HandoutError": "workshop.documents.pages",
    "OutputFolderError": "workshop.documents.files",
    "PAPER_SIZES": "workshop.documents.pages",
    "PaperError": "workshop.documents.pages",
    "PlannedDocument": "workshop.documents.files",
    "RecordPrompt": "workshop.documents.record",
    "RecordSession": "workshop.documents.record",
    "RuledLines": "workshop.documents.layout",
    "TrendLine": "workshop.documents.record",
    "group_record_pdf": "workshop.documents.record",
    "SummaryLike": "workshop.documents.summary",
    "clock": "workshop.documents.guide",
    "disclaimer_note": "workshop.documents.layout",
    "facilitator_guide_pdf": "workshop.documents.guide",
    "footer_text": "workshop.documents.layout",
    "group_summary_pdf": "workshop.documents.summary",
    "guide_filename": "workshop.documents.files",
    "handout_filename": "workshop.documents.files",
    "inline_markup": "workshop.documents.markdown",
    "markdown_flowables": "workshop.documents.markdown",
    "page_count": "workshop.documents.preview",
    "page_png": "workshop.documents.preview",
    "plan_documents": "workshop.documents.files",
    "prepare_folder": "workshop.documents.files",
    "register_fonts": "workshop.documents.theme",
    "session_handout_pdf": "workshop.documents.handout",
    "session_handout_story": "workshop.documents.handout",
    "support_band": "workshop.documents.layout",
    "support_box": "workshop.documents.layout",
    "labels_for": "workshop.documents.labels",
    "missing_labels": "workshop.documents.labels",
    "takeaway_pdf": "workshop.documents.takeaway",
    "write_document": "workshop.documents.files",
    "zip_documents": "workshop.documents.files",
}
"""Where each public name lives."""


def __getattr__(name: str) -> Any:
    """Import the module that holds ``name`` on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "PAPER_SIZES",
    "HandoutError",
    "OutputFolderError",
    "PaperError",
    "PlannedDocument",
    "RecordPrompt",
    "RecordSession",
    "RuledLines",
    "SummaryLike",
    "TrendLine",
    "clock",
    "disclaimer_note",
    "facilitator_guide_pdf",
    "footer_text",
    "group_record_pdf",
    "group_summary_pdf",
    "guide_filename",
    "handout_filename",
    "inline_markup",
    "labels_for",
    "markdown_flowables",
    "missing_labels",
    "page_count",
    "page_png",
    "plan_documents",
    "prepare_folder",
    "register_fonts",
    "session_handout_pdf",
    "session_handout_story",
    "support_band",
    "support_box",
    "takeaway_pdf",
    "write_document",
    "zip_documents",
]
