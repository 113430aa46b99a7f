"""Page script: the organiser page."""

from workshop.ui.organiser import render

render()
