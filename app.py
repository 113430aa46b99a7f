"""Composition root: page config and navigation. Run with ``streamlit run app.py``."""

from workshop.ui.main import run

run()
