"""Fails loudly when Streamlit changes the public API the app is built on.

``app.py`` hands ``st.App`` a script path, ``lifespan`` and ``routes``; the
live listener (``workshop.ui.live_stream``) registers a components-v2
component by name with inline ``js`` and mounts it with ``key``, ``data``,
``height`` and an ``on_event_change`` callback. The one private write left
(``streamlit.net_util._external_ip``, see ``workshop.ui.context``) is checked
too, so an upgrade that renames it is noticed.
"""

from __future__ import annotations

import inspect

import streamlit as st
import streamlit.components.v2 as components_v2
import streamlit.net_util as net_util
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


def test_the_external_address_cache_is_still_where_the_app_blanks_it() -> None:
    assert hasattr(net_util, "_external_ip")
    assert callable(net_util.get_external_ip)
