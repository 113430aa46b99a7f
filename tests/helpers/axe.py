"""An axe-core audit of an open page, shared by the browser tests.

axe-core comes from npm, pinned by tests/browser/axe/package-lock.json
(``.ci/run`` installs it with ``npm ci``), and is injected into the page.
Only serious and critical violations are returned; a test passes its own
allow-list (rule id → the reason, written beside it), meant only for what
Streamlit's own chrome draws, never for what this app draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from helpers.ci import require_or_skip

AXE = (
    Path(__file__).resolve().parents[1]
    / "browser"
    / "axe"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)

_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ') + ' | ' + n.failureSummary
      + ' | ' + n.html.slice(0, 200))}));
}"""


def axe_violations(page: object, allowed: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The serious and critical axe-core violations on ``page``, less ``allowed``'s rule ids.

    Each violation is ``{id, impact, help, nodes}``, ``nodes`` one line per
    element (selector, what fails, the start of its HTML), so an assertion's
    message says what to fix. Without axe-core installed the test skips (fails
    under ``CI=true``).
    """
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    if not AXE.exists():
        require_or_skip("axe-core is not installed: run `npm ci --prefix tests/browser/axe`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(_RUN)
    skip = allowed or {}
    return [v for v in result if v["impact"] in ("serious", "critical") and v["id"] not in skip]
