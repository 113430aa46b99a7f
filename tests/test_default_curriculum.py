"""The default programme: loads, follows the session arc and safety rules, words facts carefully.

Reads only files in the repository. The article sentences the no-copying
guard checks against are embedded below, because tests must not read ../shared.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from workshop.curriculum import (
    DEFAULT_SUPPORT_RESOURCES,
    AnyStep,
    Curriculum,
    ExerciseStep,
    PromptStep,
    ScaleAnswer,
    Session,
    SlideStep,
    TrendStep,
    WordAnswer,
    load_curriculum,
)

REPO = Path(__file__).resolve().parents[1]
CURRICULUM = REPO / "curricula" / "men-and-intimacy.yaml"

SESSION_IDS = [
    "core-and-code",
    "signs",
    "roots",
    "naming-feelings",
    "small-steps",
    "four-dimensions",
    "support-and-closing",
]

# Sentences of the seed article (the source of the programme's ideas). Our
# text must not share a run of 8 or more words with any of them.
ARTICLE_SENTENCES = [
    "The struggle with intimacy is a silent epidemic among men, often masked by societal "
    "expectations of stoicism and self-reliance.",
    "Intimacy Issues in Men stem from a fundamental gap between how they were socialized to "
    "connect and what modern relationships require: emotional presence.",
    "This isn't about blame but about understanding the complex relationship between "
    "upbringing, trauma, and societal pressure that can leave men feeling unequipped for "
    "deep connection.",
    "Intimacy issues in men are persistent difficulties in forming and maintaining close "
    "emotional, physical, intellectual, or spiritual bonds.",
    "The core of the problem often lies in the traditional masculine code, where the essence "
    "of traditional masculinity is invulnerability.",
    "Men are frequently taught to equate intimacy solely with sex, while their partners may be "
    "seeking a broader emotional connection.",
    "This disconnect can lead to profound loneliness, relationship conflict, and mental health "
    "challenges like anxiety and depression.",
    "Responding with I don't know when asked about feelings, or avoiding deep conversations to "
    "maintain superficial comfort.",
    "Believing frequent sexual activity is synonymous with a deep, intimate connection, "
    "potentially overlooking the emotional component their partner craves.",
    "Sexual difficulties like erectile dysfunction can sometimes be the body's signal of "
    "underlying emotional crossroads, whether deepening love or a lack of emotional connection, "
    "rather than just a mechanical issue.",
    "Attempting to fix a partner's feelings instead of empathizing with them, which can create "
    "distance rather than closeness.",
    "From a young age, many boys are subtly and overtly taught to suppress vulnerability, "
    "prioritize independence, and view emotional expression as weakness.",
    "This conditioning makes the vulnerability required for true intimacy feel dangerous and "
    "unfamiliar.",
    "Childhood experiences of neglect, emotional unavailability, or abuse can create deep-seated "
    "fears of betrayal and abandonment.",
    "Past romantic betrayals can reinforce these walls, making trust feel impossible.",
    "Many men are not taught to identify, name, or process their emotions.",
    "Without a vocabulary for internal states, sharing them with a partner becomes an "
    "overwhelming challenge.",
    "Men may feel the need to be the confident, problem-solving hero in relationships.",
    "This can make simply being with a partner's emotions, without fixing them, feel like a "
    "failure.",
    "Healing and personal growth are not just possible, they are achievable with consistent and "
    "intentional effort.",
    "Intimacy is built through small, consistent moments, not dramatic gestures.",
    "True connection is built on shared human vulnerability, not invincibility.",
    "Ask your partner: How are you really feeling today? Listen without interrupting or fixing.",
    "Read the same article and discuss your perspectives over coffee.",
    "Offer a 20-second hug, which releases oxytocin, the bonding hormone.",
    "Discuss what gives your life meaning or take a mindful walk together in nature.",
    "Intimacy issues in men are a complex product of culture, personal history, and learned "
    "behavior, not a character flaw.",
    "The journey toward deeper connection begins with understanding these roots, recognizing "
    "the signs without self-judgment, and courageously taking small steps toward vulnerability.",
    "By redefining strength to include emotional openness, men can build the fulfilling, "
    "connected relationships they and their partners truly desire.",
]

SHARED_RUN = 8

FORBIDDEN = [
    r"releas\w*\s+(the\s+|a\s+)?(hormone\s+)?oxytocin",
    r"oxytocin\s+(is\s+)?releas",
    r"bonding hormone",
    r"cuddle hormone",
    r"\b(hug|hugs|hugging|touch)\b[^.]{0,40}\b(releases?|triggers?|floods?|boosts?)\b",
    r"essence of traditional masculinity",
    r"\bTerry Real\b",
]


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    return load_curriculum(CURRICULUM)


def _step_texts(step: AnyStep) -> Iterator[str]:
    yield step.notes
    if isinstance(step, SlideStep | TrendStep):
        yield step.title
        yield step.body
    elif isinstance(step, ExerciseStep):
        yield step.title
        yield step.instructions
        if step.home is not None:
            yield step.home
        if step.worksheet is not None:
            yield from [*(step.worksheet.columns or []), *(step.worksheet.rows or [])]
    else:
        yield step.question
        if step.answer.kind == "choice":
            yield from step.answer.options


def _texts(curriculum: Curriculum) -> Iterator[tuple[str, str]]:
    """Every piece of prose in the curriculum, whitespace folded, with where it is."""
    for where, text in _raw_texts(curriculum):
        yield where, " ".join(text.split())


def _raw_texts(curriculum: Curriculum) -> Iterator[tuple[str, str]]:
    yield "summary", curriculum.summary
    yield "audience", curriculum.audience
    yield "disclaimer", curriculum.disclaimer
    for agreement in curriculum.agreements:
        yield "agreements", agreement
    for session in curriculum.sessions:
        yield f"{session.id}/title", session.title
        for goal in session.goals:
            yield f"{session.id}/goals", goal
        for step in session.steps:
            for text in _step_texts(step):
                yield f"{session.id}/{step.id}", text
        handout = session.handout
        for text in [
            *handout.key_ideas,
            handout.practice,
            *handout.journal_prompts,
            *(text for section in handout.sections for text in (section.title, section.body)),
            *handout.further_reading,
        ]:
            yield f"{session.id}/handout", text


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.casefold().replace("’", "'"))


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


# --- Shape ----------------------------------------------------------------------


def test_default_curriculum_loads_with_seven_sessions_in_order(curriculum: Curriculum) -> None:
    assert curriculum.id == "men-and-intimacy"
    assert [s.id for s in curriculum.sessions] == SESSION_IDS
    assert [s.number for s in curriculum.sessions] == list(range(1, 8))


def test_uses_the_default_support_resources(curriculum: Curriculum) -> None:
    assert curriculum.support_resources == list(DEFAULT_SUPPORT_RESOURCES)
    # The lines docs/safety.md quotes as what a flagged phone shows.
    shown = " ".join(f"{r.service} {r.how}" for r in curriculum.support_resources)
    for line in ("988", "Samaritans", "116 123", "Lifeline", "13 11 14", "findahelpline.com"):
        assert line in shown, line


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_minutes_fill_the_session_without_exceeding_it(
    curriculum: Curriculum, session_id: str
) -> None:
    session = curriculum.session(session_id)
    assert session.minutes == 120
    assert 110 <= session.step_minutes <= 120
    assert all(step.minutes > 0 for step in session.steps)


def _is_connection_scale(step: PromptStep) -> bool:
    answer = step.answer
    return (
        isinstance(answer, ScaleAnswer)
        and (answer.min, answer.max) == (0, 10)
        and "connected" in step.question
    )


@pytest.mark.parametrize("session_id", SESSION_IDS)
@pytest.mark.parametrize("role", ["check-in", "check-out"])
def test_check_in_and_out_are_a_connection_scale_and_a_feeling_word(
    curriculum: Curriculum, session_id: str, role: str
) -> None:
    prompts = [p for p in curriculum.session(session_id).prompts() if p.role == role]
    assert len(prompts) == 2
    assert _is_connection_scale(prompts[0])
    assert isinstance(prompts[1].answer, WordAnswer)


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_session_follows_the_arc(curriculum: Curriculum, session_id: str) -> None:
    """Check-in early, teaching, an exercise in pairs or rounds, reflection, check-out last."""
    steps = curriculum.session(session_id).steps
    roles = [step.role for step in steps]
    first_check_in = roles.index("check-in")
    first_exercise = next(i for i, s in enumerate(steps) if isinstance(s, ExerciseStep))
    assert first_check_in < 4
    assert roles[-2:] == ["check-out", "check-out"]
    assert any(s.id.startswith("teach") for s in steps)
    assert {s.format for s in steps if isinstance(s, ExerciseStep)} & {"pairs", "rounds"}
    assert any(s.id.startswith("reflection") for s in steps)
    assert first_check_in < first_exercise or session_id == "core-and-code"


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_each_session_has_a_support_step_and_three_prompt_kinds(
    curriculum: Curriculum, session_id: str
) -> None:
    session = curriculum.session(session_id)
    assert [s.role for s in session.steps].count("support") == 1
    assert len({p.kind for p in session.prompts()}) >= 3


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_support_slide_shows_every_resource_of_the_curriculum(
    curriculum: Curriculum, session_id: str
) -> None:
    step = next(s for s in curriculum.session(session_id).steps if s.role == "support")
    assert isinstance(step, SlideStep)
    assert "emergency number" in step.body
    for resource in curriculum.support_resources:
        assert f"| {resource.region} | {resource.service} | {resource.how} |" in step.body


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_every_step_has_notes_on_what_to_say_and_watch_for(
    curriculum: Curriculum, session_id: str
) -> None:
    for step in curriculum.session(session_id).steps:
        assert "Say:" in step.notes, step.id
        assert "Watch for:" in step.notes, step.id
        assert len(step.notes.split()) >= 15, step.id


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_every_session_has_full_handout_content(curriculum: Curriculum, session_id: str) -> None:
    handout = curriculum.session(session_id).handout
    assert len(handout.key_ideas) >= 3
    assert handout.practice
    assert len(handout.journal_prompts) >= 3
    assert handout.further_reading


# --- Safety and agreements ---------------------------------------------------------


def _session_one(curriculum: Curriculum) -> Session:
    return curriculum.session("core-and-code")


def test_six_agreements_are_set_in_session_one(curriculum: Curriculum) -> None:
    agreements = curriculum.agreements
    assert len(agreements) == 6
    themes = ["stays here", '"I"', "pass", "advice", "sober", "safety"]
    for theme, agreement in zip(themes, agreements, strict=True):
        assert theme in agreement
    step = next(s for s in _session_one(curriculum).steps if s.role == "agreements")
    assert isinstance(step, SlideStep)
    for agreement in agreements:
        assert agreement in step.body


def test_not_therapy_is_said_at_the_start(curriculum: Curriculum) -> None:
    phrase = "peer education group, not therapy or medical care"
    assert phrase in curriculum.disclaimer
    opening = _session_one(curriculum).steps[:3]
    assert any(isinstance(s, SlideStep) and phrase in (s.title + s.body) for s in opening)


def test_session_one_notes_say_what_to_do_when_someone_discloses_risk(
    curriculum: Curriculum,
) -> None:
    notes = " ".join(step.notes for step in _session_one(curriculum).steps)
    for must in [
        "Ask directly",
        "Listen",
        "do not leave him alone",
        "call emergency",
        "crisis numbers",
    ]:
        assert must in notes


# --- Facts stated carefully ---------------------------------------------------------


def test_no_forbidden_claims_or_quotations(curriculum: Curriculum) -> None:
    for where, text in _texts(curriculum):
        for pattern in FORBIDDEN:
            assert not re.search(pattern, text, re.IGNORECASE), (where, pattern, text)


def test_the_forbidden_patterns_catch_the_article_claims() -> None:
    """The guard is real: the article's own hug sentence trips it."""
    hug = next(s for s in ARTICLE_SENTENCES if "hug" in s)
    assert any(re.search(p, hug, re.IGNORECASE) for p in FORBIDDEN)
    assert any(re.search(p, "Hugging releases a dose of hormones", re.I) for p in FORBIDDEN)


