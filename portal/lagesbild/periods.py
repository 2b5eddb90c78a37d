"""Periods a lägesbild covers (week, month, quarter, tertial, year, custom) and EST report periods.

Pure date arithmetic. A period is a closed range of dates ``[start, end]`` with a key that is
stable in URLs: ``2025-v14``, ``2025-03``, ``2025-k3``, ``2025-t2``, ``2025`` and
``2025-01-05_2025-02-10`` (custom). Every period has a *previous equal period*: the week, month,
quarter, tertial or year before it, or for a custom range the same number of days just before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

VECKA, MANAD, KVARTAL, TERTIAL, AR, ANPASSAD = (
    "vecka",
    "manad",
    "kvartal",
    "tertial",
    "ar",
    "anpassad",
)
KINDS = (VECKA, MANAD, KVARTAL, TERTIAL, AR, ANPASSAD)
KIND_LABELS = {
    VECKA: _l("Vecka"),
    MANAD: _l("Månad"),
    KVARTAL: _l("Kvartal"),
    TERTIAL: _l("Tertial"),
    AR: _l("År"),
    ANPASSAD: _l("Egen period"),
}
#: How many numbered periods a year has, per kind (weeks: 52 or 53, checked separately).
PER_YEAR = {MANAD: 12, KVARTAL: 4, TERTIAL: 3}
MONTHS_PER = {MANAD: 1, KVARTAL: 3, TERTIAL: 4}

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_CUSTOM_DAYS = 3 * 366

_WEEK = re.compile(r"^(\d{4})-[vw](\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[kq]([1-4])$", re.IGNORECASE)
_TERTIAL = re.compile(r"^(\d{4})-t([1-3])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$")


class BadPeriod(ValueError):
    """The text does not name a period the portal can show."""


@dataclass(frozen=True)
class Period:
    """``kind`` over the dates ``start``..``end`` (both included); ``number`` within the year."""

    kind: str
    start: date
    end: date
    year: int | None = None
    number: int | None = None

    @property
    def key(self) -> str:
        if self.kind == VECKA:
            return f"{self.year}-v{self.number:02d}"
        if self.kind == MANAD:
            return f"{self.year}-{self.number:02d}"
        if self.kind == KVARTAL:
            return f"{self.year}-k{self.number}"
        if self.kind == TERTIAL:
            return f"{self.year}-t{self.number}"
        if self.kind == AR:
            return f"{self.year}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The previous equal period."""
        if self.kind == VECKA:
            return week(self.start - timedelta(days=7))
        if self.kind in MONTHS_PER:
            number, year = self.number - 1, self.year  # type: ignore[operator]
            if number < 1:
                number, year = PER_YEAR[self.kind], year - 1  # type: ignore[operator]
            return numbered(self.kind, year, number)  # type: ignore[arg-type]
        if self.kind == AR:
            return numbered(AR, self.year - 1)  # type: ignore[operator]
        end = self.start - timedelta(days=1)
        return custom(end - timedelta(days=self.days - 1), end)

    def label(self) -> str:
        """In words, in the current language: "kvartal 3 2025"."""
        if self.kind == VECKA:
            return _("vecka %(number)s %(year)s", number=self.number, year=self.year)
        if self.kind == MANAD:
            return format_date(self.start, "LLLL yyyy")
        if self.kind == KVARTAL:
            return _("kvartal %(number)s %(year)s", number=self.number, year=self.year)
        if self.kind == TERTIAL:
            return _("tertial %(number)s %(year)s", number=self.number, year=self.year)
        if self.kind == AR:
            return str(self.year)
        return _(
            "%(start)s–%(end)s",
            start=format_date(self.start, "d MMM yyyy"),
            end=format_date(self.end, "d MMM yyyy"),
        )

    def dates_label(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadPeriod(f"year {year} is outside {MIN_YEAR}–{MAX_YEAR}")


def week(day: date) -> Period:
    """The ISO week (Monday–Sunday) containing ``day``."""
    iso_year, iso_week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    return Period(VECKA, monday, monday + timedelta(days=6), iso_year, iso_week)


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def numbered(kind: str, year: int, number: int | None = None) -> Period:
    """Week, month, quarter or tertial ``number`` of ``year``, or the whole year (``AR``)."""
    _check_year(year)
    if kind == AR:
        return Period(AR, date(year, 1, 1), date(year, 12, 31), year, None)
    if number is None:
        raise BadPeriod("a number is needed")
    if kind == VECKA:
        weeks = date(year, 12, 28).isocalendar()[1]
        if not 1 <= number <= weeks:
            raise BadPeriod(f"{year} has weeks 1–{weeks}")
        return week(date.fromisocalendar(year, number, 1))
    if kind not in MONTHS_PER:
        raise BadPeriod(f"unknown kind {kind!r}")
    if not 1 <= number <= PER_YEAR[kind]:
        raise BadPeriod(f"{kind} number must be 1–{PER_YEAR[kind]}")
    months = MONTHS_PER[kind]
    first_month = (number - 1) * months + 1
    end_year, end_month = _add_months(year, first_month, months)
    return Period(
        kind,
        date(year, first_month, 1),
        date(end_year, end_month, 1) - timedelta(days=1),
        year,
        number,
    )


def custom(start: date, end: date) -> Period:
    if end < start:
        raise BadPeriod("the end is before the start")
    _check_year(start.year)
    _check_year(end.year)
    if (end - start).days + 1 > MAX_CUSTOM_DAYS:
        raise BadPeriod("a custom period is at most three years")
    return Period(ANPASSAD, start, end)


def containing(kind: str, day: date) -> Period:
    """The period of ``kind`` that contains ``day`` (not for custom periods)."""
    if kind == VECKA:
        return week(day)
    if kind == AR:
        return numbered(AR, day.year)
    if kind in MONTHS_PER:
        return numbered(kind, day.year, (day.month - 1) // MONTHS_PER[kind] + 1)
    raise BadPeriod(f"no period of kind {kind!r} contains a day")


def parse(key: str) -> Period:
    """The period a URL key names; :class:`BadPeriod` for anything else."""
    key = (key or "").strip()
    try:
        if match := _WEEK.match(key):
            return numbered(VECKA, int(match[1]), int(match[2]))
        if match := _MONTH.match(key):
            return numbered(MANAD, int(match[1]), int(match[2]))
        if match := _QUARTER.match(key):
            return numbered(KVARTAL, int(match[1]), int(match[2]))
        if match := _TERTIAL.match(key):
            return numbered(TERTIAL, int(match[1]), int(match[2]))
        if match := _YEAR.match(key):
            return numbered(AR, int(match[1]))
        if match := _CUSTOM.match(key):
            return custom(date.fromisoformat(match[1]), date.fromisoformat(match[2]))
    except ValueError as error:  # an impossible date such as 2025-02-30
        raise BadPeriod(str(error)) from error
    raise BadPeriod(f"not a period: {key!r}")


def today() -> date:
    """Today in the installation's time zone."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


# --- EST report periods -------------------------------------------------------------------------

EST_VECKA, EST_TVAVECKA = "vecka", "tvavecka"
EST_KINDS = (EST_VECKA, EST_TVAVECKA)
EST_KIND_LABELS = {EST_VECKA: _l("Vecka"), EST_TVAVECKA: _l("Två veckor")}
#: Fortnights run in pairs of ISO weeks counted from this Monday.
FORTNIGHT_EPOCH = date(2024, 1, 1)


def est_period(kind: str, day: date) -> tuple[date, date]:
    """The report period (week or fortnight, Monday–Sunday) that contains ``day``."""
    monday = day - timedelta(days=day.weekday())
    if kind == EST_TVAVECKA:
        offset = (monday - FORTNIGHT_EPOCH).days // 7 % 2
        monday -= timedelta(days=7 * offset)
        return monday, monday + timedelta(days=13)
    if kind != EST_VECKA:
        raise BadPeriod(f"unknown EST period {kind!r}")
    return monday, monday + timedelta(days=6)
