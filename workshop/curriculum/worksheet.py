"""Writing space on a handout, as a curriculum asks for it: lines, a form, a grid, a timeline.

Its own module beside ``models`` (which imports it), so the schema stays
readable; the same strict configuration: unknown keys are errors.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
"""A short label printed on a worksheet: a column name, a row name, a timeline's end."""

_WORKSHEET_FIELDS: dict[str, tuple[str, ...]] = {
    "lines": ("lines",),
    "form": ("columns", "lines"),
    "grid": ("rows", "columns"),
    "timeline": ("ends", "lines"),
}
_WORKSHEET_EXAMPLES = {
    "columns": "columns: [Who, What I will say]",
    "rows": "rows: [Emotional, Physical]",
    "ends": "ends: [Now, Childhood]",
}


class Worksheet(BaseModel):
    """Space to write on a handout, shaped for the exercise.

    ``lines``: ruled lines. ``form``: a table with the given column names and
    ``lines`` empty rows. ``grid``: one row per name in ``rows`` under the
    ``columns``. ``timeline``: a strip from one end to the other with room to
    mark events, and ``lines`` ruled lines under it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    kind: Literal["lines", "grid", "form", "timeline"]
    lines: int | None = Field(default=None, ge=1, le=20)
    columns: list[Label] | None = Field(default=None, min_length=1, max_length=4)
    rows: list[Label] | None = Field(default=None, min_length=1, max_length=10)
    ends: list[Label] | None = Field(default=None, min_length=2, max_length=2)

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Worksheet:
        allowed = _WORKSHEET_FIELDS[self.kind]
        for name in ("lines", "columns", "rows", "ends"):
            value = getattr(self, name)
            if value is not None and name not in allowed:
                raise PydanticCustomError(
                    "worksheet_field",
                    "a {kind} worksheet has no '{name}' — remove it, or use a kind that has it",
                    {"path": (name,), "value": value, "kind": self.kind, "name": name},
                )
        needed = [name for name in allowed if name != "lines" and getattr(self, name) is None]
        if needed:
            raise PydanticCustomError(
                "worksheet_needs",
                "a {kind} worksheet needs '{name}' — add e.g. '{example}'",
                {
                    "path": ("kind",),
                    "value": self.kind,
                    "kind": self.kind,
                    "name": needed[0],
                    "example": _WORKSHEET_EXAMPLES[needed[0]],
                },
            )
        if self.kind == "form" and self.columns is not None and len(self.columns) < 2:
            raise PydanticCustomError(
                "form_columns",
                "a form needs at least two columns — add a column name, or use 'kind: lines'",
                {"path": ("columns",), "value": self.columns},
            )
        return self
