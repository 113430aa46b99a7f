"""The sign-in route with a group's facilitator passcode, against the real app
(``harness/appserver.py``) on its SQLite file (issue 14): the passcode decides
the cookie's scope, a wrong group passcode is refused and counted like any
wrong one, and a group's new passcode ends the old one's sign-ins."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from harness import appserver
from harness.appserver import AppProcess
from workshop import auth, rooms, signin
from workshop.config import Settings
from workshop.store import Store, open_store
from workshop.web.signin import WRONG

ORGANISER_PASSCODE = "the organiser passcode for these tests"
CURRICULUM = (Path(__file__).parent / "live_data" / "mini.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppProcess, Store]]:
    """The app and a store on the same database file."""
    folder = tmp_path_factory.mktemp("groupsignin")
    env = {
        "WORKSHOP_DATA_DIR": str(folder / "data"),
        "WORKSHOP_FACILITATOR_PASSCODE": ORGANISER_PASSCODE,
    }
    process = appserver.start_app(folder, env, name="app")
    store: Store | None = None
    try:
        appserver.wait_healthy(process)
        store = open_store(Settings(data_dir=folder / "data"))
        yield process, store
    finally:
        if store is not None:
            store.dispose()
        process.stop()


def _post(app: AppProcess, passcode: str) -> tuple[int, str, str | None]:
    """(status, page, the sign-in cookie's value if one was set) of a sign-in POST."""
    conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=60)
    conn.request(
        "POST",
        "/signin",
        body=urlencode({"passcode": passcode, "next": "/console"}),
        # The routing cookie a browser already has, so the only cookie set is the sign-in's.
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": "oc_node=b1"},
    )
    response = conn.getresponse()
    page = response.read().decode()
    conn.close()
    value = None
    for name, header in response.getheaders():
        if name.lower() == "set-cookie" and header.startswith(f"{signin.COOKIE_NAME}="):
            value = header.split(";")[0].split("=", 1)[1]
    return response.status, page, value


def test_a_group_passcode_signs_in_to_that_group_only(served: tuple[AppProcess, Store]) -> None:
    app, store = served
    tuesday = rooms.create_group(store, "Tuesday men", "mini", CURRICULUM)
    thursday = rooms.create_group(store, "Thursday men", "mini", CURRICULUM)
    passcode = auth.set_group_passcode(store, tuesday.id)
    assert passcode is not None

    status, _page, cookie = _post(app, passcode)
    assert status == 303 and cookie is not None
    scope = signin.scope_of(store, cookie)
    assert scope == signin.Scope(tuesday.id)
    assert not scope.reaches(thursday.id)

    # The same form with the organiser passcode: every group.
    status, _page, organiser = _post(app, ORGANISER_PASSCODE)
    assert status == 303 and signin.scope_of(store, organiser) == signin.ORGANISER

    # A wrong group passcode: the console's refusal, counted in the shared count.
    status, page, none = _post(app, passcode[:-1] + ("A" if passcode[-1] != "A" else "B"))
    assert status == 401 and none is None
    assert WRONG.replace("'", "&#x27;") in page
    assert auth.failures(store) == 1

    # A new passcode for the group: the old one's sign-in ends, the old one is refused.
    new = auth.set_group_passcode(store, tuesday.id)
    assert new is not None
    assert signin.scope_of(store, cookie) is None
    assert signin.scope_of(store, organiser) == signin.ORGANISER
    assert _post(app, passcode)[0] == 401
    status, _page, fresh = _post(app, new)
    assert status == 303 and signin.scope_of(store, fresh) == signin.Scope(tuesday.id)
    assert auth.failures(store) == 0
