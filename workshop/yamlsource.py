"""Read curriculum YAML safely and turn every failure into a ``CurriculumError``.

First version: safe loader and model validation only. Line numbers, duplicate
keys, size and alias limits come with the validator work (issue 2).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from workshop.curriculum import Curriculum, CurriculumError


def parse_curriculum_bytes(data: bytes, path: Path) -> Curriculum:
    """Validate curriculum YAML bytes; ``path`` only names the source in messages."""
    try:
        raw = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CurriculumError(path, [f"{path}: {exc}"]) from None
    try:
        return Curriculum.model_validate(raw)
    except ValidationError as exc:
        problems = [
            f"{path}: {'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        ]
        raise CurriculumError(path, problems) from None


def parse_curriculum_file(path: Path) -> Curriculum:
    """Read a curriculum file and validate it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CurriculumError(path, [f"{path}: cannot read the file: {exc.strerror}"]) from None
    return parse_curriculum_bytes(data, path)