def test_hug_and_oxytocin_are_worded_as_the_evidence_allows(curriculum: Curriculum) -> None:
    mentions_hug_study = 0
    for where, text in _texts(curriculum):
        if re.search(r"20.second", text):
            mentions_hug_study += 1
            assert "Grewen" in text and "one study" in text, where
        if "oxytocin" in text.casefold():
            assert re.search(r"correlat|association", text), where
    assert mentions_hug_study >= 2
    step = curriculum.session("four-dimensions").step("teach-physical-spiritual")
    assert isinstance(step, SlideStep)
    assert "non-sexual touch is linked to lower stress" in " ".join(step.body.split())


def test_erectile_difficulties_always_come_with_a_medical_check_up(
    curriculum: Curriculum,
) -> None:
    mentions = 0
    for where, text in _texts(curriculum):
        if "erecti" in text.casefold():
            mentions += 1
            assert "check-up" in text, where
    assert mentions >= 3
    signs = curriculum.session("signs")
    slide = signs.step("teach-body")
    assert isinstance(slide, SlideStep)
    for text in [slide.body, slide.notes, " ".join(signs.handout.key_ideas)]:
        assert "heart and blood-vessel disease" in text
        assert "emotional" in text
    assert "American Urological Association" in slide.body and "2018" in slide.body


