"""Page script: the join page."""

from workshop.ui.phone import render

render()
