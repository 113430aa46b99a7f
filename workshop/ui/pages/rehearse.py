"""Page script: the curriculum browser (rehearsal mode)."""

from workshop.ui.browser import render

render()
