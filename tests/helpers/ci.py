"""Skip or fail when a test's outside requirement (PostgreSQL, Chromium) is missing.

On a developer's laptop a missing server or browser skips the tests that need
it, with the reason in the summary. Under CI (``CI=true``, as ``.ci/run`` and
hosted CI services set it) the same absence fails them: a green CI run must
mean the PostgreSQL and browser tests ran, not that they were skipped.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

CI_ENV = "CI"


def in_ci() -> bool:
    """Whether this run is CI's (``CI`` set to true, 1 or yes)."""
    return os.environ.get(CI_ENV, "").strip().lower() in {"true", "1", "yes"}


def require_or_skip(reason: str) -> NoReturn:
    """Fail the test under CI, skip it otherwise; ``reason`` says what is missing."""
    if in_ci():
        why = f"{reason} ({CI_ENV}={os.environ[CI_ENV]}: CI must not skip this)"
        pytest.fail(why, pytrace=False)
    pytest.skip(reason)
