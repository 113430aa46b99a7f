"""Random answers against every prompt kind (issue 11): stored normalised, or refused
in a plain sentence; never another exception.

A real SQLite store with one room per prompt kind, each prompt open, three
phones per room (answers replace, so the phones are reused: no join limit is
touched). Hypothesis draws text of any Unicode and size, numbers, lists,
dictionaries, bytes and None, and sends each through ``rooms.submit_answer``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import rooms
from workshop.config import Settings
from workshop.curriculum import ChoiceAnswer, PromptStep, ScaleAnswer, TextAnswer, WordAnswer
from workshop.normalise import has_visible, normalise_text
from workshop.rooms.answers import MAX_WORD_ANSWER_CHARS
from workshop.store import Store, open_store

PROMPTS = ["check-in", "needs", "many", "feeling", "open-words"]
MINI = Path(__file__).parent.parent / "live_data" / "mini.yaml"
OPTIONS = ["Listening", "Advice", "Quiet", "Walked", "Called a friend"]


def _curriculum_text() -> str:
    """The live tests' mini curriculum plus a multiple-choice prompt: every kind."""
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    steps = data["sessions"][0]["steps"]
    needs = next(step for step in steps if step["id"] == "needs")
    many = {**needs, "id": "many", "question": "Which of these did you do?"}
    many["answer"] = {"kind": "choice", "options": ["Walked", "Called a friend"], "multiple": True}
    steps.insert(steps.index(needs) + 1, many)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@dataclass(frozen=True)
class Open:
    prompt: PromptStep
    tokens: tuple[str, ...]


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, Open]]]:
    store = open_store(Settings(data_dir=Path(tmp_path_factory.mktemp("answers")) / "data"))
    text = _curriculum_text()
    found: dict[str, Open] = {}
    for prompt_id in PROMPTS:
        group = rooms.create_group(store, f"Group {prompt_id}", "mini", text)
        room = rooms.open_room(store, group.id, "first", retention_days=30)
        index = [s.id for s in room.session.steps].index(prompt_id)
        room = rooms.jump_to(store, room.id, room.revision, index)
        room = rooms.open_prompt(store, room.id, room.revision)
        step = room.session.steps[index]
        assert isinstance(step, PromptStep)
        tokens = tuple(rooms.join(store, room.join_code).token for _ in range(3))
        found[prompt_id] = Open(step, tokens)
    yield store, found
    store.dispose()


def _big_text(char: str, size: int) -> str:
    return char * size


texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=100, max_size=3000),
    st.builds(_big_text, st.characters(), st.integers(min_value=0, max_value=120_000)),
    st.sampled_from(["\u200b", "\u202e", "\x00", " \t\n", "\u3164", "\u0301", "ok"]),
)
values = st.one_of(
    texts,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=-2, max_value=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.binary(max_size=50),
    st.lists(st.one_of(texts, st.integers(), st.sampled_from(OPTIONS))),
    st.sampled_from(OPTIONS),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _assert_stored_form(prompt: PromptStep, value: object) -> None:
    spec = prompt.answer
    if isinstance(spec, ScaleAnswer):
        assert type(value) is int and spec.min <= value <= spec.max
    elif isinstance(spec, ChoiceAnswer):
        assert isinstance(value, list) and value and set(value) <= set(spec.options)
        assert value == [o for o in spec.options if o in value]
    else:
        assert isinstance(value, str)
        assert normalise_text(value) == value and has_visible(value)
        limit = spec.max_length if isinstance(spec, TextAnswer) else MAX_WORD_ANSWER_CHARS
        assert len(value) <= limit
        if isinstance(spec, WordAnswer):
            assert 1 <= len(value.split()) <= spec.max_words


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prompt_id=st.sampled_from(PROMPTS), phone=st.integers(0, 2), value=values)
def test_any_value_is_stored_normalised_or_refused_in_a_sentence(
    opened: tuple[Store, dict[str, Open]], prompt_id: str, phone: int, value: object
) -> None:
    store, found = opened
    target = found[prompt_id]
    token = target.tokens[phone]
    before = rooms.phone_view(store, token).my_answer
    try:
        result = rooms.submit_answer(store, token, prompt_id, value)
    except rooms.RoomError as refusal:
        message = str(refusal)
        assert isinstance(refusal, rooms.InvalidAnswer)
        assert message[:1].isupper() and message.endswith("."), message
        assert "Traceback" not in message and "object" not in message
        assert rooms.phone_view(store, token).my_answer == before
        return
    stored = rooms.phone_view(store, token).my_answer
    assert stored is not None and not stored.passed
    assert stored.value == result.saved.value
    _assert_stored_form(target.prompt, stored.value)
    assert not isinstance(value, float | bool | bytes | dict) and value is not None
