"""Dates that say what they are: the day a room met and the day its data is deleted.

Two dates sit beside every room: ``opened_on`` (the day the group met) and
``expires_on`` (the day its data is deleted by itself). Wherever both are
shown (organiser page, CSV, PDF) each has its own label, and a person reads
them in the language of the group's curriculum (the same catalogue language
as the printed labels, ``workshop.documents.labels``): "2 December 2026",
"2. Dezember 2026". Babel-free on purpose: month names are data here, so the
output never depends on the server's locale. The CSV keeps ISO days
(``met_on``, ``data_deleted_on``) for spreadsheets to sort.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DateWords:
    """One language's day format and the labels of the two dates."""

    day: str
    months: tuple[str, ...]
    met_on: str
    deleted_on: str


ENGLISH = DateWords(
    day="{day} {month} {year}",
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    met_on="met on",
    deleted_on="data deleted on",
)
GERMAN = DateWords(
    day="{day}. {month} {year}",
    months=(
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    met_on="getroffen am",
    deleted_on="Daten gelöscht am",
)
WORDS: Mapping[str, DateWords] = {"en": ENGLISH, "de": GERMAN}


def words_for(language: str = "en") -> DateWords:
    """The date words of ``language`` (``de-AT`` reads ``de``); English when there are none."""
    return WORDS.get(language.split("-")[0].lower(), ENGLISH)


def format_day(day: date, language: str = "en") -> str:
    """``day`` as a person writes it in ``language``: "2 December 2026"."""
    words = words_for(language)
    return words.day.format(day=day.day, month=words.months[day.month - 1], year=day.year)


def met_on(day: date, language: str = "en") -> str:
    """ "met on 2 December 2026"."""
    return f"{words_for(language).met_on} {format_day(day, language)}"


def deleted_on(day: date, language: str = "en") -> str:
    """ "data deleted on 1 January 2027"."""
    return f"{words_for(language).deleted_on} {format_day(day, language)}"
