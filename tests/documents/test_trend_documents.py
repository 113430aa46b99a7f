"""A trend step on paper: a slide in the facilitator guide, with a note on the chart.

The guide cannot draw the group's chart (it is printed before anyone answers):
it prints the step as a slide, its body in the shaded box, and a line saying the
projector draws the chart there. The handout, which prints no slides, is unchanged.
"""

from __future__ import annotations

from helpers.documents import flat, pdf_text, typeset
from helpers.sample_curricula import TREND

from workshop.curriculum import parse_curriculum_text
from workshop.documents import facilitator_guide_pdf, session_handout_pdf
from workshop.documents.labels import ENGLISH, GERMAN


def test_the_guide_prints_a_trend_step_as_a_slide_with_a_note_on_the_chart() -> None:
    curriculum = parse_curriculum_text(TREND)
    text = flat(pdf_text(facilitator_guide_pdf(curriculum)))
    assert "Slide: Our evening over the weeks" in text
    assert "Start and end of each evening." in text
    assert flat(typeset(ENGLISH["trend_note"])) in text
    assert "Say what the chart shows" in text  # the notes, as for any step


def test_a_german_guide_prints_the_note_in_german() -> None:
    curriculum = parse_curriculum_text(TREND.replace('version: "1"', 'version: "1"\nlanguage: de'))
    text = flat(pdf_text(facilitator_guide_pdf(curriculum)))
    assert "Folie: Our evening over the weeks" in text
    assert flat(GERMAN["trend_note"]) in text


def test_the_handout_of_a_session_with_a_trend_step_prints() -> None:
    curriculum = parse_curriculum_text(TREND)
    text = flat(pdf_text(session_handout_pdf(curriculum, curriculum.session("two"))))
    assert "Second evening" in text
    assert "Our evening over the weeks" not in text  # slides are not on the handout
