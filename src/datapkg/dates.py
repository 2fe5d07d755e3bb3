"""Date forms of the annotation format, and the checks of a date against the words it is read from."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class DateSpan:
    start: date
    end: date
    precision: str


class DateFormError(ValueError):
    pass


def _iso(value: object, what: str) -> date:
    m = _DAY.match(str(value).strip())
    if not m:
        raise DateFormError(f"{what} {value!r} is not an ISO date YYYY-MM-DD")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise DateFormError(f"{what} {value!r} is not a calendar date ({exc})") from None


def parse_date_form(value: object, precision: str | None) -> DateSpan:
    """`2025-04-02` (day), `2025-04` (month), `2025` (year) or {start, end} with an explicit precision."""
    if isinstance(value, dict):
        extra = set(value) - {"start", "end", "__line__"}
        if extra or "start" not in value or "end" not in value:
            raise DateFormError(f"date range {sorted(k for k in value if k != '__line__')} must have exactly start and end")
        start, end = _iso(value["start"], "date start"), _iso(value["end"], "date end")
        if end < start:
            raise DateFormError(f"date range ends ({end}) before it starts ({start})")
        if precision is None:
            raise DateFormError("a {start, end} date needs date_precision (week or range)")
        return DateSpan(start, end, precision)
    text = str(value).strip()
    if m := _DAY.match(text):
        d = _iso(text, "date")
        span = DateSpan(d, d, "day")
    elif m := _MONTH.match(text):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise DateFormError(f"date {text!r} has no month {mo}")
        span = DateSpan(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month")
    elif m := _YEAR.match(text):
        y = int(m[1])
        span = DateSpan(date(y, 1, 1), date(y, 12, 31), "year")
    else:
        raise DateFormError(f"date {value!r} is not YYYY-MM-DD, YYYY-MM, YYYY or {{start, end}}")
    if precision is not None and precision != span.precision:
        raise DateFormError(f"date {text!r} has precision {span.precision}, but date_precision says {precision}")
    return span


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def check_date_words(words: str, span: DateSpan) -> str | None:
    """Check a date against the words it is read from. Returns a problem sentence, or None.

    A named weekday must be the date's weekday (day precision only); a "16 octobre" must match day and month;
    a four-digit year must match the year."""
    folded = _fold(words)
    for m in re.finditer(r"\b(\d{2})/(\d{2})/(\d{2})\b", folded):  # a live-blog timestamp "02/04/25"
        try:
            stamp = date(2000 + int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            return f"date_text {words!r} holds {m[0]}, which is not a calendar date"
        if not span.start <= stamp <= span.end:
            return f"date_text {words!r} is dated {stamp.isoformat()}, but the date is {span.start.isoformat()}; correct one of them"
    if span.precision == "day":
        named = [w for w in WEEKDAYS_FR if re.search(rf"\b{w}\b", folded)]
        actual = WEEKDAYS_FR[span.start.weekday()]
        if named and actual not in named:
            return (f"date_text {words!r} names {named[0]}, but {span.start.isoformat()} is a {actual}; "
                    f"correct the date or the date_text")
        for m in re.finditer(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(MONTHS_FR) + r")\b", folded):
            day, month = int(m[1]), MONTHS_FR.index(m[2]) + 1
            if (day, month) != (span.start.day, span.start.month):
                return f"date_text {words!r} says {m[0]}, but the date is {span.start.isoformat()}; correct one of them"
    for m in re.finditer(r"\b(19|20)(\d{2})\b", folded):
        year = int(m[1] + m[2])
        if not span.start.year <= year <= span.end.year:
            return f"date_text {words!r} names the year {year}, but the date is {span.start.isoformat()}; correct one of them"
    return None
