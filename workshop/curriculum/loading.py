"""Load a curriculum: bytes or a file in, a validated ``Curriculum`` or one ``CurriculumError`` out.

The size is checked before anything is read or parsed; ``yamlread`` turns the
text into plain data with marks, the models validate it, and ``messages``
turns every failure into a line that names file, line, column and field.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from workshop.curriculum.messages import explain
from workshop.curriculum.models import Curriculum, CurriculumError
from workshop.curriculum.problems import Problem, render
from workshop.curriculum.yamlread import MAX_BYTES, YamlRefused, bad_bytes, read_yaml


def _too_big(path: Path, size: int) -> str:
    return (
        f"{path}:1:1: (file): the file is {size} bytes, more than the limit of {MAX_BYTES} "
        "— split the programme into several files or shorten it"
    )


def parse_curriculum_bytes(data: bytes, path: Path) -> Curriculum:
    """Validate curriculum YAML bytes; ``path`` only names the source in messages.

    Raises ``CurriculumError`` listing every problem found, and nothing else.
    """
    if len(data) > MAX_BYTES:
        raise CurriculumError(path, [_too_big(path, len(data))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CurriculumError(path, render(path, [bad_bytes(data, exc)])) from None
    try:
        read = read_yaml(text.removeprefix("\ufeff"))
    except YamlRefused as refused:
        raise CurriculumError(path, render(path, refused.problems)) from None
    problems = list(read.problems)
    try:
        curriculum = Curriculum.model_validate(read.data)
    except ValidationError as exc:
        problems += explain(exc.errors(), read.data, read.marks, read.refused)
        if not problems:  # every error lies beneath something refused and reported
            problems.append(
                Problem(
                    1, 1, "(top level)", "the curriculum is not valid — check it against the guide"
                )
            )
    if problems:
        raise CurriculumError(path, render(path, problems))
    return curriculum


def parse_curriculum_file(path: Path) -> Curriculum:
    """Read a curriculum file and validate it.

    The size is checked twice before parsing: by ``stat`` (a huge file is never
    read) and by the bytes actually read (a pipe, a device, or a file that grows
    while we read it, reports a size that cannot be trusted).
    """
    try:
        if not path.exists():
            raise CurriculumError(
                path, [f"{path}:1:1: (file): no such file — check the path and its spelling"]
            )
        if path.is_dir():
            raise CurriculumError(
                path,
                [f"{path}:1:1: (file): this is a folder — give the path of a .yaml file in it"],
            )
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CurriculumError(path, [_too_big(path, size)])
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CurriculumError(
            path,
            [f"{path}:1:1: (file): cannot read the file: {exc.strerror} — check its permissions"],
        ) from None
    if len(data) > MAX_BYTES:
        raise CurriculumError(path, [_too_big(path, len(data))])
    return parse_curriculum_bytes(data, path)


def load_curriculum(path: Path | str) -> Curriculum:
    """Read and validate a curriculum YAML file.

    Raises ``CurriculumError`` listing every problem found, never anything else.
    """
    return parse_curriculum_file(Path(path))


def parse_curriculum_text(text: str, source: str = "<text>") -> Curriculum:
    """Validate curriculum YAML given as text (used for room snapshots)."""
    return parse_curriculum_bytes(text.encode("utf-8"), Path(source))
