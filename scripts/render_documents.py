"""Render a handout page and a guide page from the real files, for the README.

Usage: python scripts/render_documents.py [CURRICULUM] [--paper a4|letter]
       [--handout-session N] [--handout-page N] [--guide-page N] [--out FOLDER]

Defaults: the default programme, A4, session 5's handout page 2 (exercises with
their worksheets) and the guide's first session page; writes handout.png and
guide.png into docs/images/. Pages are counted from 1. The PDFs are built
exactly as ``python -m workshop handouts`` builds them, then rendered with
pypdfium2 (the same renderer the organiser page previews with).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workshop.curriculum import load_curriculum  # noqa: E402
from workshop.documents import facilitator_guide_pdf, page_png, session_handout_pdf  # noqa: E402
from workshop.documents.guide_front import session_key  # noqa: E402


def _guide_page(pdf: bytes, number: int) -> int:
    """The page (from 1) where session ``number`` starts, read from the PDF's bookmarks."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    for entry in reader.outline:
        if not isinstance(entry, list) and f" {number}:" in str(entry.title):
            return int(reader.get_destination_page_number(entry)) + 1
    raise SystemExit(f"no bookmark for session {number} ({session_key(number)})")


def main() -> int:
    """Build the PDFs, render the two pages, write the PNGs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "curriculum", nargs="?", default=str(REPO / "curricula/men-and-intimacy.yaml")
    )
    parser.add_argument("--paper", default="a4", choices=["a4", "letter"])
    parser.add_argument("--handout-session", type=int, default=5)
    parser.add_argument("--handout-page", type=int, default=2)
    parser.add_argument("--guide-page", type=int, default=0, help="0: the first session's page")
    parser.add_argument("--out", default=str(REPO / "docs" / "images"))
    args = parser.parse_args()

    curriculum = load_curriculum(Path(args.curriculum))
    session = next(s for s in curriculum.sessions if s.number == args.handout_session)
    handout = session_handout_pdf(curriculum, session, args.paper)
    guide = facilitator_guide_pdf(curriculum, args.paper)
    first = min(s.number for s in curriculum.sessions)
    guide_page = args.guide_page or _guide_page(guide, first)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, pdf, page in (
        ("handout.png", handout, args.handout_page),
        ("guide.png", guide, guide_page),
    ):
        target = out / name
        target.write_bytes(page_png(pdf, page - 1, scale=1.25))
        print(f"{target}: page {page}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
