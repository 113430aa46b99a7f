"""Command line for organisers: validate, handouts, export, purge.

Each command is a thin wrapper: parse arguments, call one domain function,
print a result a person can act on, exit 0 on success and 1 on a problem.
"""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Open Circle: tools for organisers of a men's group programme."""


def main() -> None:
    """Entry point used by ``python -m workshop``."""
    cli(prog_name="python -m workshop")
