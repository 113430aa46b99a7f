"""The facilitator's sign-in and sign-out routes (Starlette, no streamlit).

- ``GET /signin?next=/console``: a small page with the passcode form (a real
  HTML form: Streamlit widgets cannot set cookies).
- ``POST /signin`` (``passcode``, ``next``): the passcode is checked in the
  thread pool (scrypt, the growing delay and the wait for a turn never run on
  the server's event loop). The organiser passcode and each group's
  facilitator passcode are checked by the same form: the one that is right
  decides the sign-in's scope (``workshop.auth.check_signin``). Right: a
  sign-in record with that scope is made
  (``workshop.signin``), its cookie is set (HttpOnly, ``SameSite=Strict``,
  12 h) and the browser is sent back (303) to ``next``. Wrong: the form again,
  with one sentence (401).
- ``POST /signout``: the record is removed, the cookie cleared, back to the form.

``next`` is only ever a path on this site (``safe_next``): anything else
(another host, ``//host``, a scheme, a backslash) sends the browser to the
console instead, so the form cannot be used to bounce a facilitator elsewhere.
A POST whose ``Origin`` is another site is refused.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from workshop import auth, signin
from workshop.store import StoreError
from workshop.web.startup import current

SIGNIN_PATH = "/signin"
SIGNOUT_PATH = "/signout"
DEFAULT_NEXT = "/console"
MAX_BODY = 4096

WRONG = (
    "That passcode is not right. Check it and try again; the organiser who set up "
    "this laptop has it."
)
UNAVAILABLE = (
    "The database cannot be reached right now, so nobody can sign in. Wait a few "
    "seconds and try again."
)

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Open Circle: sign in</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }}
label, input, button {{ display: block; font-size: 1.1rem; margin: .5rem 0; }}
input {{ width: 100%; padding: .5rem; box-sizing: border-box; }}
button {{ padding: .6rem 1.4rem; }}
.error {{ color: #a00; }}
</style></head>
<body>
<h1>Facilitator sign-in</h1>
<p>This page is for the facilitator and organisers.</p>
{message}
<form method="post" action="{action}">
<label for="passcode">Passcode</label>
<input id="passcode" name="passcode" type="password" autocomplete="current-password" autofocus>
<input type="hidden" name="next" value="{next}">
<button type="submit">Unlock</button>
</form>
</body></html>
"""

_NO_STORE = {"Cache-Control": "no-store"}


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else the console."""
    text = (target or "").strip()
    if (
        not text.startswith("/")
        or text.startswith("//")
        or "\\" in text
        or len(text) > 1000
        or any(ord(c) < 32 or ord(c) == 127 for c in text)
    ):
        return DEFAULT_NEXT
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or parts.path.startswith((SIGNIN_PATH, SIGNOUT_PATH)):
        return DEFAULT_NEXT
    return text


def signin_url(next_path: str) -> str:
    """Where a locked page sends the browser: the form, coming back to ``next_path``."""
    return f"{SIGNIN_PATH}?{urlencode({'next': safe_next(next_path)})}"


def _form(next_path: str, message: str = "", status: int = 200) -> HTMLResponse:
    shown = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    body = _PAGE.format(
        message=shown, action=SIGNIN_PATH, next=html.escape(safe_next(next_path), quote=True)
    )
    return HTMLResponse(body, status_code=status, headers=_NO_STORE)


def _same_site(request: Request) -> bool:
    """Whether the form was posted from this app's own pages.

    Browsers say so in ``Sec-Fetch-Site``; the sign-in page asks for no
    referrer, and Chromium then sends ``Origin: null`` even for its own
    form, so ``Origin`` is the fallback for browsers without fetch metadata.
    A client that sends neither (a script) gains nothing: it still needs the
    passcode, and no browser lets another site's page omit both.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded.split(",")[0].strip() == "https"


async def signin_form(request: Request) -> Response:
    """``GET /signin``: the form."""
    return _form(request.query_params.get("next", DEFAULT_NEXT))


def _check_and_sign_in(attempt: str) -> str | None:
    """The new sign-in's cookie value when ``attempt`` is right (blocking)."""
    runtime = current()
    if runtime is None:
        raise StoreError("the app is still starting")
    store = runtime.store
    # The passcode decides the scope: the organiser's, or one group's.
    scope = auth.check_signin(store, attempt) if attempt else None
    if scope is None:
        return None
    return signin.sign_in(store, scope)


async def signin_post(request: Request) -> Response:
    """``POST /signin``: check the passcode off the event loop; cookie and 303, or the form."""
    if not _same_site(request):
        return Response("Sign in from this app's own page.", status_code=403)
    body = await request.body()
    fields = parse_qs(body[:MAX_BODY].decode("utf-8", errors="replace"))
    attempt = (fields.get("passcode") or [""])[0]
    next_path = safe_next((fields.get("next") or [DEFAULT_NEXT])[0])
    try:
        cookie = await run_in_threadpool(_check_and_sign_in, attempt)
    except StoreError:
        return _form(next_path, UNAVAILABLE, status=503)
    if cookie is None:
        return _form(next_path, WRONG, status=401)
    response = RedirectResponse(next_path, status_code=303, headers=_NO_STORE)
    response.set_cookie(
        signin.COOKIE_NAME,
        cookie,
        max_age=signin.SIGNIN_SECONDS,
        path="/",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response


def _sign_out(cookie: str | None) -> None:
    runtime = current()
    if runtime is not None:
        signin.sign_out(runtime.store, cookie)


async def signout_post(request: Request) -> Response:
    """``POST /signout``: remove the record, clear the cookie, back to the form."""
    if not _same_site(request):
        return Response("Sign out from this app's own page.", status_code=403)
    try:
        await run_in_threadpool(_sign_out, request.cookies.get(signin.COOKIE_NAME))
    except StoreError:
        return _form(DEFAULT_NEXT, UNAVAILABLE, status=503)
    response = RedirectResponse(signin_url(DEFAULT_NEXT), status_code=303, headers=_NO_STORE)
    response.delete_cookie(signin.COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response


def signin_routes() -> list[Route]:
    """The sign-in routes ``app.py`` hands to ``st.App`` (with ``workshop.web.routes``)."""
    return [
        Route(SIGNIN_PATH, signin_form, methods=["GET"]),
        Route(SIGNIN_PATH, signin_post, methods=["POST"]),
        Route(SIGNOUT_PATH, signout_post, methods=["POST"]),
    ]
