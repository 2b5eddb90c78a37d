"""Masking of personal data in Swedish free text, and an emergency/crime-tip heuristic.

Everything a resident writes is moderated before publication (see DOMAIN.md, "Law and
privacy"); `mask_personal_data` is the safety net that removes the personal data we can
recognise mechanically before anything is shown publicly:

* personnummer and samordningsnummer: ``YYMMDD-NNNN``, ``YYMMDD+NNNN``, ``YYYYMMDDNNNN``,
  ``YYMMDDNNNN`` (also with a space). Month and day must be plausible (day 61-91 is a
  samordningsnummer); the Luhn check digit is *not* required, since a mistyped number still
  identifies a person. It is only used to tell a ten-digit number starting with 0 and written
  without separator (``0701234567``) apart from a mobile number.
* Swedish phone numbers: ``+46 70 123 45 67``, ``0046 8 123 456 78``, ``070-123 45 67``,
  ``08-123 456 78``, ``031-12 34 56``, ``0701234567`` (8-10 digits nationally, 7-9 after +46).
* e-mail addresses, including the common ``namn(at)example.se`` / ``namn[at]example.se``.
* vehicle registration plates: ``ABC 123``, ``ABC123``, ``ABC-123``, ``ABC 12D`` (letters
  without I, Q, V; a final letter is never O). With a space or dash only upper-case letters
  count, so that ``och 123`` is not a plate; written together (``abc123``) any case counts.
  Currency codes and a few acronyms (``SEK 100``, ``SOS 112``) are excluded.
* street addresses with a house number: ``Storgatan 12``, ``Drottninggatan 12B``,
  ``Kungsvägen 3 A``, ``Norra Stationsgatan 5-7``, ``Sergels torg 12``. A street without a
  number is a place and is kept (``vid Storgatan``). Not masked: times (``Storgatan 22.30``),
  counts (``Stortorget 3 personer``) and non-street compounds (``detaljplan 12``).

Digits in any script are recognised (e.g. Arabic-Indic digits typed on a Persian keyboard).
The text is NFC-normalised. Masking is repeated until nothing more changes, so it is
idempotent: masking masked text changes nothing.

Limitations: names, unusual address forms (``Box 123``, postcodes, ``lgh 1102``), personalised
plates, foreign phone numbers and numbers written in words are not found; an order number that
looks like a personnummer with a valid date is masked. All-caps text can over-mask three-letter
words followed by three digits. Masking never replaces moderation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "ADRESS",
    "EMERGENCY_NOTICE",
    "EPOST",
    "PERSONNUMMER",
    "REGNUMMER",
    "TELEFON",
    "TOKENS",
    "MaskResult",
    "looks_like_emergency_or_tip",
    "mask_personal_data",
]

PERSONNUMMER = "personnummer"
TELEFON = "telefon"
EPOST = "epost"
REGNUMMER = "regnummer"
ADRESS = "adress"

#: Replacement text per kind of personal data.
TOKENS: dict[str, str] = {
    PERSONNUMMER: "[personnummer borttaget]",
    TELEFON: "[telefonnummer borttaget]",
    EPOST: "[e-post borttagen]",
    REGNUMMER: "[registreringsnummer borttaget]",
    ADRESS: "[adress borttagen]",
}

#: Text to show when `looks_like_emergency_or_tip` is true.
EMERGENCY_NOTICE = "Ring 112 vid nödläge, 114 14 för att lämna tips till polisen."


@dataclass(frozen=True)
class MaskResult:
    """Masked text and the kinds of personal data found, in order of first detection."""

    text: str
    found: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True if anything was masked."""
        return bool(self.found)


# Given a match, return where the masked span ends (usually match.end()), or None to keep it.
Accept = Callable[[re.Match[str]], int | None]

_SEP = r"[ \u00a0\u202f-]"  # space, no-break spaces, hyphen
_MAX_PASSES = 8  # a changing pass removes digits or "@", so this ends; usually after 2

# --- e-mail -------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+"
    r"(?:@|\s?[(\[]at[)\]]\s?)"
    r"(?:[\w-]+\.)+[^\W\d_]{2,}(?![\w-])",
    re.IGNORECASE,
)


def _accept_email(match: re.Match[str]) -> int:
    return match.end()


# --- personnummer / samordningsnummer -----------------------------------------------------

_PERSONNUMMER = re.compile(
    r"(?<![\w+/-])(?P<century>19|20)?(?P<date>\d{6})(?P<sep>[-+ \u00a0]?)(?P<serial>\d{4})(?!\w)"
)


