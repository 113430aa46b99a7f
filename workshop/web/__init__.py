"""The app process beyond Streamlit's pages: start-up, the start-up message and HTTP routes.

Starlette only, never streamlit: ``startup`` (the one initialiser and the
runtime it keeps), ``banner`` (the start-up message), ``routes`` (``/healthz``
and the live event stream). ``app.py`` wires them into ``st.App``.
"""
