"""One form for every piece of text a phone sends, and clean cells for exports.

An answer is normalised before it is validated, screened and stored, so what
the length limit counts, what the safety screen reads and what the projector
and export show are the same characters:

- Unicode NFKC (fullwidth letters become plain ones, ligatures are split);
- every whitespace character (tabs, newlines, no-break and ideographic
  spaces) becomes one plain space, and runs of spaces collapse to one;
- control (Cc), format (Cf: zero-width space and joiners, right-to-left
  overrides and isolates, the BOM, soft hyphen), surrogate (Cs) and
  non-character code points are removed, and so are the few letters that
  draw nothing (Hangul fillers, the braille blank);
- leading and trailing spaces go.

Text with nothing visible left is empty: ``has_visible`` says whether any
letter, digit, punctuation mark or symbol remains. ``clean_cell`` is the
export's version: it removes the same invisible and bidirectional characters
from a cell without changing anything else.
"""

from __future__ import annotations

import unicodedata

# Letters (category Lo) that render as nothing: a word of only these would
# look empty on the projector yet count as an answer.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})

# Bidirectional controls named by issue 11; all are Cf, listed so the export's
# contract is explicit and tested even if a Unicode update moved one.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

_VISIBLE_MAJOR = frozenset("LNPS")


def _dropped(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in _DROPPED_CATEGORIES
        or char in _BLANK_LETTERS
        or char in BIDI_CONTROLS
        # Non-characters: U+FDD0..U+FDEF and the last two of every plane.
        or 0xFDD0 <= code <= 0xFDEF
        or (code & 0xFFFE) == 0xFFFE
    )


def normalise_text(value: str) -> str:
    """The stored form of a typed answer (see the module docstring)."""
    # Whitespace first: newlines and tabs are Cc and would otherwise vanish,
    # gluing two words into one.
    spaced = " ".join(unicodedata.normalize("NFKC", _without_surrogates(value)).split())
    kept = "".join(char for char in spaced if not _dropped(char))
    # A dropped character between two spaces leaves a double space behind.
    return " ".join(kept.split())


def has_visible(value: str) -> bool:
    """Whether ``value`` holds a letter, digit, punctuation mark or symbol.

    A string of combining marks, spaces or invisible characters alone is
    empty to a reader, so it is empty here too.
    """
    return any(
        unicodedata.category(char)[0] in _VISIBLE_MAJOR and char not in _BLANK_LETTERS
        for char in value
    )


def clean_cell(value: str) -> str:
    """A CSV cell without control, format or bidirectional characters.

    Tabs and line breaks become spaces (a spreadsheet would split or hide
    them); nothing else changes, so a clean cell is left exactly as it was.
    """
    if all(char.isprintable() or char == " " for char in value):
        return value
    out = []
    for char in _without_surrogates(value):
        if char.isspace():
            out.append(" ")
        elif not _dropped(char):
            out.append(char)
    return "".join(out)


def _without_surrogates(value: str) -> str:
    # A lone surrogate (possible in a Python str, never in valid UTF-8) would
    # make NFKC fine but the database driver fail on encoding.
    if value.isascii():
        return value
    return "".join(char for char in value if not 0xD800 <= ord(char) <= 0xDFFF)