def test_terrence_real_is_paraphrased_and_described_correctly(curriculum: Curriculum) -> None:
    texts = [text for _, text in _texts(curriculum) if "Terrence Real" in text]
    assert any("Relational Life Institute" in text for text in texts)
    assert any('"I Don\'t Want to Talk About It" (1997)' in text for text in texts)
    assert any('"Us" (2022)' in text for text in texts)
    for text in texts:
        if "argues" in text:
            assert "our words" in text or "paraphrase" in text


def test_naming_feelings_cites_the_evidence_and_promises_nothing(curriculum: Curriculum) -> None:
    session = curriculum.session("naming-feelings")
    teach = session.step("teach-eq")
    words = session.step("teach-words")
    assert isinstance(teach, SlideStep) and isinstance(words, SlideStep)
    assert "Lieberman" in teach.body and "2007" in teach.body
    assert "Mattingly & Kraiger" in teach.body and "2019" in teach.body
    assert "mixed" in teach.body
    assert "Willcox" in words.body and "1982" in words.body
    header = words.body.split("\n")[2]
    for family in ["mad", "sad", "scared", "joyful", "powerful", "peaceful"]:
        assert family in header


def test_scores_are_never_presented_as_evidence(curriculum: Curriculum) -> None:
    claim = r"(shows|demonstrates|is evidence) (that )?(the|this) (programme|program|group) works"
    for where, text in _texts(curriculum):
        assert not re.search(claim, text, re.IGNORECASE), where
    for session in curriculum.sessions:
        notes = " ".join(p.notes for p in session.prompts() if p.role in {"check-in", "check-out"})
        assert re.search(
            r"conversation|not proof|prove nothing|proves nothing|never evidence", notes
        ), session.id


