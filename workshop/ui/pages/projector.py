"""Page script: the projector page."""

from workshop.ui.projector import render

render()