def _luhn_ok(digits: str) -> bool:
    """Luhn check over the ten digits YYMMDDNNNN."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 - index % 2)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _accept_personnummer(match: re.Match[str]) -> int | None:
    date, serial = match["date"], match["serial"]
    month, day = int(date[2:4]), int(date[4:6])
    if not (1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)):
        return None
    unseparated = match["century"] is None and match["sep"] not in ("-", "+")
    if unseparated and date.startswith("0") and not _luhn_ok(date + serial):
        return None  # "0701234567" is far more often a mobile number: left to the phone pass
    return match.end()


# --- phone numbers ------------------------------------------------------------------------

_PHONE = re.compile(
    rf"(?<![\w+/-])"
    rf"(?P<prefix>(?:\+|00){_SEP}?46{_SEP}?(?:\(0\){_SEP}?)?|0)"
    rf"(?P<area>\d{{1,3}})"
    rf"(?P<groups>(?:{_SEP}?\d{{2,4}}){{1,4}})"
    rf"(?!\w)"
)
_PHONE_CHUNK = re.compile(rf"{_SEP}?\d+")


def _accept_phone(match: re.Match[str]) -> int | None:
    """Mask the longest plausible number; digits greedily taken beyond it are kept."""
    count = len(match["area"])  # digits after the leading 0 or +46: 7-9
    best: int | None = None
    for chunk in _PHONE_CHUNK.finditer(match["groups"]):
        count += sum(char.isdigit() for char in chunk.group())
        if count > 9:
            break
        if count >= 7:
            best = chunk.end()
    if best is None:
        return None
    return match.start("groups") + best


# --- street addresses ---------------------------------------------------------------------

# Suffixes that (almost) only occur in street names; also accepted in lower case.
_STREET_SUFFIXES = (
    "gatan|gata|vägen|väg|gränden|gränd|stigen|allén|alléen|allé|torget|torg|leden|stråket"
)
# Suffixes that also end ordinary words; only accepted in a capitalised word.
_RISKY_SUFFIXES = "plan|platsen|plats|backen|backe|kajen|slingan|ringen|promenaden|esplanaden"
_RISKY = frozenset(_RISKY_SUFFIXES.split("|"))
_NOT_STREETS = re.compile(  # compounds with a street suffix that are not streets
    r"(?:hem|halv|gen|om|motor|cykel|gång|järn)vägen"
    r"|(?:detalj|översikts|handlings|åtgärds|flyg|stads|tids|arbets|verksamhets|vånings"
    r"|affärs|budget|aktivitets|trygghets)plan"
    r"|(?:buss)?(?:håll|brotts|olycks|parkerings|arbets)plats(?:en)?"
    r"|(?:uppförs|nedförs)backen",
    re.IGNORECASE,
)
_STREET_ADJECTIVES = r"Gamla|Stora|Lilla|Nya|Norra|Södra|Östra|Västra|Övre|Nedre|Sankt|S:t"
_GENERIC_STREETS = r"vägen|väg|gatan|gata|gränd|torget|torg|platsen|plats|allé|stig|backe"
_COUNT_WORDS = (
    r"personer|pers|st|stycken|ungdomar|killar|tjejer|pojkar|flickor|män|kvinnor|barn|vuxna"
    r"|bilar|cyklar|mopeder|gånger|ggr|minuter|min|sekunder|meter|m|km|kr|kronor|år|dagar"
    r"|timmar|tim|veckor|procent"
)
_HOUSE_NUMBER = r"(?!0)\d{1,3}(?:\s?[A-H]\b|[a-hA-H])?(?:[-–](?!0)\d{1,3}[a-hA-H]?)?"

_ADDRESS = re.compile(
    rf"(?<![\w-])"
    rf"(?:"
    rf"(?:(?i:{_STREET_ADJECTIVES})\s+)?"
    rf"(?P<word>[^\W\d_][\w-]*?(?P<suffix>(?i:{_STREET_SUFFIXES}|{_RISKY_SUFFIXES})))"
    rf"|(?:{_STREET_ADJECTIVES}|[A-ZÅÄÖ][^\W\d_]*s)\s+(?i:{_GENERIC_STREETS})"
    rf")"
    rf"\s+{_HOUSE_NUMBER}"
    rf"(?![\w%]|[.,:]\d)"
    rf"(?!\s+(?i:{_COUNT_WORDS})(?!\w))"
)


def _accept_address(match: re.Match[str]) -> int | None:
    word = match["word"]
    if word is not None:
        if _NOT_STREETS.fullmatch(word):
            return None
        if match["suffix"].lower() in _RISKY and not word[0].isupper():
            return None
    return match.end()


# --- registration plates ------------------------------------------------------------------

_PLATE = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<letters>[A-HJ-PR-UW-Z]{3})[ \u00a0-]?\d{2}[\dA-HJ-NPR-UW-Za-hj-npr-uw-z]"
    r"|(?i:[a-hj-pr-uw-z]{3}\d{2}[\da-hj-npr-uw-z])"
    r")(?![\w-])"
)
_NOT_PLATES = frozenset(["SOS", "SEK", "EUR", "USD", "GBP", "NOK", "DKK", "CHF", "LGH", "TEL"])


def _accept_plate(match: re.Match[str]) -> int | None:
    if match["letters"] in _NOT_PLATES:
        return None
    return match.end()


# E-mail first (addresses may contain digits), personnummer before phone numbers.
_DETECTORS: tuple[tuple[str, re.Pattern[str], Accept], ...] = (
    (EPOST, _EMAIL, _accept_email),
    (PERSONNUMMER, _PERSONNUMMER, _accept_personnummer),
    (TELEFON, _PHONE, _accept_phone),
    (ADRESS, _ADDRESS, _accept_address),
    (REGNUMMER, _PLATE, _accept_plate),
)


def _fold_digits(text: str) -> str:
    """Map digits of any script to ASCII, keeping every index (one character each)."""
    table = {ord(c): str(unicodedata.decimal(c)) for c in set(text) if c.isdecimal()}
    return text.translate(table)


def _apply(text: str, pattern: re.Pattern[str], accept: Accept, token: str) -> tuple[str, bool]:
    """Replace accepted matches (found in the digit-folded text) with `token`."""
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(_fold_digits(text)):
        end = accept(match)
        if end is not None:
            parts += [text[last : match.start()], token]
            last = end
    if not parts:
        return text, False
    parts.append(text[last:])
    return "".join(parts), True


def mask_personal_data(text: str) -> MaskResult:
    """Replace personnummer, phone numbers, e-mail, plates and street addresses in `text`."""
    text = unicodedata.normalize("NFC", text)
    found: list[str] = []
    for _ in range(_MAX_PASSES):
        changed = False
        for kind, pattern, accept in _DETECTORS:
            text, hit = _apply(text, pattern, accept, TOKENS[kind])
            if hit:
                changed = True
                if kind not in found:
                    found.append(kind)
        if not changed:
            break
    return MaskResult(text=text, found=found)


# --- emergencies and crime tips -----------------------------------------------------------

# Spaces in these fragments match any whitespace. Deliberately leans towards flagging: a false
# positive only keeps a report for moderation and shows EMERGENCY_NOTICE.
_EMERGENCY_PHRASES = (
    # violence or danger happening now
    r"(?:har|med|viftar med|hotar med|bär på) (?:en |ett )?(?:kniv|knivar|pistol|vapen|gevär|yxa|machete)",
    r"knivhugg\w*",
    r"knivskur\w*",
    r"skjuter(?! upp| fram| till)",
    r"skjuten|skjutna|skjutit|skottlossning\w*|skott avlossa\w*|hör skott",
    r"(?:det|huset|bilen|lägenheten|trapphuset|soprummet|förrådet|skolan) brinner",
    r"brinner (?:nu|just nu)",
    r"står i (?:brand|lågor)",
    r"tän(?:t|der|de) eld på",
    r"blöder|blödande|medvetslös|andas inte",
    r"hotar (?:mig|oss|honom|henne|dem|min|mina|mitt)",
    r"(?:blir|blev) (?:hotad|rånad|misshandlad|knivhuggen|slagen)",
    r"misshandlar|misshandlas|våldtar|våldtas|rånar|rånas",
    r"slår (?:mig|oss|honom|henne|ihjäl)",
    r"inbrott pågår|bryter sig in|följer efter mig|förföljer mig",
    r"hjälp(?=\s*!)|hjälp (?:mig|oss)",
    r"ring (?:polisen|112|ambulans)",
    r"nödläge|akut fara|livsfara",
    # crime tips pointing at a person
    r"säljer (?:knark|droger|narkotika|kokain|hasch|gräs|cannabis|tabletter|spice|vapen)",
    r"langar|langare\w*|langning\w*",
    r"knarkförsälj\w*|knarkhandel\w*|droghandel\w*|narkotikaförsälj\w*",
    r"(?:han|hon|hen|de|dom|killen|tjejen|mannen|kvinnan|grannen|familjen) som bor (?:i|på|vid)",
    r"(?:han|hon|hen|de|dom) heter|heter (?:han|hon|hen)|(?:hans|hennes) namn är",
    r"jag vet vem som|vet vem (?:det|som) (?:var|är)",
    # English
    r"help|emergency|bleeding|on fire|shooting|stabb\w*",
    r"(?:has|with) a (?:knife|gun)",
    r"selling drugs|sells drugs|deals drugs|drug dealer\w*",
    r"threatening (?:me|us)|is attacking",
)
_EMERGENCY = re.compile(
    r"(?<!\w)(?:" + "|".join(p.replace(" ", r"\s+") for p in _EMERGENCY_PHRASES) + r")(?!\w)",
    re.IGNORECASE,
)


def looks_like_emergency_or_tip(text: str) -> bool:
    """True if `text` seems to describe an ongoing emergency or a tip pointing at a person.

    A keyword heuristic over Swedish (and a little English) phrases. It cannot see negations
    ("ingen säljer knark här"), misspellings, slang it does not list, or other languages;
    moderators still read everything. Use it to keep the report unpublished and show
    `EMERGENCY_NOTICE`.
    """
    return bool(_EMERGENCY.search(unicodedata.normalize("NFC", text)))
