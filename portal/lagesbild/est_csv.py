"""Reading EST spreadsheets: text encoding, delimiter, header names, weeks and dates. Pure."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

#: Header names (lower case, without diacritics, spaces as underscores) → the column they mean.
ALIASES = {
    "omrade": "omrade",
    "area": "omrade",
    "omradesslug": "omrade",
    "vecka": "vecka",
    "week": "vecka",
    "v": "vecka",
    "datum": "datum",
    "date": "datum",
    "period_start": "datum",
    "startdatum": "datum",
    "fran": "datum",
    "period": "period",
    "periodtyp": "period",
    "rapportperiod": "period",
    "rapportor": "rapportor",
    "organisation": "rapportor",
    "verksamhet": "rapportor",
    "rapporterat_av": "rapportor",
    "reporter": "rapportor",
    "kategori": "kategori",
    "category": "kategori",
    "bedomning": "bedomning",
    "assessment": "bedomning",
    "niva": "bedomning",
    "antal": "antal",
    "count": "antal",
    "antal_handelser": "antal",
    "anteckning": "anteckning",
    "beskrivning": "anteckning",
    "notering": "anteckning",
    "kommentar": "anteckning",
    "note": "anteckning",
}


def plain(text: str) -> str:
    """Lower case, without diacritics, spaces as underscores: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s-]+", "_", text)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it in Sweden."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


_WEEK_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/ ]?\s*[vw]\.?\s*(\d{1,2})$", re.IGNORECASE),
    re.compile(r"^[vw]\.?\s*(\d{1,2})[\s,/-]+(\d{4})$", re.IGNORECASE),
    re.compile(r"^(\d{4})-(\d{1,2})$"),
)


def parse_week(text: str) -> date:
    """The Monday of a written week ("2025-v14", "v14 2025", "2025-14")."""
    text = text.strip()
    for index, pattern in enumerate(_WEEK_PATTERNS):
        match = pattern.match(text)
        if match:
            year, number = (match[2], match[1]) if index == 1 else (match[1], match[2])
            return date.fromisocalendar(int(year), int(number), 1)
    raise ValueError(text)


def parse_day(text: str) -> date:
    text = text.strip()
    for form in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(text)
