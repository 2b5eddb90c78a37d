"""Import of existing EST spreadsheets (CSV): every row valid, or nothing is imported.

One row per category and report. Columns (header names are matched without case or diacritics;
the usual Swedish and English names work):

* ``område`` — slug or name of an area under the chosen area (optional: default the chosen area),
* ``vecka`` (``2025-v14``, ``v14 2025``, ``2025-14``) or ``datum`` (any day in the period),
* ``period`` — ``vecka`` or ``tvavecka`` (optional: the installation's default),
* ``rapportör`` — who reported (organisation or verksamhet; never a private person),
* ``kategori`` — slug or name of a checklist category,
* ``bedömning`` — ingen / enstaka / återkommande / omfattande, and/or ``antal`` (a count),
* ``anteckning`` — place and situation (personal data is masked).

A row with neither ``bedömning`` nor ``antal`` is one incident: incident rows for the same report
and category add up to a count, so an incident log imports as well as a filled-in checklist.
Errors name the line (as numbered in the file, the header being line 1), the column and the reason.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert

from portal.areas.models import Area
from portal.auth import audit
from portal.extensions import db
from portal.lagesbild import vocab
from portal.lagesbild.est_csv import ALIASES, delimiter, parse_day, parse_week, plain
from portal.lagesbild.est_services import all_categories, count_levels
from portal.lagesbild.models import EstCategory, EstEntry, EstReport
from portal.lagesbild.periods import EST_KINDS, BadPeriod, est_period
from portal.privacy.masking import mask_personal_data

Progress = Callable[[int], None]

MAX_COUNT = 100_000
MAX_ORGANISATION = 200


@dataclass(frozen=True)
class RowError:
    """``line`` as numbered in the file (header = 1); ``column`` as written in the header."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"rad {self.line}, kolumn {self.column}: {self.reason}"


@dataclass
class ImportFailed(Exception):
    errors: list[RowError] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


@dataclass
class _Entry:
    category: EstCategory
    line: int
    incidents: int = 0
    assessment: str | None = None
    count: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class _Report:
    area: Area
    organisation: str
    kind: str
    start: date
    end: date
    first_line: int
    entries: dict[int, _Entry] = field(default_factory=dict)


@dataclass(frozen=True)
class Parsed:
    """A validated file, ready to import; ``ignored`` lists header columns not used."""

    reports: list[_Report]
    rows: int
    ignored: list[str]


@dataclass(frozen=True)
class Imported:
    reports: int
    entries: int
    batch: str


# --- reading --------------------------------------------------------------------------------------


class _Lookup:
    """Areas below the chosen one and checklist categories, by slug and by name."""

    def __init__(self, root: Area) -> None:
        self.root = root
        areas = list(
            db.session.scalars(
                db.select(Area).where(Area.path.startswith(root.path, autoescape=True))
            )
        )
        self.areas: dict[str, list[Area]] = {}
        for area in areas:
            for key in {plain(area.slug), plain(area.name)}:
                self.areas.setdefault(key, []).append(area)
        self.categories: dict[str, EstCategory] = {}
        for category in all_categories():
            for key in (category.slug, category.name_sv, category.name_en):
                self.categories.setdefault(plain(key), category)


# --- validating -----------------------------------------------------------------------------------


