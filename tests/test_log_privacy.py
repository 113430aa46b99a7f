"""The app writes nothing about participants to its log (docs/privacy.md, "What is stored").

A real ``streamlit run app.py`` (``harness/appserver.py``, the command
``python -m workshop serve`` runs) serves a room; two protocol-level phones
(``harness/load_client.py``) join by the code, follow the room by its event
stream, and one sends a word while the other sends a word the safety screen
flags. The server's whole log (stdout and stderr, Streamlit's and
uvicorn's lines included) is then read back: no token, no keyed hash of a
phone or an answer, and neither word may be in it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness.appserver import AppProcess, start_app, wait_healthy
from harness.load_client import Phone
from harness.load_room import ANSWER_KEY, QUESTION, SEND_KEY, BenchRoom, app_env, open_bench_room
from workshop import rooms
from workshop.config import Settings
from workshop.store import Store, open_store

WAIT = 30.0  # generous upper bound for a shared 2-core machine; not a timing check
WORD = "Quokkas"
FLAGGED = "hopeless"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Store, BenchRoom, AppProcess]]:
    settings = Settings(data_dir=tmp_path / "data")
    store = open_store(settings)
    room = open_bench_room(store, slides=1)
    app = start_app(tmp_path, app_env(settings, poll=30.0))
    try:
        wait_healthy(app)
        yield store, room, app
    finally:
        app.stop()
        store.dispose()


async def _evening(store: Store, room: BenchRoom, app: AppProcess) -> list[str]:
    phones = [Phone(i, app.stream_url, f"code={room.join_code}") for i in range(2)]
    try:
        for phone in phones:
            await phone.connect()
        current = await asyncio.to_thread(rooms.get_room, store, room.room_id)
        at_prompt = await asyncio.to_thread(
            rooms.jump_to, store, room.room_id, current.revision, room.prompt_index
        )
        await asyncio.to_thread(rooms.open_prompt, store, room.room_id, at_prompt.revision)
        await asyncio.gather(*(p.wait_for_text(QUESTION, WAIT) for p in phones))
        for phone, word in zip(phones, (WORD, FLAGGED), strict=True):
            await phone.wait_for_text("Send", WAIT)
            await phone.idle(WAIT)
            phone.set_text(ANSWER_KEY, word)
            await phone.press(SEND_KEY)
        await phones[0].wait_for_text("Saved.", WAIT)
        await phones[1].wait_for_text("988", WAIT)  # the support resources, at once
        assert all(p.stats.streams_opened >= 1 for p in phones)  # their stream URLs were asked for
        return [p.query_string.removeprefix("token=") for p in phones]
    finally:
        await asyncio.gather(*(p.close() for p in phones))


def test_the_log_holds_no_token_key_or_answer(
    live: tuple[Store, BenchRoom, AppProcess],
) -> None:
    store, room, app = live
    with ThreadPoolExecutor(max_workers=1) as pool:
        tokens = pool.submit(asyncio.run, _evening(store, room, app)).result()
    assert all(len(t) == 32 for t in tokens), tokens
    with store.reading() as tx:
        phones = tx.raw_rows("phones")
        answers = tx.raw_rows("answers")
    assert len(phones) == 2 and len(answers) == 2
    assert sorted(bool(a["flagged"]) for a in answers) == [False, True]
    app.stop()  # the shutdown's lines too

    log = app.log_path.read_text(encoding="utf-8", errors="replace")
    assert log.strip(), "the server wrote no log at all: is the log being captured?"
    secrets = [*tokens, *(str(r["key"]) for r in phones), *(str(r["key"]) for r in answers)]
    for secret in secrets:
        assert secret not in log, "a token or keyed hash reached the server log"
    for word in (WORD, FLAGGED):
        assert word.lower() not in log.lower(), f"the answer {word!r} reached the server log"
