"""The test programme and its PDFs, built once for the document tests."""

from __future__ import annotations

import pytest
from helpers.documents import programme

from workshop.curriculum import Curriculum
from workshop.documents import facilitator_guide_pdf, session_handout_pdf


@pytest.fixture(scope="session")
def curriculum() -> Curriculum:
    return programme()


@pytest.fixture(scope="session")
def handouts(curriculum: Curriculum) -> dict[int, bytes]:
    return {s.number: session_handout_pdf(curriculum, s) for s in curriculum.sessions}


@pytest.fixture(scope="session")
def guide(curriculum: Curriculum) -> bytes:
    return facilitator_guide_pdf(curriculum)
