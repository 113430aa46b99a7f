"""Page scripts run by ``st.navigation``: each only calls one render function.

They are files (not callables) so AppTest can open them with ``switch_page``.
"""
