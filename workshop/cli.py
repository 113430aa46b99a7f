"""Command line for organisers: validate, handouts, export, purge.

Each command is a thin wrapper: parse arguments, call one domain function,
print a result a person can act on, exit 0 on success and 1 on a problem.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Open Circle: tools for organisers of a men's group programme."""


def main() -> None:
    """Entry point used by ``python -m workshop``."""
    cli(prog_name="python -m workshop")


# --- handouts (issue 6): session handouts and the facilitator guide as PDFs ----------------


@cli.command("handouts")
@click.argument("curriculum_path", metavar="CURRICULUM", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("handouts"),
    show_default=True,
    help="Folder for the PDFs; created when only the folder itself is missing.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Page size: A4, or US Letter.",
)
@click.option("--guide", is_flag=True, help="Also write the facilitator guide.")
def handouts_command(curriculum_path: Path, out_dir: Path, paper: str, guide: bool) -> None:
    """Write one handout PDF per session of CURRICULUM (and the guide with --guide)."""
    from workshop.curriculum import CurriculumError, load_curriculum
    from workshop.handouts import (
        HandoutError,
        plan_documents,
        prepare_folder,
        write_document,
    )

    try:
        curriculum = load_curriculum(curriculum_path)
    except CurriculumError as exc:
        click.echo(f"{curriculum_path} is not a valid curriculum; fix these and try again:")
        for problem in exc.problems:
            click.echo(f"  - {problem}")
        sys.exit(1)
    try:
        folder = prepare_folder(out_dir)
        planned = plan_documents(curriculum, paper.lower(), guide=guide)
        written = []
        with click.progressbar(
            planned,
            label=f"Printing {curriculum.title}",
            item_show_func=lambda doc: doc.label if doc else None,
        ) as bar:
            for document in bar:
                written.append(write_document(folder, document.filename, document.build()))
    except HandoutError as exc:
        click.echo(f"Error: {exc}")
        sys.exit(1)
    click.echo(f"Wrote {len(written)} PDFs ({paper.upper()}) to {folder}/")
