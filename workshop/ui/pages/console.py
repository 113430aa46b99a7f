"""Page script: the console page."""

from workshop.ui.facilitator import render

render()
