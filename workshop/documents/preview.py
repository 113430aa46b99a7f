"""Page previews for the organiser page and the README, rendered with pypdfium2.

pypdfium2 is a pip-installed renderer: no system tool is needed. It is
imported on first use, so building PDFs never loads it.
"""

from __future__ import annotations

import io


def page_png(pdf: bytes, page_index: int = 0, *, scale: float = 1.0) -> bytes:
    """One page of a PDF as a PNG image (scale 1 = 72 dpi), for previews and the README."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        image = document[page_index].render(scale=scale).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has (for the organiser page's preview)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()
