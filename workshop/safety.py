"""A keyword screen for signs of risk in word and text answers.

It looks for phrases (not single ambiguous words) that suggest a risk of
suicide, self-harm or violence, so that such an answer is stored flagged,
never shown on the projector or exported, the facilitator gets a private
notice and the phone shows support resources at once.

It is a screen, not an assessment: it misses many ways a man might say he
is in danger and it sometimes flags an answer that is fine. docs/safety.md
says so plainly, with measured rates; nothing here replaces a facilitator
who listens.

How it works: the text is normalized (format characters such as zero-width
spaces removed, Unicode NFKC, case-folded, curly quotes made straight,
contractions written out with or without their apostrophe: "don't", "don’t"
and "dont" all become "do not"; punctuation other than sentence ends
dropped, whitespace collapsed), then matched against phrase patterns per
category. Sentence ends become a " ." token, so a pattern can require that a
phrase ends a sentence ("I can't go on." but not "I can't go on holiday").
Negated mentions ("I'm not suicidal") are flagged on purpose: the subject was
raised, and a quiet word from the facilitator costs little.

The phrase lists are data (workshop/safety_data/, read once on first use).
The answer is also read with disguises undone: look-alike letters of other
alphabets folded to Latin (Unicode's confusables data, via the
confusable-homoglyphs package), digits typed for letters inside a word
("k1ll"), and a word one letter from a risk word that is not itself an
English word ("kil" but not "will").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from confusable_homoglyphs import confusables

Category = Literal["suicide", "self-harm", "violence"]


@dataclass(frozen=True)
class Screening:
    """The outcome of ``screen``: ``category`` is ``None`` exactly when not flagged."""

    flagged: bool
    category: Category | None = None


# --- Normalization ---------------------------------------------------------------

_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)

# Contractions with an apostrophe, most specific first.
_APOSTROPHE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"\b(what|that|it|he|she|there|who|life|everything|nothing)'s\b"), r"\1 is"),
)

# The same words typed without the apostrophe (phones, haste). Words that are
# also ordinary words ("ill", "id", "well", "its") are left alone.
_BARE_FORMS: dict[str, str] = {
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "aint": "is not",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "theyre": "they are",
    "whats": "what is",
    "thats": "that is",
    "theres": "there is",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "tryna": "trying to",
    "noone": "no one",
    "everyones": "everyone is",
    "anymore": "any more",
    "selfharm": "self harm",
    "bout": "about",
    "abt": "about",
}

_SENTENCE_END = re.compile(r"[.!?;\n]+")
_NOT_WORD = re.compile(r"[^0-9a-z. ]+")
_SPACES = re.compile(r"\s+")


def _without_format(text: str) -> str:
    # Zero-width and direction characters (Cf) inside a word would split a
    # phrase the reader sees whole: "ki\u200bll" reads "kill".
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def normalize(text: str) -> str:
    """The form the patterns are matched against (see the module docstring)."""
    value = unicodedata.normalize("NFKC", _without_format(text)).casefold().translate(_QUOTES)
    for pattern, replacement in _APOSTROPHE_FORMS:
        value = pattern.sub(replacement, value)
    value = value.replace("'", "")  # possessives: "dad's" -> "dads"
    value = _SENTENCE_END.sub(" . ", value)
    value = _NOT_WORD.sub(" ", value)  # hyphens, commas, emoji: word breaks
    words = [_BARE_FORMS.get(word, word) for word in value.split()]
    value = " ".join(words)
    value = value.replace("my self", "myself")
    value = re.sub(r"(?: \.)+", " .", value)
    return _SPACES.sub(" ", value).strip(" .")


# --- Patterns (data: workshop/safety_data/patterns.yaml) ---------------------------

_DATA = Path(__file__).with_name("safety_data")
_CATEGORY_ORDER: tuple[Category, ...] = ("suicide", "self-harm", "violence")
_MACRO = re.compile(r"\{([A-Z_]+)\}")


def _joined(entry: object) -> str:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, list) and all(isinstance(piece, str) for piece in entry):
        return "".join(entry)
    raise ValueError(f"safety_data/patterns.yaml: a pattern is text or a list of texts: {entry!r}")


@dataclass(frozen=True)
class _Patterns:
    categories: tuple[tuple[Category, re.Pattern[str]], ...]
    whole_answer: re.Pattern[str]
    fuzzy_words: frozenset[str]
    real_words: frozenset[str]
    lookalikes: dict[str, str]


def _word_list(name: str) -> frozenset[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def _patterns() -> _Patterns:
    """The phrase data, read and compiled once per process (never at import)."""
    data = yaml.safe_load((_DATA / "patterns.yaml").read_text(encoding="utf-8"))
    macros = {name: _joined(text) for name, text in data["macros"].items()}

    def expand(text: str) -> str:
        # Macros may name other macros; three rounds cover the nesting used.
        for _ in range(3):
            text = _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), text)
        return text

    def compiled(entries: list[object]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{expand(_joined(entry))})" for entry in entries))

    return _Patterns(
        categories=tuple((name, compiled(data[name])) for name in _CATEGORY_ORDER),
        whole_answer=compiled(data["whole_answer"]),
        fuzzy_words=_word_list("fuzzy_words.txt"),
        real_words=_word_list("real_words.txt"),
        lookalikes=dict(pair.split(" ", 1) for pair in _word_list("lookalikes.txt")),
    )


# --- Disguises: look-alike letters, leetspeak, misspellings ------------------------

# Digits and signs typed for letters inside a word ("k1ll", "su1c1de", "0verdose").
# "1" stands for "i" or "l": both readings are screened.
_LEET_I = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
    }
)
_LEET_L = str.maketrans(
    {
        "0": "o",
        "1": "l",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
    }
)
_LEET_WORD = re.compile(r"[a-z0-9@$!|]*[a-z][a-z0-9@$!|]*")
_HAS_LEET = re.compile(r"[a-z][0-9@$!|]|[0-9@$!|][a-z]")


# "LATIN LETTER SMALL CAPITAL T" is how Unicode's data names what Cyrillic "т"
# resembles; read as the plain letter it is drawn like.
_LATIN_NAME = re.compile(r"LATIN (?:CAPITAL |SMALL )?LETTER (?:SMALL CAPITAL )?([A-Z])")


@functools.lru_cache(maxsize=4096)
def _latin_lookalike(char: str) -> str:
    """The Latin letter ``char`` is drawn like (Cyrillic "а", Greek "ο"), or ``char``.

    From Unicode's confusables data as shipped by ``confusable_homoglyphs``,
    plus the few letters listed in safety_data/lookalikes.txt that it maps
    to a rare Latin letter only (Cyrillic "к" to "ĸ").
    """
    extra = _patterns().lookalikes.get(char)
    if extra is not None:
        return extra
    found = confusables.is_confusable(char, greedy=True, preferred_aliases=["latin"])
    for entry in found or ():
        for glyph in entry["homoglyphs"]:
            latin = _LATIN_NAME.fullmatch(str(glyph["n"]))
            if latin is not None:
                return latin.group(1).lower()
    return char


def fold_lookalikes(text: str) -> str:
    """``text`` with every non-Latin letter that looks like a Latin one replaced by it."""
    return "".join(
        char if char.isascii() or not char.isalpha() else _latin_lookalike(char) for char in text
    )


def _unleet(text: str, table: dict[int, str]) -> str:
    def fold(match: re.Match[str]) -> str:
        word = match.group(0)
        return word.translate(table) if _HAS_LEET.search(word) else word

    return _LEET_WORD.sub(fold, text)


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter missing, added, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]


def _corrected(normalized: str, data: _Patterns) -> str:
    """Each misspelt word replaced by the one fuzzy word it is one edit from."""
    words = normalized.split(" ")
    for index, word in enumerate(words):
        if len(word) < 3 or word in data.fuzzy_words or word in data.real_words:
            continue
        near = [f for f in data.fuzzy_words if _one_edit_apart(word, f)]
        if len(near) == 1:
            words[index] = near[0]
    return " ".join(words)


def _readings(text: str, data: _Patterns) -> list[str]:
    """The normalised forms screened: as typed, then with disguises undone."""
    plain = normalize(text)
    folded = fold_lookalikes(unicodedata.normalize("NFKC", _without_format(text)).casefold())
    readings = [plain]
    for table in (_LEET_I, _LEET_L):
        reading = normalize(_unleet(folded, table))
        readings += [reading, _corrected(reading, data)]
    return list(dict.fromkeys(readings))  # once each, in order


def screen(text: str) -> Screening:
    """Screen a word or text answer for phrases suggesting risk.

    Returns ``Screening(True, category)`` for the first matching category in
    the order suicide, self-harm, violence; ``Screening(False, None)``
    otherwise. The answer is read as typed and again with disguises undone
    (look-alike letters, digits for letters, one-letter misspellings). A
    keyword screen: see docs/safety.md for what it misses.
    """
    data = _patterns()
    readings = _readings(text, data)
    for category, pattern in data.categories:
        if any(pattern.search(reading) for reading in readings):
            return Screening(flagged=True, category=category)
    if any(data.whole_answer.search(reading) for reading in readings):
        return Screening(flagged=True, category="suicide")
    return Screening(flagged=False, category=None)
