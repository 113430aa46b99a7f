"""Test and tool harness: shared by tests, benchmarks and scripts; not part of the app.

- ``appserver``: the one launcher of the real app (``streamlit run app.py``) on
  a free 127.0.0.1 port, with a clean environment and its own log.
- ``load_client``: simulated phones that speak Streamlit's websocket protocol.
- ``load_room``: the load benchmark's curriculum, room and app environment,
  shared by ``benchmarks/load_*.py`` and ``tests/test_load_client.py``.
- ``chromium``: where Chromium is (found on PATH) and how it is started headless.

Nothing in ``workshop/`` imports this package. Tests run from the repository
root (``python -m pytest``), so ``harness`` imports as it is; the benchmark and
script files put the repository root on ``sys.path`` themselves.
"""
