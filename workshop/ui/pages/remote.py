"""Page script: the presenter remote."""

from workshop.ui.remote import render

render()
