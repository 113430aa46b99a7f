"""The Streamlit script ``st.App`` runs for every browser session (``app.py`` serves it).

Page config and navigation only; the page scripts resolve from this folder.
AppTest opens this file (it runs no lifespan: ``workshop.ui.context`` calls
the same initialiser on the first page run).
"""

from workshop.ui.main import run

run()