def parse(
    text: str, root: Area, default_kind: str, note_max: int, progress: Progress | None = None
) -> Parsed:
    """Read and check every row; :class:`ImportFailed` lists every problem found."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ImportFailed([RowError(1, "-", str(_l("Filen är tom.")))]) from None
    columns: dict[str, int] = {}
    shown: dict[str, str] = {}
    ignored = []
    for index, name in enumerate(header):
        key = ALIASES.get(plain(name))
        if key is None or key in columns:
            if name.strip():
                ignored.append(name.strip())
            continue
        columns[key], shown[key] = index, name.strip()
    errors: list[RowError] = []
    for needed in ("kategori", "rapportor"):
        if needed not in columns:
            errors.append(RowError(1, needed, str(_l("Kolumnen saknas i rubrikraden."))))
    if "vecka" not in columns and "datum" not in columns:
        errors.append(RowError(1, "vecka", str(_l("Kolumnen vecka eller datum saknas."))))
    if errors:
        raise ImportFailed(errors)
    lookup = _Lookup(root)
    reports: dict[tuple[int, str, date], _Report] = {}
    rows = 0
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            rows += 1
            _check_row(
                values, line, columns, shown, lookup, default_kind, note_max, reports, errors
            )
            if progress:
                progress(1)
    except csv.Error as error:
        errors.append(
            RowError(
                reader.line_num, "-", str(_l("Raden går inte att läsa: %(error)s", error=error))
            )
        )
    if rows == 0 and not errors:
        errors.append(RowError(2, "-", str(_l("Filen har inga rader under rubrikraden."))))
    if not errors:
        _check_existing(list(reports.values()), errors, shown)
    if errors:
        raise ImportFailed(errors)
    return Parsed(list(reports.values()), rows, ignored)


def _check_row(values, line, columns, shown, lookup, default_kind, note_max, reports, errors):
    def cell(key: str) -> str:
        index = columns.get(key)
        return values[index].strip() if index is not None and index < len(values) else ""

    def fail(key: str, reason) -> None:
        errors.append(RowError(line, shown.get(key, key), str(reason)))

    before = len(errors)
    area = lookup.root
    if cell("omrade"):
        found = lookup.areas.get(plain(cell("omrade")), [])
        if not found:
            fail("omrade", _l("Inget område med det namnet under %(area)s.", area=lookup.root.name))
        elif len({a.id for a in found}) > 1:
            fail("omrade", _l("Flera områden heter så; skriv områdets slug i stället."))
        else:
            area = found[0]
    kind = plain(cell("period")) or default_kind
    if kind not in EST_KINDS:
        fail("period", _l("Perioden måste vara vecka eller tvavecka."))
        kind = default_kind
    day = None
    if cell("vecka"):
        try:
            day = parse_week(cell("vecka"))
        except ValueError:
            fail("vecka", _l("Veckan går inte att läsa; skriv t.ex. 2025-v14."))
    elif cell("datum"):
        try:
            day = parse_day(cell("datum"))
        except ValueError:
            fail("datum", _l("Datumet går inte att läsa; skriv t.ex. 2025-04-07."))
    else:
        fail("vecka" if "vecka" in columns else "datum", _l("Vecka eller datum saknas."))
    organisation = cell("rapportor")
    if not organisation:
        fail("rapportor", _l("Ange vem som rapporterat (verksamhet eller organisation)."))
    elif len(organisation) > MAX_ORGANISATION:
        fail("rapportor", _l("Högst %(n)s tecken.", n=MAX_ORGANISATION))
    category = lookup.categories.get(plain(cell("kategori"))) if cell("kategori") else None
    if not cell("kategori"):
        fail("kategori", _l("Kategori saknas."))
    elif category is None:
        fail("kategori", _l("Okänd kategori; använd en kategori ur checklistan."))
    assessment = None
    if cell("bedomning"):
        assessment = vocab.ASSESSMENT_ALIASES.get(plain(cell("bedomning")).replace("_", " "))
        if assessment is None:
            fail(
                "bedomning",
                _l("Bedömningen måste vara ingen, enstaka, återkommande eller omfattande."),
            )
    count = None
    if cell("antal"):
        try:
            count = int(cell("antal").replace(" ", ""))
            if not 0 <= count <= MAX_COUNT:
                raise ValueError
        except ValueError:
            fail("antal", _l("Antalet måste vara ett heltal mellan 0 och %(max)s.", max=MAX_COUNT))
    note = cell("anteckning")
    if len(note) > note_max:
        fail("anteckning", _l("Anteckningen är längre än %(n)s tecken.", n=note_max))
    if len(errors) > before or day is None or category is None:
        return
    try:
        start, end = est_period(kind, day)
    except BadPeriod:  # pragma: no cover - kind is checked above
        return
    key = (area.id, plain(organisation), start)
    report = reports.setdefault(key, _Report(area, organisation, kind, start, end, line))
    if report.kind != kind:
        fail(
            "period",
            _l(
                "Samma rapport har både vecka och tvavecka (se rad %(line)s).",
                line=report.first_line,
            ),
        )
        return
    incident = assessment is None and cell("antal") == ""
    entry = report.entries.get(category.id)
    if entry is None:
        entry = report.entries[category.id] = _Entry(category, line)
    elif not incident or entry.incidents == 0:
        fail(
            "kategori",
            _l("Kategorin finns redan för samma rapport på rad %(line)s.", line=entry.line),
        )
        return
    if incident:
        entry.incidents += 1
    else:
        entry.assessment, entry.count = assessment, count
    if note:
        entry.notes.append(note)


def _check_existing(reports: list[_Report], errors: list[RowError], shown: dict[str, str]) -> None:
    """A report already in the portal for the same area, reporter and period is not imported twice."""
    if not reports:
        return
    starts = {r.start for r in reports}
    existing = db.session.execute(
        db.select(
            EstReport.area_id, func.lower(EstReport.organisation), EstReport.period_start
        ).where(
            EstReport.area_id.in_({r.area.id for r in reports}),
            EstReport.period_start.in_(starts),
        )
    ).all()
    taken = {(a, plain(o), s) for a, o, s in existing}
    for report in reports:
        if (report.area.id, plain(report.organisation), report.start) in taken:
            errors.append(
                RowError(
                    report.first_line,
                    shown.get("rapportor", "rapportor"),
                    str(
                        _l(
                            "Det finns redan en rapport från %(who)s för %(area)s med start %(start)s.",
                            who=report.organisation,
                            area=report.area.name,
                            start=report.start.isoformat(),
                        )
                    ),
                )
            )


# --- importing ------------------------------------------------------------------------------------


def import_parsed(parsed: Parsed, actor, root: Area, progress: Progress | None = None) -> Imported:
    """Store every report of a validated file (flushes; the caller commits)."""
    batch = uuid.uuid4().hex
    thresholds = count_levels()
    entries = 0
    for chunk in _chunks(parsed.reports, 500):
        objects = [
            EstReport(
                area_id=r.area.id,
                organisation=r.organisation,
                period_kind=r.kind,
                period_start=r.start,
                period_end=r.end,
                source=vocab.SOURCE_IMPORT,
                import_batch=batch,
            )
            for r in chunk
        ]
        db.session.add_all(objects)
        db.session.flush()
        rows = []
        for report, stored in zip(chunk, objects, strict=True):
            for entry in report.entries.values():
                rows.append(_entry_row(entry, stored, thresholds))
        if rows:
            db.session.execute(insert(EstEntry), rows)
        entries += len(rows)
        if progress:
            progress(sum(len(r.entries) for r in chunk))
    audit.record(
        actor,
        "est.import",
        root,
        detail={"batch": batch, "reports": len(parsed.reports), "entries": entries},
    )
    db.session.flush()
    return Imported(len(parsed.reports), entries, batch)


def _entry_row(entry: _Entry, report: EstReport, thresholds: tuple[int, int, int]) -> dict:
    count = entry.incidents if entry.incidents else entry.count
    note = " / ".join(entry.notes) or None
    masked = mask_personal_data(note) if note else None
    return {
        "report_id": report.id,
        "category_id": entry.category.id,
        "area_id": report.area_id,
        "period_start": report.period_start,
        "assessment": entry.assessment,
        "count": count,
        "level": vocab.level_for(entry.assessment, count, thresholds),
        "note": note,
        "note_masked": masked.text if masked else None,
        "masked_kinds": list(masked.found) if masked else [],
    }


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def entry_total(parsed: Parsed) -> int:
    return sum(len(r.entries) for r in parsed.reports)
