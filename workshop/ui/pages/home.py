"""Page script: the home page (curricula and their state)."""

from workshop.ui.home import render

render()
