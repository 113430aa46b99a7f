"""Organiser Markdown on paper: CommonMark like the projector, everything else escaped.

The browser test (tests/browser/test_markdown_projector.py) renders the same
samples on the projector and checks it reads them the same way."""

from __future__ import annotations

from helpers.documents import (
    flat,
    pdf_text,
    programme_data,
)
from helpers.markdown_samples import (
    BOLD,
    CODE,
    ITALIC,
    SAMPLE_BODY,
    WORDS,
    between,
    pdf_runs,
    pdf_words,
    styled_words,
)
from reportlab.lib.enums import TA_RIGHT
from reportlab.platypus import Flowable, ListFlowable, Paragraph, Table

from workshop.curriculum import Curriculum
from workshop.documents import (
    facilitator_guide_pdf,
    inline_markup,
    session_handout_pdf,
)
from workshop.documents.markdown import markdown_flowables
from workshop.documents.theme import styles


def test_markdown_subset_is_converted_and_everything_else_escaped() -> None:
    assert inline_markup("a **b** *c*") == "a <b>b</b> <i>c</i>"
    assert inline_markup("<font size=80>x</font> & y") == (
        "&lt;font size=80&gt;x&lt;/font&gt; &amp; y"
    )
    # CommonMark's reading (as on the projector), no longer the old dialect's "<b>a *b</b> c*".
    assert inline_markup("**a *b** c*") == "<i><i>a <i>b</i></i> c</i>"
    assert inline_markup("**very *much* so**") == "<b>very <i>much</i> so</b>"
    assert inline_markup("see [the site](https://example.org)") == (
        "see the site (https://example.org)"
    )
    assert inline_markup("2 * 3 * 4") == "2 * 3 * 4"


def test_markup_in_curriculum_text_prints_as_written() -> None:
    hostile = '<font size="60">big</font> & <b>not bold</b> **bold**'
    data = programme_data()
    data["sessions"][0]["handout"]["key_ideas"] = [hostile]
    data["sessions"][0]["steps"][1]["notes"] = "<para>broken & <unclosed"
    curriculum = Curriculum.model_validate(data)
    text = flat(pdf_text(session_handout_pdf(curriculum, curriculum.sessions[0])))
    # Printed as written, quotes typeset: the markup is text, never applied.
    assert "<font size=“60”>big</font> & <b>not bold</b> bold" in text
    guide = flat(pdf_text(facilitator_guide_pdf(curriculum)))
    assert "<para>broken & <unclosed" in guide


def test_markdown_pipe_table_prints_as_a_table_in_the_guide() -> None:
    data = programme_data()
    data["sessions"][0]["steps"][1]["body"] = (
        "Numbers:\n\n| where | service | how |\n| --- | --- | --- |\n"
        "| Norge | Mental Helse | ring 116 123 |\n| Polska | Telefon Zaufania | 116 123 |\n\nAfter."
    )
    curriculum = Curriculum.model_validate(data)
    guide = facilitator_guide_pdf(curriculum)
    text = flat(pdf_text(guide))
    assert "where service how Norge Mental Helse ring 116 123 Polska Telefon Zaufania 116 123" in (
        text
    )
    assert "| ---" not in text and "| Norge" not in text
    assert text.index("Numbers:") < text.index("Norge") < text.index("After.")


# --- The shared samples: CommonMark, as the projector reads it ------------------------------


def test_emphasis_and_strong_with_stars_and_underscores() -> None:
    assert inline_markup("*a* _b_ **c** __d__") == "<i>a</i> <i>b</i> <b>c</b> <b>d</b>"
    assert inline_markup("***both***") == "<i><b>both</b></i>"
    # Underscores inside a word are letters, not emphasis; stars are.
    assert inline_markup("snake_case_name") == "snake_case_name"
    assert inline_markup("un*frigging*believable") == "un<i>frigging</i>believable"


def test_backslash_escapes_print_the_character() -> None:
    assert inline_markup(r"\*not italic\* \_nor this\_ \# \[x\]") == (
        "*not italic* _nor this_ # [x]"
    )
    assert inline_markup(r"a \\ b") == "a \\ b"


def test_code_spans_are_mono_and_escaped_and_keep_markdown_as_text() -> None:
    assert inline_markup("run `a < b & *c*`") == (
        'run <font name="NotoSansMono">a &lt; b &amp; *c*</font>'
    )


def test_links_print_their_text_and_the_address_once() -> None:
    assert inline_markup("<https://example.org>") == "https://example.org"
    assert inline_markup("[mail](mailto:a@b.org) <a@b.org>") == "mail (mailto:a@b.org) a@b.org"
    assert inline_markup("![a picture](x.png)") == "a picture"


def test_line_breaks_soft_and_hard() -> None:
    assert inline_markup("one\ntwo") == "one two"
    assert inline_markup("one  \ntwo") == "one<br/>two"


def test_raw_html_is_text() -> None:
    assert inline_markup("<b>x</b> <!-- c --> &amp;") == (
        "&lt;b&gt;x&lt;/b&gt; &lt;!-- c --&gt; &amp;"
    )


def _items(flowable: Flowable) -> list[list[Flowable]]:
    assert isinstance(flowable, ListFlowable)
    return [list(item._flowables) for item in flowable._flowables]


def test_nested_lists_stay_nested() -> None:
    body = styles().body
    outer, numbered = markdown_flowables("- a\n  - b\n    1. c\n- d\n\n3. e\n4. f", body)
    first, second = _items(outer)
    assert isinstance(first[0], Paragraph) and first[0].text == "a"
    [inner_b] = _items(first[1])
    assert inner_b[0].text == "b"
    [ordered_c] = _items(inner_b[1])
    assert ordered_c[0].text == "c"
    assert first[1]._start == "–" and outer._start == "•"
    assert [item[0].text for item in _items(outer)] == ["a", "d"] and len(second) == 1
    # A numbered list keeps its first number.
    assert [item[0].text for item in _items(numbered)] == ["e", "f"]
    assert numbered._bulletType == "1" and numbered._start == 3


def test_tables_have_a_bold_header_and_markdown_in_cells() -> None:
    body = styles().body
    [table] = markdown_flowables("| A | B |\n|:--|--:|\n| *x* | `y` |\n| z |", body)
    assert isinstance(table, Table)
    cells = [[cell.text for cell in row] for row in table._cellvalues]
    assert cells == [["A", "B"], ["<i>x</i>", '<font name="NotoSansMono">y</font>'], ["z", ""]]
    assert table._cellvalues[0][0].style.fontName == "NotoSans-Bold"
    assert table._cellvalues[1][1].style.alignment == TA_RIGHT


def test_headings_print_bold_in_the_text_size() -> None:
    body = styles().body
    heading, paragraph = markdown_flowables("## Tonight *we* listen\nSlowly.", body)
    assert heading.text == "<b>Tonight <i>we</i> listen</b>"
    assert heading.style.fontSize == body.fontSize
    assert paragraph.text == "Slowly."


def test_the_shared_samples_print_with_their_emphasis() -> None:
    data = programme_data()
    data["sessions"][0]["steps"][1]["body"] = SAMPLE_BODY
    guide = facilitator_guide_pdf(Curriculum.model_validate(data))
    slide = between(pdf_runs(guide), "On the slide", "Facilitator notes")
    assert pdf_words(slide) == WORDS
    assert styled_words(slide, "Oblique") == ITALIC
    assert styled_words(slide, "Bold") == BOLD
    assert styled_words(slide, "Mono") == CODE
