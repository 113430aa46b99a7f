"""A fleet of simulated phones in one load-client process, driven over stdin/stdout.

``benchmarks/load_phones.py`` starts one or more of these
(``python -m harness.load_fleet CONFIG_JSON``) so the client side of a large
run can use more than one core. Each fleet connects its phones by the join
code, then reports by itself, one JSON line each on stdout (times are
``time.monotonic()``, one clock for every process of the machine):

- ``{"joined": n, "errors": [...]}`` once every phone shows a slide;
- ``{"seen": title, "phone": n, "t": t}`` the first time a phone is sent a slide title;
- ``{"event": n, "t": t}`` for each ``revision`` event a phone hears;
- ``{"saved": n, "pressed": t0, "t": t1}`` when the word prompt opened, the
  phone typed a word and pressed Send at a random moment within the spread,
  and its page said "Saved.";
- ``{"done": true, "errors": [...], "events": n, "polls": n, "streams": n}``
  after ``stop`` arrives on stdin.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from typing import Any

from harness.load_client import Phone, Transport
from harness.load_room import ANSWER_KEY, SEND_KEY, slide_title
from harness.load_sse import Event

SLIDE_PREFIX = slide_title(0)[:-2]


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


class Fleet:
    """Phones ``numbers`` of a run, spread over the app processes by number."""

    def __init__(self, config: dict[str, Any]) -> None:
        urls: list[str] = config["stream_urls"]
        transport: Transport = config["transport"]
        self.spread = float(config["answer_spread"])
        self.timeout = float(config["timeout"])
        self.phones = [
            Phone(n, urls[n % len(urls)], f"code={config['join_code']}", transport=transport)
            for n in config["numbers"]
        ]
        self._seen: set[tuple[int, str]] = set()
        self._answering: set[int] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._moments = random.Random(11 + min(config["numbers"], default=0))
        self.errors: list[str] = []
        for phone in self.phones:
            phone.on_text = self._text
            phone.on_event = self._event

    def _text(self, phone: Phone, text: str, now: float) -> None:
        if text.startswith(SLIDE_PREFIX) and (phone.number, text) not in self._seen:
            self._seen.add((phone.number, text))
            _emit({"seen": text, "phone": phone.number, "t": now})
        elif text == "Send" and phone.number not in self._answering:
            self._answering.add(phone.number)
            self._tasks.append(asyncio.create_task(self._answer(phone)))

    def _event(self, phone: Phone, event: Event, now: float) -> None:
        if event.name == "revision":
            _emit({"event": phone.number, "t": now})

    async def _answer(self, phone: Phone) -> None:
        try:
            await asyncio.sleep(self._moments.uniform(0, self.spread))
            await phone.idle(self.timeout)
            phone.set_text(ANSWER_KEY, f"steady{phone.number % 7}")
            pressed = time.monotonic()
            await phone.press(SEND_KEY)
            await phone.wait_for_text("Saved.", self.timeout)
            _emit({"saved": phone.number, "pressed": pressed, "t": time.monotonic()})
        except (TimeoutError, OSError, KeyError) as exc:
            self.errors.append(f"phone {phone.number} answer: {exc!r}"[:300])

    async def join(self, parallel: int = 10) -> None:
        """Connect every phone (``parallel`` at a time, like a room scanning the QR code)."""
        gate = asyncio.Semaphore(parallel)

        async def one(phone: Phone) -> None:
            async with gate:
                await phone.connect()
                await phone.wait_for_text(SLIDE_PREFIX, self.timeout)  # whichever slide is on

        results = await asyncio.gather(*(one(p) for p in self.phones), return_exceptions=True)
        # Phones that did not get in stay connected (they still load the server).
        errors = [f"join: {r!r}"[:300] for r in results if isinstance(r, BaseException)]
        joined = sum("token=" in p.query_string for p in self.phones)
        _emit({"joined": joined, "errors": errors})

    async def finish(self) -> None:
        """Close every phone; report what went wrong."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await asyncio.gather(*(p.close() for p in self.phones), return_exceptions=True)
        for phone in self.phones:
            s = phone.stats
            self.errors += [f"phone {phone.number}: {e}" for e in s.connection_errors]
            self.errors += [f"phone {phone.number}: {e}" for e in s.stream_errors]
            self.errors += [f"phone {phone.number} shown: {e}" for e in s.error_alerts]
            if s.exceptions:
                self.errors.append(f"phone {phone.number}: {s.exceptions} exception element(s)")
        _emit(
            {
                "done": True,
                "errors": self.errors,
                "events": sum(p.stats.events_heard for p in self.phones),
                "polls": sum(p.stats.polls_sent + p.stats.ticks_sent for p in self.phones),
                "streams": sum(p.stats.streams_opened for p in self.phones),
                "heals": sum(p.stats.heals for p in self.phones),
            }
        )


async def run(config: dict[str, Any]) -> None:
    """Join, report until ``stop`` on stdin, then close and report."""
    fleet = Fleet(config)
    await fleet.join()
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line or line.strip() == "stop":
            break
    await fleet.finish()


if __name__ == "__main__":
    asyncio.run(run(json.loads(sys.argv[1])))
