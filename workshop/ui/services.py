"""What pages ask of the process: the store, the settings and the policy read from them.

A small façade over the one initialiser's context (``workshop.ui.context``):
pages call ``services()`` once per run and ask it for what they need. Policy
values live here, read from the settings once, so a page never threads the
small-number rule ``k`` through its calls: ``svc.prompt_results(...)`` and the
exports apply it themselves.

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

from workshop import rooms
from workshop.config import Settings
from workshop.export import export_csv
from workshop.results import PromptSummary
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
    def min_group(self) -> int:
        """The small-number rule: fewer answers than this and nothing is shown."""
        return self.context.settings.min_group

    def prompt_results(self, room_id: str, prompt_id: str) -> PromptSummary:
        """A prompt's results under the small-number rule."""
        return rooms.prompt_results(self.store, room_id, prompt_id, self.min_group)

    def export_csv(self, target: str) -> bytes:
        """A group's or room's anonymous results as CSV bytes (``workshop.export``)."""
        return export_csv(self.store, target, self.min_group).csv.encode("utf-8")

    def export_csv_later(self, target: str) -> Deferred:
        """:meth:`export_csv`, built only when the download button is pressed."""
        return functools.partial(self.export_csv, target)

    def group_summary(self, room_id: str, paper: str) -> bytes:
        """An ended room's group summary PDF under the small-number rule."""
        return group_summary_for(self.store, room_id, self.min_group, paper).data

    def group_summary_later(self, room_id: str, paper: str) -> Deferred:
        """:meth:`group_summary`, built only when the download button is pressed."""
        return functools.partial(self.group_summary, room_id, paper)


def services() -> Services:
    """The process's services, over the one initialiser in ``workshop.ui.context``.

    ``workshop.ui.main`` has already built the context (or shown why it
    cannot) before any page runs, so this is a cache hit.
    """
    return Services(app_context())
