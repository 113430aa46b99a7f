"""The app process killed (SIGKILL) in the middle of a 20-phone answer burst,
on SQLite and PostgreSQL (issue 11): after a restart every answer a phone saw
acknowledged ("Saved.") is stored exactly once, and every phone carries on with
the token in its URL. Phones speak Streamlit's websocket protocol
(``harness/load_client.py``) against the real app (``harness/appserver.py``).
Outcomes only; the waits are generous upper bounds, never timing checks."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness.appserver import AppProcess, start_app, wait_healthy
from harness.load_client import Phone
from harness.load_room import ANSWER_KEY, PROMPT_ID, QUESTION, SEND_KEY, app_env, open_bench_room
from workshop import rooms
from workshop.config import Settings
from workshop.store import Store, open_store

PHONES = 20
WAIT = 60.0


def _text(number: int) -> str:
    return f"word{number:02d}"


async def _ready(app: AppProcess, number: int, token: str) -> Phone:
    phone = Phone(number, app.stream_url, f"token={token}")
    await phone.connect()
    await phone.wait_for_text(QUESTION, WAIT)
    await phone.wait_for_text("Send", WAIT)
    await phone.idle(WAIT)
    return phone


async def _send(phone: Phone, acked: set[int]) -> None:
    phone.set_text(ANSWER_KEY, _text(phone.number))
    await phone.press(SEND_KEY)
    try:
        await phone.wait_for_text("Saved.", WAIT)
    except TimeoutError:
        return  # the server died first: not acknowledged
    acked.add(phone.number)


async def _burst_and_kill(app: AppProcess, tokens: list[str]) -> set[int]:
    phones = [await _ready(app, i, token) for i, token in enumerate(tokens)]
    acked: set[int] = set()
    try:
        sends = [asyncio.create_task(_send(p, acked)) for p in phones]
        while not acked:  # the burst is under way: kill at the first acknowledgement
            await asyncio.sleep(0.005)
        app.process.kill()
        app.process.wait(timeout=30)
        for phone in phones:
            phone.stats.connection_errors.clear()
        for task in sends:
            task.cancel()
        await asyncio.gather(*sends, return_exceptions=True)
        return set(acked)
    finally:
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)


async def _carry_on(app: AppProcess, tokens: list[str], acked: set[int]) -> set[int]:
    """After the restart: every phone opens its own link again; the rest send now."""
    phones = [await _ready(app, i, token) for i, token in enumerate(tokens)]
    saved: set[int] = set()
    try:
        for phone in phones:
            if phone.number in acked:
                # His answer is shown back to him from the database, as saved.
                await phone.wait_for_text(_text(phone.number), WAIT)
                saved.add(phone.number)
        await asyncio.gather(*(_send(p, saved) for p in phones if p.number not in acked))
        return saved
    finally:
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)


def _stored(store: Store, room_id: str) -> list[object]:
    with store.reading() as tx:
        return [a.value for a in tx.answers(room_id, PROMPT_ID)]


def test_sigkill_mid_burst_loses_no_acknowledged_answer(
    store_settings: Settings, tmp_path: Path
) -> None:
    store = open_store(store_settings)
    app: AppProcess | None = None
    try:
        bench = open_bench_room(store, slides=1)
        room = rooms.get_room(store, bench.room_id)
        room = rooms.jump_to(store, room.id, room.revision, bench.prompt_index)
        rooms.open_prompt(store, room.id, room.revision)
        tokens = [rooms.join(store, bench.join_code).token for _ in range(PHONES)]
        env = app_env(store_settings, poll=1.0)
        app = start_app(tmp_path, env, name="before")
        wait_healthy(app)
        with ThreadPoolExecutor(max_workers=1) as pool:
            acked = pool.submit(asyncio.run, _burst_and_kill(app, tokens)).result()
        assert app.process.returncode == -9
        assert acked, "no answer was acknowledged before the kill"
        print(f"acknowledged before the kill: {len(acked)} of {PHONES}")

        stored = _stored(store, bench.room_id)
        for number in acked:  # every acknowledged answer, exactly once
            assert stored.count(_text(number)) == 1, number
        assert len(stored) == len(set(stored)) <= PHONES

        app = start_app(tmp_path, env, name="after", port=app.port)
        wait_healthy(app)
        with ThreadPoolExecutor(max_workers=1) as pool:
            saved = pool.submit(asyncio.run, _carry_on(app, tokens, acked)).result()
        assert saved == set(range(PHONES))
        assert sorted(_stored(store, bench.room_id)) == sorted(_text(n) for n in range(PHONES))
    finally:
        if app is not None:
            app.stop()
        store.dispose()
