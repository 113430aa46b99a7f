"""Helpers shared by test modules, so that no test module imports another.

``pyproject.toml`` puts ``tests/`` on ``sys.path`` (pytest's ``pythonpath``),
so tests import these as ``helpers.<module>`` from any folder under tests/.
What tests share with benchmarks and scripts (the app launcher, the load
client, the Chromium lookup) lives in the top-level ``harness`` package.
"""
