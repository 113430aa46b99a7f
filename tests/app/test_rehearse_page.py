"""AppTest drives the home page and the curriculum browser and checks what is shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.apptest import APP, PASSCODE, everything, signin_form_shown, texts, unlock
from helpers.sample_curricula import write_broken, write_small
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.errors import AppTestError

from workshop.curriculum import PromptStep, load_curriculum, step_title
from workshop.rehearsal import running_clock
from workshop.ui import routes

REHEARSE = routes.REHEARSE.script
REPO_CURRICULUM = Path(__file__).resolve().parents[2] / "curricula" / "men-and-intimacy.yaml"

AppFactory = Callable[[], AppTest]


@pytest.fixture(autouse=True)
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every page runs the one initialiser, which opens the store: keep it in
    # tmp_path, with a known passcode.
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSCODE", PASSCODE)


@pytest.fixture
def curricula_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "curricula"
    write_small(folder)
    monkeypatch.setenv("WORKSHOP_CURRICULA_DIR", str(folder))
    return folder


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def open_browser() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    at.switch_page(REHEARSE).run()
    assert not at.exception
    at = unlock(at)
    assert not at.exception
    return at


def step_select(at: AppTest) -> int:
    value = at.selectbox(key="rehearse.step").value
    assert isinstance(value, int)
    return value


def test_home_lists_valid_and_broken_curricula(curricula_dir: Path) -> None:
    broken = write_broken(curricula_dir)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    shown = texts(at)
    assert "Rehearsal sample" in shown
    assert "2 sessions, 8 steps, version 1. A two-session sample for tests." in shown
    problems = load_curriculum_problems(broken)
    assert problems, "the broken sample must fail to load"
    for problem in problems:
        assert problem in shown
    status = " ".join(m.value for m in at.markdown)
    assert "Cannot be used" in status and "broken\\.yaml" in status
    assert "Ready" in status and "small\\.yaml" in status


def load_curriculum_problems(path: Path) -> list[str]:
    from workshop.curriculum import CurriculumError

    try:
        load_curriculum(path)
    except CurriculumError as exc:
        return exc.problems
    return []


def test_home_says_what_to_do_when_the_folder_is_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKSHOP_CURRICULA_DIR", str(tmp_path / "nothing-here"))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "No curriculum files" in at.info[0].value


def test_bad_setting_shows_a_plain_message_not_a_traceback(
    curricula_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKSHOP_MIN_GROUP", "three")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert len(at.error) == 1
    assert "WORKSHOP\\_MIN\\_GROUP must be a whole number" in at.error[0].value
    assert texts(at) == []  # no page ran


def test_first_step_shows_slide_title_body_notes_and_minutes(curricula_dir: Path) -> None:
    at = open_browser()
    assert step_select(at) == 0
    shown = texts(at)
    assert "Welcome to the circle" in shown
    assert "Greet each man at the door. Watch for anyone hanging back." in shown
    assert any("## Why we meet" in m.value for m in at.markdown)
    assert metrics(at) == {
        "This step": "10 min",
        "Clock at start": "0 min",
        "Session": "45 of 60 min",
    }


def test_next_and_previous_step_through_the_session(curricula_dir: Path) -> None:
    at = open_browser()
    at.button(key="rehearse.next").click().run()
    assert step_select(at) == 1
    shown = texts(at)
    assert "How connected do you feel right now?" in shown
    assert "Welcome to the circle" not in shown
    assert "Remind them they can pass." in shown
    assert metrics(at)["This step"] == "5 min"
    assert metrics(at)["Clock at start"] == "10 min"

    at.button(key="rehearse.next").click().run()
    assert step_select(at) == 2
    assert "Which words fit today?" in texts(at)
    assert metrics(at)["Clock at start"] == "15 min"

    at.button(key="rehearse.previous").click().run()
    assert step_select(at) == 1
    assert "How connected do you feel right now?" in texts(at)
    assert metrics(at)["Clock at start"] == "10 min"


def test_prompt_is_previewed_as_the_phone_shows_it(curricula_dir: Path) -> None:
    at = open_browser()
    at.selectbox(key="rehearse.step").select(1).run()
    # Scale: a row of numbered radio buttons, none picked, as on the phone;
    # never a slider with a value already set.
    assert len(at.slider) == 0
    scale = at.radio(key="step-opening-check-in-answer")
    assert scale.options == [str(n) for n in range(11)]
    assert scale.value is None and scale.disabled and scale.proto.horizontal
    assert "0 = Not at all   ·   10 = Very" in texts(at)
    pass_button = at.button(key="step-opening-check-in-pass")
    assert pass_button.label == "Pass" and pass_button.disabled
    assert at.button(key="step-opening-check-in-send").disabled

    at.selectbox(key="rehearse.step").select(2).run()
    # Several choices: one checkbox per option, as on the phone.
    boxes = [c for c in at.checkbox if c.key.startswith("step-opening-feeling-answer.")]
    assert [c.label for c in boxes] == ["Calm", "Tense", "Tired"]
    assert all(c.disabled and not c.value for c in boxes)

    at.selectbox(key="rehearse.step").select(4).run()
    assert at.text_input[0].disabled
    # No box cuts what is typed (issue 11): the room refuses an over-long answer.
    assert at.text_input[0].max_chars == 0
    assert at.text_input[0].placeholder == "one to 3 words"

    at.selectbox(key="rehearse.session").select("roots").run()
    at.selectbox(key="rehearse.step").select(1).run()
    assert at.text_area[0].max_chars == 0 and at.text_area[0].disabled
    assert at.text_area[0].placeholder == "Up to 200 characters"
    at.selectbox(key="rehearse.step").select(2).run()
    assert at.radio[0].options == ["Father", "Friend", "Coach"] and at.radio[0].disabled
    assert at.radio[0].value is None


def test_jump_to_an_exercise_shows_organiser_text_literally(curricula_dir: Path) -> None:
    at = open_browser()
    at.selectbox(key="rehearse.step").select(3).run()
    shown = texts(at)
    assert "Two minutes each" in shown
    assert "Take turns; the listener only listens." in shown
    # Notes with Markdown-looking text come through unchanged, as text elements.
    assert "Keep time :red[strictly] $x$ :smile: <b>bold</b>" in shown
    assert any(c.value == "Exercise: In pairs" for c in at.caption)
    assert metrics(at) == {
        "This step": "20 min",
        "Clock at start": "20 min",
        "Session": "45 of 60 min",
    }


def test_previous_at_first_and_next_at_last_stay_put(curricula_dir: Path) -> None:
    at = open_browser()
    previous = at.button(key="rehearse.previous")
    assert previous.disabled
    # AppTest, like a browser, refuses to press a disabled button.
    with pytest.raises(AppTestError):
        previous.click()
    at.run()
    assert step_select(at) == 0
    assert "Welcome to the circle" in texts(at)

    at.selectbox(key="rehearse.step").select(4).run()
    assert at.button(key="rehearse.next").disabled
    with pytest.raises(AppTestError):
        at.button(key="rehearse.next").click()
    at.run()
    assert not at.exception
    assert step_select(at) == 4
    assert "One word for tonight" in texts(at)
    assert metrics(at)["Clock at start"] == "40 min"


def test_picking_a_session_starts_at_its_first_step(curricula_dir: Path) -> None:
    at = open_browser()
    at.selectbox(key="rehearse.step").select(3).run()
    at.selectbox(key="rehearse.session").select("roots").run()
    assert step_select(at) == 0
    assert "Where it started" in texts(at)
    assert "Share your own example first." in texts(at)
    assert metrics(at) == {
        "This step": "15 min",
        "Clock at start": "0 min",
        "Session": "30 of 45 min",
    }
    at.button(key="rehearse.next").click().run()
    assert "A short story from your past" in texts(at)
    assert metrics(at)["Clock at start"] == "15 min"


def test_outline_lists_every_session_and_step(curricula_dir: Path) -> None:
    at = open_browser()
    sessions, steps = (frame.value for frame in at.dataframe)
    assert sessions["title"].tolist() == ["Opening the circle", "The roots"]
    assert sessions["step minutes"].tolist() == [45, 30]
    assert sessions["session minutes"].tolist() == [60, 45]
    assert steps["id"].tolist() == [
        "welcome",
        "check-in",
        "feeling",
        "pairs",
        "one-word",
        "roots-slide",
        "story",
        "which-one",
    ]
    assert steps["starts at"].tolist() == [0, 10, 15, 20, 40, 0, 15, 25]


def test_browser_without_a_valid_curriculum_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_broken(tmp_path)
    monkeypatch.setenv("WORKSHOP_CURRICULA_DIR", str(tmp_path))
    at = open_browser()
    assert "No valid curriculum to rehearse" in at.info[0].value


@pytest.mark.skipif(
    not REPO_CURRICULUM.exists(), reason="curricula/men-and-intimacy.yaml not merged"
)
def test_default_programme_steps_through_every_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    curriculum = load_curriculum(REPO_CURRICULUM)
    folder = tmp_path / "curricula"
    folder.mkdir()
    (folder / REPO_CURRICULUM.name).write_bytes(REPO_CURRICULUM.read_bytes())
    monkeypatch.setenv("WORKSHOP_CURRICULA_DIR", str(folder))
    at = open_browser()
    for session in curriculum.sessions:
        at.selectbox(key="rehearse.session").select(session.id).run()
        assert not at.exception
        clocks = running_clock(session)
        for index in (0, len(session.steps) - 1):
            at.selectbox(key="rehearse.step").select(index).run()
            step = session.steps[index]
            shown = texts(at)
            if isinstance(step, PromptStep):
                assert step.question in shown
            else:
                assert step_title(step) in shown
            assert step.notes in shown
            assert metrics(at) == {
                "This step": f"{step.minutes} min",
                "Clock at start": f"{clocks[index].starts_at} min",
                "Session": f"{session.step_minutes} of {session.minutes} min",
            }
    steps = at.dataframe[1].value
    assert len(steps) == sum(len(s.steps) for s in curriculum.sessions)


def test_the_place_is_kept_in_the_url(curricula_dir: Path) -> None:
    at = open_browser()
    at.button(key="rehearse.next").click().run()
    assert dict(at.query_params) == {"curriculum": "small.yaml", "session": "opening", "step": "2"}

    # A reload is a fresh session that only has the URL.
    reloaded = AppTest.from_file(APP, default_timeout=30).run()
    reloaded.query_params.update({"curriculum": "small.yaml", "session": "roots", "step": "2"})
    reloaded.switch_page(REHEARSE).run()
    reloaded = unlock(reloaded)  # a fresh session has to unlock again; the place waits
    assert not reloaded.exception
    assert "A short story from your past" in texts(reloaded)
    assert metrics(reloaded)["Clock at start"] == "15 min"


@pytest.mark.parametrize(
    ("params", "expected_title"),
    [
        ({"curriculum": "small.yaml", "session": "roots", "step": "99"}, "Pick one"),
        ({"curriculum": "small.yaml", "session": "roots", "step": "two"}, "Where it started"),
        ({"curriculum": "small.yaml", "session": "nope", "step": "3"}, "Welcome to the circle"),
        ({"curriculum": "../../etc/passwd", "step": "3"}, "Welcome to the circle"),
    ],
)
def test_a_wrong_url_place_falls_back_to_a_real_step(
    curricula_dir: Path, params: dict[str, str], expected_title: str
) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.query_params.update(params)
    at.switch_page(REHEARSE).run()
    at = unlock(at)
    assert not at.exception
    assert expected_title in texts(at)


# --- The home page is the landing a phone gets ---------------------------------------


def test_home_starts_with_join_then_staff_links_then_curricula(curricula_dir: Path) -> None:
    write_broken(curricula_dir)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert [h.value for h in at.header] == ["Join a session"]
    code_box = at.text_input(key="home.code")
    assert code_box.label == "Code"
    assert [b.label for b in at.button] == ["Join"]
    links = at.get("page_link")
    assert [link.proto.page for link in links] == ["console", "rehearse", "organiser"]
    assert "1 ready, 1 cannot be used." in [c.value for c in at.caption]
    page = everything(at)
    # What a participant needs comes first; staff links and the curricula after.
    order = [
        page.index("Join a session"),
        page.index("home.code"),
        page.index("Facilitators and organisers"),
        page.index('page: "console"'),
        page.index("Curricula on this laptop"),
        page.index("Rehearsal sample"),
    ]
    assert order == sorted(order)
    # No facilitator notes on the landing, whoever opens it.
    assert "Greet each man at the door" not in page


def test_home_join_without_a_code_says_what_to_do(curricula_dir: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    next(b for b in at.button if b.label == "Join").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Type the code from the screen first."]
    assert [h.value for h in at.header] == ["Join a session"]  # still on the home page


def test_home_join_hands_the_code_to_the_join_page(curricula_dir: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="home.code").input("ZZZZZZ")
    next(b for b in at.button if b.label == "Join").click()
    at.run()
    assert not at.exception
    # The join page checked the code and explains it; its own form is there.
    assert any("No room has the code" in e.value for e in at.error)
    assert at.text_input(key="phone.code") is not None


# --- The rehearsal is behind the passcode ----------------------------------------------

NOTES = "Greet each man at the door. Watch for anyone hanging back."


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"token": "t" * 30},
        {"code": "ABCDEF"},
        {"curriculum": "small.yaml", "session": "opening", "step": "1"},
        {"curriculum": "small.yaml", "session": "opening", "step": "1", "token": "t" * 30},
        {"auth.ok": "true", "passcode": PASSCODE, "step": "1"},
    ],
)
def test_a_participant_url_to_rehearse_shows_no_notes(
    curricula_dir: Path, params: dict[str, str]
) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.query_params.update(params)
    at.switch_page(REHEARSE).run()
    assert not at.exception
    page = everything(at)
    assert NOTES not in page
    assert "Welcome to the circle" not in page
    assert "Rehearsal sample" not in page
    assert len(at.metric) == 0 and len(at.dataframe) == 0
    assert signin_form_shown(at)  # a password box posting to the sign-in route


def test_a_wrong_passcode_on_rehearse_shows_no_notes(curricula_dir: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page(REHEARSE).run()
    at = unlock(at, "not the passcode")
    # The sentence for a wrong passcode is the sign-in route's now (tests/test_signin_route.py).
    assert signin_form_shown(at)
    assert NOTES not in everything(at)


def test_unlocking_the_console_carries_to_the_rehearsal_and_back(curricula_dir: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page(routes.CONSOLE.script).run()
    at = unlock(at)
    assert not [w for w in at.text_input if w.key == "passcode-attempt"]
    # Following the console's link keeps this tab's unlocked session.
    rehearse_links = [link for link in at.get("page_link") if link.proto.page == "rehearse"]
    assert len(rehearse_links) == 1
    at.switch_page(REHEARSE).run()
    assert not at.exception
    assert NOTES in texts(at)
    assert [link.proto.page for link in at.get("page_link")] == ["console", "organiser"]

    # And the other way: unlocked on the rehearsal, the organiser page is open.
    fresh = open_browser()
    fresh.switch_page(routes.ORGANISER.script).run()
    assert not [w for w in fresh.text_input if w.key == "passcode-attempt"]
    assert "No groups yet" in fresh.info[0].value
