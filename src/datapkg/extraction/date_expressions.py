"""French date expressions ("hier", "ce jeudi 16 octobre", "la semaine prochaine", "en février") resolved
against a passage's reference date: its live-blog entry's day, else the publication day."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..dates import MONTHS_FR, WEEKDAYS_FR

_WD = "|".join(WEEKDAYS_FR)
_MO = "|".join(MONTHS_FR)
_FLAGS = re.I


@dataclass(frozen=True)
class DateValue:
    start: date
    end: date
    precision: str  # day | week | month | year | range
    basis: str      # stated | relative
    span: tuple[int, int] | None  # where the words are in the source
    text: str | None

    def form(self):
        """The annotation format's `date` value."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.isoformat()[:7]
        if self.precision == "year":
            return str(self.start.year)
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


_EXPLICIT = re.compile(rf"(?<!\w)(?:(?:ce|cette)\s+)?(?:({_WD})\s+)?(\d{{1,2}})(?:er)?\s+({_MO})(?:\s+(\d{{4}}))?(?!\w)", _FLAGS)
_MONTH_YEAR = re.compile(rf"(?<!\w)(?:(?:en|de|début|fin|mi-)\s*)?({_MO})\s+(\d{{4}})(?!\w)", _FLAGS)
_YEAR = re.compile(r"(?<!\w)(?:en|depuis)\s+((?:19|20)\d{2})(?!\w)", _FLAGS)
_MONTH = re.compile(rf"(?<!\w)(?:en|début|fin|mi-)\s*({_MO})(?!\s+\d)(?!\w)", _FLAGS)
_WEEKDAY = re.compile(rf"(?<!\w)(?:(?:ce|cette)\s+)?({_WD})(?:\s+(soir|matin|après-midi))?(?!\s+\d)(?!\w)", _FLAGS)
_DAYWORDS = re.compile(r"(?<!\w)(avant-hier|après-demain|hier|aujourd[’']hui|demain|plus tôt dans la journée)(?!\w)", _FLAGS)
_WEEK = re.compile(r"(?<!\w)(la semaine prochaine|cette semaine|durant la semaine|dans la semaine|la semaine dernière"
                   r"|la semaine passée|ce week-end|le week-end dernier)(?!\w)", _FLAGS)
_MONTHWORDS = re.compile(r"(?<!\w)(le mois prochain|ce mois-ci|le mois dernier)(?!\w)", _FLAGS)
_NEXT_DAYS = re.compile(r"(?<!\w)dans les (deux|trois|quatre|\d+) prochaines? (semaines|jours)(?!\w)", _FLAGS)
_NUM = {"deux": 2, "trois": 3, "quatre": 4}
# Future or planned: a weekday then means the next one ("l'ultimatum expire vendredi").
FUTURE = re.compile(r"\b(?:\w+(?:era|eront|ra|ront|rait|raient)|expire|prévue?s?|devrait|doit|jusqu[’']à|pourrait|prochain\w*|"
                    r"à venir|envisage\w*)\b", re.I)


