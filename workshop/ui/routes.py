"""Every page of the app, named once: its script, its URL path and its title.

Pages link to each other through these (``st.page_link(routes.CONSOLE.script)``,
``st.switch_page``), ``workshop.ui.main`` builds the navigation from them, and
tests open pages by them, so renaming a page's address is a one-line change.
The join page's path comes from ``workshop.qr``, below the UI, because the
join URL in the QR code needs it too.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.qr import JOIN_PATH


@dataclass(frozen=True)
class Route:
    """One page: its script (relative to ``app.py``), URL path and title."""

    script: str
    url_path: str
    """The path after the base URL; "" for the home page, served at "/"."""
    title: str


HOME = Route("workshop/ui/pages/home.py", "", "Open Circle")
REHEARSE = Route("workshop/ui/pages/rehearse.py", "rehearse", "Rehearse")
CONSOLE = Route("workshop/ui/pages/console.py", "console", "Facilitator console")
PROJECTOR = Route("workshop/ui/pages/projector.py", "projector", "Projector")
JOIN = Route("workshop/ui/pages/join.py", JOIN_PATH, "Join")
ORGANISER = Route("workshop/ui/pages/organiser.py", "organiser", "Organiser")
REMOTE = Route("workshop/ui/pages/remote.py", "remote", "Presenter remote")

ALL: tuple[Route, ...] = (HOME, REHEARSE, CONSOLE, PROJECTOR, JOIN, ORGANISER, REMOTE)
"""Every page, in navigation order; the first is the default."""
