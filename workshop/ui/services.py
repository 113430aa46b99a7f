"""What pages ask of the process: the store, the settings and the policy read from them.

A small façade over the one initialiser's context (``workshop.ui.context``):
pages call ``services()`` once per run and ask it for what they need. Policy
values live here, read from the settings once, so a page never threads the
small-number rule ``k`` through its calls: every result leaves through
``svc.gate`` (``workshop.disclosure``), which owns the policy.

Downloads are deferred: :meth:`Services.export_csv_later` and
:meth:`Services.group_summary_later` return callables for
``st.download_button(data=...)``, which Streamlit calls only when the button is
pressed (in its download thread), so a rerun that did not ask for a file never
builds one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from workshop.config import Settings
from workshop.disclosure import Audience, Gate, Release
from workshop.export import export_csv
from workshop.store import Store
from workshop.takeaway import group_summary_for
from workshop.ui.context import AppContext, app_context

Deferred = Callable[[], bytes]
"""A file built when it is called: ``st.download_button``'s deferred ``data``."""


@dataclass(frozen=True)
class Services:
    """The process's store and settings, and the policy pages apply through them."""

    context: AppContext

    @property
    def store(self) -> Store:
        """The one store of the process."""
        return self.context.store

    @property
    def settings(self) -> Settings:
        """The process's settings (environment, with defaults)."""
        return self.context.settings

    @property
    def gate(self) -> Gate:
        """The disclosure gate: every result, preview and notice a page shows."""
        return Gate.from_settings(self.store, self.settings)

    @property
    def min_group(self) -> int:
        """The small-number rule: fewer answers than this and nothing is shown."""
        return self.gate.k

    def release(self, room_id: str, prompt_id: str, audience: Audience) -> Release:
        """A prompt's results as the gate releases them to ``audience``."""
        return self.gate.release(room_id, prompt_id, audience)

    def export_csv(self, target: str) -> bytes:
        """A group's or room's anonymous results as CSV bytes (``workshop.export``)."""
        return export_csv(self.gate, target).csv.encode("utf-8")

    def export_csv_later(self, target: str) -> Deferred:
        """:meth:`export_csv`, built only when the download button is pressed."""
        return functools.partial(self.export_csv, target)

    def group_summary(self, room_id: str, paper: str) -> bytes:
        """An ended room's group summary PDF under the small-number rule."""
        return group_summary_for(self.gate, room_id, paper).data

    def group_summary_later(self, room_id: str, paper: str) -> Deferred:
        """:meth:`group_summary`, built only when the download button is pressed."""
        return functools.partial(self.group_summary, room_id, paper)


def services() -> Services:
    """The process's services, over the one initialiser in ``workshop.ui.context``.

    ``workshop.ui.main`` has already built the context (or shown why it
    cannot) before any page runs, so this is a cache hit.
    """
    return Services(app_context())