def _week(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _month(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _shift_month(d: date, k: int) -> tuple[int, int]:
    m = d.month - 1 + k
    return d.year + m // 12, m % 12 + 1


def _year_for(day: int, month: int, weekday: int | None, ref: date | None, year_hint: int | None) -> int | None:
    candidates: list[int] = []
    if ref is not None:
        candidates = sorted(range(ref.year - 1, ref.year + 2), key=lambda y: abs((_safe(y, month, day) or ref) - ref))
    elif year_hint is not None:
        candidates = [year_hint, year_hint - 1, year_hint + 1]
    for y in candidates:
        d = _safe(y, month, day)
        if d and (weekday is None or d.weekday() == weekday):
            return y
    return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, start: int, end: int, ref: date | None, year_hint: int | None = None,
               future: bool = False) -> list[DateValue]:
    """Resolvable date expressions in text[start:end], in text order (expressions that cannot be resolved
    without a reference date are left out)."""
    found: list[DateValue] = []
    taken: list[tuple[int, int]] = []
    segment = text[start:end]

    def add(m: re.Match, a: date, b: date, precision: str, basis: str) -> None:
        span = (start + m.start(), start + m.end())
        if any(span[0] < y and x < span[1] for x, y in taken):
            return
        taken.append(span)
        found.append(DateValue(a, b, precision, basis, span, m[0]))

    def block(m: re.Match) -> None:
        taken.append((start + m.start(), start + m.end()))

    for m in _EXPLICIT.finditer(segment):
        wd = WEEKDAYS_FR.index(m[1].lower()) if m[1] else None
        day, month = int(m[2]), MONTHS_FR.index(m[3].lower()) + 1
        y = int(m[4]) if m[4] else _year_for(day, month, wd, ref, year_hint)
        d = _safe(y, month, day) if y else None
        if d and (wd is None or d.weekday() == wd):
            add(m, d, d, "day", "stated")
        else:
            block(m)
    for m in _MONTH_YEAR.finditer(segment):
        a, b = _month(int(m[2]), MONTHS_FR.index(m[1].lower()) + 1)
        add(m, a, b, "month", "stated")
    for m in _YEAR.finditer(segment):
        y = int(m[1])
        add(m, date(y, 1, 1), date(y, 12, 31), "year", "stated")
    for m in _MONTH.finditer(segment):
        month = MONTHS_FR.index(m[1].lower()) + 1
        if ref is not None:
            y = ref.year if (month <= ref.month) != future or month == ref.month else ref.year + (1 if future else -1)
        elif year_hint is not None:
            y = year_hint
        else:
            continue
        a, b = _month(y, month)
        add(m, a, b, "month", "stated")
    if ref is None:
        return sorted(found, key=lambda v: v.span)
    for m in _WEEKDAY.finditer(segment):
        wd = WEEKDAYS_FR.index(m[1].lower())
        delta = (ref.weekday() - wd) % 7
        if delta == 0:
            d = ref
        elif future:
            d = ref + timedelta(days=(wd - ref.weekday()) % 7)
        else:
            d = ref - timedelta(days=delta)
        add(m, d, d, "day", "relative")
    offsets = {"avant-hier": -2, "hier": -1, "aujourd’hui": 0, "aujourd'hui": 0, "demain": 1, "après-demain": 2,
               "plus tôt dans la journée": 0}
    for m in _DAYWORDS.finditer(segment):
        d = ref + timedelta(days=offsets[m[1].lower()])
        add(m, d, d, "day", "relative")
    for m in _WEEK.finditer(segment):
        w = m[1].lower()
        if w == "la semaine prochaine":
            a, b = _week(ref + timedelta(days=7))
        elif w in ("la semaine dernière", "la semaine passée"):
            a, b = _week(ref - timedelta(days=7))
        elif "week-end" in w:
            sat = ref - timedelta(days=(ref.weekday() - 5) % 7)
            a, b = sat, sat + timedelta(days=1)
        else:
            a, b = _week(ref + timedelta(days=1) if ref.weekday() == 6 and future else ref)
        add(m, a, b, "week", "relative")
    for m in _MONTHWORDS.finditer(segment):
        k = {"le mois prochain": 1, "ce mois-ci": 0, "le mois dernier": -1}[m[1].lower()]
        a, b = _month(*_shift_month(ref, k))
        add(m, a, b, "month", "relative")
    for m in _NEXT_DAYS.finditer(segment):
        n = _NUM.get(m[1].lower()) or int(m[1]) if not m[1].isdigit() else int(m[1])
        days = n * 7 if m[2].lower().startswith("semaine") else n
        add(m, ref + timedelta(days=1), ref + timedelta(days=days), "range", "relative")
    return sorted(found, key=lambda v: v.span)


def year_hint(text: str) -> int | None:
    """The latest four-digit year 19xx/20xx printed in the text: the year of undated day-and-month dates."""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)]
    return max(years) if years else None
