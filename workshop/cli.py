"""Command line for organisers: validate, handouts, export, purge.

Each command is a thin wrapper: parse arguments, call one domain function,
print a result a person can act on, exit 0 on success and 1 on a problem.
"""

from __future__ import annotations

from pathlib import Path

import click

from workshop.curriculum import Curriculum, CurriculumError, load_curriculum
from workshop.validation import summarize, warnings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Open Circle: tools for organisers of a men's group programme."""


def main() -> None:
    """Entry point used by ``python -m workshop``."""
    cli(prog_name="python -m workshop")


# --- validate: check curriculum files (issue 2) ----------------------------------


def _print_summary(path: str, curriculum: Curriculum) -> None:
    report = summarize(curriculum)
    types = ", ".join(f"{count} {name}" for name, count in report.steps_by_type)
    kinds = ", ".join(f"{count} {name}" for name, count in report.prompts_by_kind)
    click.echo(f"{path}: valid — {report.title} (id {report.id}, version {report.version})")
    click.echo(f"  {len(report.sessions)} sessions, {report.step_count} steps ({types})")
    click.echo(f"  {report.prompt_count} prompts ({kinds})")
    click.echo("   #  session                    minutes  steps  step minutes")
    for session in report.sessions:
        click.echo(
            f"  {session.number:>2}  {session.id[:25]:<25}  {session.minutes:>7}"
            f"  {session.steps:>5}  {session.step_minutes:>12}"
        )
    for warning in warnings(curriculum):
        click.echo(f"  warning: {warning}")


@cli.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check curriculum files: a summary when valid, every problem when not.

    Exits 0 when every file is valid (warnings do not fail), 1 otherwise.
    """
    failed = 0
    for index, path in enumerate(paths):
        if index:
            click.echo()
        try:
            curriculum = load_curriculum(path)
        except CurriculumError as exc:
            failed += 1
            for problem in exc.problems:
                click.echo(problem)
            click.echo(f"{path}: NOT valid — {len(exc.problems)} problem(s)")
        else:
            _print_summary(str(path), curriculum)
    if failed:
        raise SystemExit(1)
