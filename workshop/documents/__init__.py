"""Printable PDFs: session handouts, the facilitator guide, summaries and takeaways.

Built with reportlab platypus; every public builder returns the PDF as bytes
so pages, the command line and tests can each do what they need with it.

- ``theme``: fonts (shipped in ``workshop/fonts/``), colours, paragraph styles.
- ``markdown``: organiser Markdown read with markdown-it-py (CommonMark plus
  tables, like the projector) and turned into flowables.
- ``layout``: paper sizes, page frame, header and footer, the support box and
  the disclaimer; ``build`` lays a story out.
- ``handout``, ``guide``, ``summary``, ``takeaway``: one module per document.
- ``preview``: page images and page counts (pypdfium2).
- ``files``: file names, the output folder, writing files and zips.

Callers import from here; modules inside the package import their siblings.
"""

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
from workshop.documents.layout import (
    PAPER_SIZES,
    HandoutError,
    PaperError,
    RuledLines,
    disclaimer_note,
    footer_text,
    support_box,
)
from workshop.documents.markdown import inline_markup, markdown_flowables
from workshop.documents.preview import page_count, page_png
from workshop.documents.summary import SummaryLike, group_summary_pdf
from workshop.documents.takeaway import takeaway_pdf
from workshop.documents.theme import register_fonts

__all__ = [
    "PAPER_SIZES",
    "HandoutError",
    "OutputFolderError",
    "PaperError",
    "PlannedDocument",
    "RuledLines",
    "SummaryLike",
    "clock",
    "disclaimer_note",
    "facilitator_guide_pdf",
    "footer_text",
    "group_summary_pdf",
    "guide_filename",
    "handout_filename",
    "inline_markup",
    "markdown_flowables",
    "page_count",
    "page_png",
    "plan_documents",
    "prepare_folder",
    "register_fonts",
    "session_handout_pdf",
    "session_handout_story",
    "support_box",
    "takeaway_pdf",
    "write_document",
    "zip_documents",
]