# --- Own words ---------------------------------------------------------------------


def test_no_run_of_eight_words_is_copied_from_the_article(curriculum: Curriculum) -> None:
    article = set().union(*(_runs(sentence, SHARED_RUN) for sentence in ARTICLE_SENTENCES))
    for where, text in _texts(curriculum):
        shared = _runs(text, SHARED_RUN) & article
        assert not shared, (where, [" ".join(run) for run in shared])


def test_the_copy_guard_catches_a_copied_sentence() -> None:
    article = set().union(*(_runs(sentence, SHARED_RUN) for sentence in ARTICLE_SENTENCES))
    copied = "Remember: intimacy is built through small, consistent moments, not dramatic gestures."
    assert _runs(copied, SHARED_RUN) & article


def test_slide_markdown_uses_no_streamlit_extensions(curriculum: Curriculum) -> None:
    """Streamlit's Markdown turns :name: into emoji, $..$ into maths, :red[..] into colour."""
    directive = re.compile(r":[a-z_+-]+:|\$|:[a-z]+\[")
    for session in curriculum.sessions:
        for step in session.steps:
            if isinstance(step, SlideStep):
                assert not directive.search(step.body), f"{session.id}/{step.id}"
            if isinstance(step, ExerciseStep):
                assert not directive.search(step.instructions), f"{session.id}/{step.id}"


# --- Printed for home (issue 13) --------------------------------------------------------


def test_every_exercise_says_how_it_goes_home(curriculum: Curriculum) -> None:
    for session in curriculum.sessions:
        for step in session.steps:
            if not isinstance(step, ExerciseStep):
                continue
            if step.format == "rounds":
                assert step.at_home == "skip", f"{session.id}/{step.id}"
            elif step.format == "pairs":
                assert step.at_home == "solo" and step.home, f"{session.id}/{step.id}"
                assert step.worksheet is not None, f"{session.id}/{step.id}"
            else:
                assert step.worksheet is not None, f"{session.id}/{step.id}"


def test_home_versions_speak_to_one_man_as_you(curriculum: Curriculum) -> None:
    for session in curriculum.sessions:
        for step in session.steps:
            if isinstance(step, ExerciseStep) and step.home:
                words = _words(step.home)
                assert "you" in words or "your" in words, step.id
                # No pair roles left over from the group version.
                assert not {"speaker", "listener", "swap", "pairs"} & set(words), step.id


def test_pair_exercises_say_what_to_do_with_an_odd_number(curriculum: Curriculum) -> None:
    for session in curriculum.sessions:
        for step in session.steps:
            if isinstance(step, ExerciseStep) and step.format == "pairs":
                assert "odd number" in step.instructions, step.id
                assert "three" in step.instructions, step.id


def test_exercises_that_write_on_the_handout_have_a_worksheet(curriculum: Curriculum) -> None:
    for session in curriculum.sessions:
        for step in session.steps:
            if isinstance(step, ExerciseStep) and "on the handout" in step.instructions:
                assert step.worksheet is not None, step.id


def test_handouts_carry_what_their_practice_refers_to(curriculum: Curriculum) -> None:
    four = curriculum.session("naming-feelings").handout
    assert "word lists on this handout" in four.practice
    words = four.sections[0].body
    for family in ["mad", "sad", "scared", "joyful", "powerful", "peaceful"]:
        assert family in words
    seven = curriculum.session("support-and-closing").handout
    help_section = next(s for s in seven.sections if s.title == "How to find help")
    assert help_section.worksheet is not None and help_section.worksheet.kind == "form"
    assert "doctor" in help_section.body and "crisis" in help_section.body
