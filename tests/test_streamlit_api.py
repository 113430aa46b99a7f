"""Fails loudly when Streamlit changes the public API the app is built on.

``app.py`` hands ``st.App`` a script path, ``lifespan`` and ``routes``; the
live listener (``workshop.ui.live_stream``) registers a components-v2
component by name with inline ``js`` and mounts it with ``key``, ``data``,
``height`` and an ``on_event_change`` callback. No private Streamlit module
is used (``test_no_module_of_the_app_imports_a_private_streamlit_module``).
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import streamlit as st
import streamlit.components.v2 as components_v2
from streamlit.components.v2.types import ComponentRenderer


def test_st_app_takes_the_script_lifespan_and_routes() -> None:
    parameters = inspect.signature(st.App).parameters
    assert next(iter(parameters)) == "script_path"
    for name in ("lifespan", "routes"):
        assert name in parameters, f"st.App lost {name!r}"
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY


def test_components_v2_registers_inline_js_and_mounts_with_data() -> None:
    parameters = inspect.signature(components_v2.component).parameters
    assert next(iter(parameters)) == "name"
    assert "js" in parameters
    mount = inspect.signature(ComponentRenderer.__call__).parameters
    for name in ("key", "data", "height"):
        assert name in mount, f"the component mount lost {name!r}"
    assert any(p.kind is inspect.Parameter.VAR_KEYWORD for p in mount.values()), (
        "the component mount no longer takes on_<name>_change callbacks"
    )


def test_st_app_takes_middleware() -> None:
    assert "middleware" in inspect.signature(st.App).parameters


PUBLIC_STREAMLIT = {
    "streamlit",
    "streamlit.components.v2",
    "streamlit.components.v2.types",
    "streamlit.delta_generator",
    "streamlit.errors",
    "streamlit.testing.v1",
}
"""Streamlit modules the app may import: the documented API and its types."""


def test_no_module_of_the_app_imports_a_private_streamlit_module() -> None:
    root = Path(__file__).resolve().parents[1]
    found: dict[str, set[str]] = {}
    for path in [
        root / "app.py",
        root / "app_pages.py",
        *sorted((root / "workshop").rglob("*.py")),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "streamlit" and name not in PUBLIC_STREAMLIT:
                    found.setdefault(str(path.relative_to(root)), set()).add(name)
    assert found == {}
