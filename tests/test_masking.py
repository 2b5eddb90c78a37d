"""Tests for portal.privacy.masking: personal-data masking and the emergency heuristic."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.privacy.masking import (
    ADRESS,
    EPOST,
    PERSONNUMMER,
    REGNUMMER,
    TELEFON,
    TOKENS,
    looks_like_emergency_or_tip,
    mask_personal_data,
)

PNR = TOKENS[PERSONNUMMER]
TEL = TOKENS[TELEFON]
MAIL = TOKENS[EPOST]
PLATE = TOKENS[REGNUMMER]
ADDR = TOKENS[ADRESS]


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        # personnummer and samordningsnummer, with and without century and separator
        ("Mitt personnummer är 19850412-1234.", f"Mitt personnummer är {PNR}.", PERSONNUMMER),
        ("pnr 850412-1234 om ni vill ringa", f"pnr {PNR} om ni vill ringa", PERSONNUMMER),
        ("Anmälare: 198504121234", f"Anmälare: {PNR}", PERSONNUMMER),
        ("Anmälare: 8504121234", f"Anmälare: {PNR}", PERSONNUMMER),
        ("Han är över hundra, 120101+1234.", f"Han är över hundra, {PNR}.", PERSONNUMMER),
        ("Samordningsnummer 850472-1234", f"Samordningsnummer {PNR}", PERSONNUMMER),
        ("Född 20050412-1234.", f"Född {PNR}.", PERSONNUMMER),
        ("Skriv 850412 1234 i formuläret", f"Skriv {PNR} i formuläret", PERSONNUMMER),
        # phone numbers
        ("Ring mig på +46 70 123 45 67 efter kl 17.", f"Ring mig på {TEL} efter kl 17.", TELEFON),
        ("Nås på +46701234567", f"Nås på {TEL}", TELEFON),
        ("Tel: 0046 8 123 456 78", f"Tel: {TEL}", TELEFON),
        ("+46 (0)70-123 45 67", TEL, TELEFON),
        ("Mitt nummer är 070-123 45 67.", f"Mitt nummer är {TEL}.", TELEFON),
        ("Växeln 08-123 456 78 svarar inte", f"Växeln {TEL} svarar inte", TELEFON),
        ("sms:a 0701234567!", f"sms:a {TEL}!", TELEFON),
        ("Göteborg 031-12 34 56", f"Göteborg {TEL}", TELEFON),
        ("ring 073 - nej, 073-987 65 43", f"ring 073 - nej, {TEL}", TELEFON),
        ("tel:0701234567", f"tel:{TEL}", TELEFON),
        # digits typed on a Persian keyboard
        ("شماره من ۰۷۰۱۲۳۴۵۶۷ است", f"شماره من {TEL} است", TELEFON),
        # e-mail
        ("Mejla anna.svensson@example.se", f"Mejla {MAIL}", EPOST),
        ("skriv till kalle_79+trygg@post.kommun.se, tack", f"skriv till {MAIL}, tack", EPOST),
        ("kontakt: kalle(at)gmail.com", f"kontakt: {MAIL}", EPOST),
        # registration plates
        ("En vit Volvo ABC 123 står här varje natt", f"En vit Volvo {PLATE} står här", REGNUMMER),
        ("Mopedbil med reg ABC 12D kör på gångbanan", f"Mopedbil med reg {PLATE} kör", REGNUMMER),
        ("regnr ABC123", f"regnr {PLATE}", REGNUMMER),
        ("regnr abc123", f"regnr {PLATE}", REGNUMMER),
        ("bilen (MLB-456) igen", f"bilen ({PLATE}) igen", REGNUMMER),
        # street addresses with a house number
        ("Bråk utanför Storgatan 12 i natt", f"Bråk utanför {ADDR} i natt", ADRESS),
        ("Han bor på Drottninggatan 12B.", f"Han bor på {ADDR}.", ADRESS),
        ("Kungsvägen 3 A, trappan", f"{ADDR}, trappan", ADRESS),
        ("porten på Ringvägen 145", f"porten på {ADDR}", ADRESS),
        ("bor på storgatan 7", f"bor på {ADDR}", ADRESS),
        ("vid Norra Stationsgatan 5-7", f"vid {ADDR}", ADRESS),
        ("Sergels torg 12", ADDR, ADRESS),
        ("Gamla vägen 4", ADDR, ADRESS),
        ("Lindallén 8", ADDR, ADRESS),
        ("Tallstigen 3", ADDR, ADRESS),
        ("Kvarnbacken 14", ADDR, ADRESS),
        ("Mariaplan 3", ADDR, ADRESS),
        ("Medborgarplatsen 25", ADDR, ADRESS),
    ],
)
def test_masks(text: str, expected: str, kind: str) -> None:
    result = mask_personal_data(text)
    assert result.text.startswith(expected)
    assert result.found == [kind]
    assert result.changed


@pytest.mark.parametrize(
    "text",
    [
        "Det hände 2024 och igen i maj 2025.",
        "Mellan kl 22-23 är det stökigt, även kl 22.30 och 07:45.",
        "Öppet kl 08-10 och 13-15, lördag 09.00-12.00.",
        "Biljetten kostar 150 kr och en månadskort 975 kronor.",
        "Buss 123 stannar inte, ta buss 4 eller linje 160.",
        "Vid avfarten från E4 är det mörkt, även på E4 123 km söderut.",
        "Storgatan är mörk på kvällarna.",
        "Vi gick längs Storgatan och vid Stortorget.",
        "3 personer stod vid busskuren, 12 st cyklar låg slängda.",
        "Mötet 2024-05-12 kl 18.00-20.00 i Folkets hus.",
        "Vid Storgatan 22.30 i går var det lugnt.",
        "På Stortorget 3 personer som bråkade.",
        "Enligt detaljplan 12 ska det byggas en park.",
        "På vägen 5 minuter bort finns en lekplats.",
        "ring SOS 112 och betala SEK 100",
        "Det var 5 och 123 personer, JAG VET.",
        "Organisationsnummer 212000-1355 gäller Malmö stad.",
        "postnummer 123 45 Farsta",
        "Sedan 1985 har 1234 besökare kommit, 12 000 i år.",
        "",
    ],
)
def test_leaves_ordinary_text_unchanged(text: str) -> None:
    result = mask_personal_data(text)
    assert result.text == text
    assert result.found == []
    assert not result.changed


def test_keeps_invalid_dates_as_numbers() -> None:
    """Ten digits without a plausible month/day are not a personnummer."""
    assert mask_personal_data("ärende 8513421234").found == []


def test_ambiguous_zero_number_is_phone() -> None:
    result = mask_personal_data("0701234567")
    assert result.found == [TELEFON]


def test_phone_keeps_trailing_digits_beyond_a_number() -> None:
    result = mask_personal_data("070-123 45 67 89 st")
    assert result.text == f"{TEL} 89 st"


def test_several_kinds_in_one_report() -> None:
    text = (
        "Jag heter Anna, 19850412-1234, bor på Storgatan 12 och nås på 070-123 45 67 "
        "eller anna@example.se. Bilen ABC 123 står alltid vid Storgatan."
    )
    result = mask_personal_data(text)
    assert result.text == (
        f"Jag heter Anna, {PNR}, bor på {ADDR} och nås på {TEL} eller {MAIL}. "
        f"Bilen {PLATE} står alltid vid Storgatan."
    )
    assert sorted(result.found) == sorted([PERSONNUMMER, ADRESS, TELEFON, EPOST, REGNUMMER])


def test_normalises_decomposed_characters() -> None:
    decomposed = "Kungsva\u0308gen 3"
    assert mask_personal_data(decomposed).text == ADDR


_SWEDISH_PIECES = st.sampled_from(
    [
        "Storgatan 12",
        "19850412-1234",
        "850412+1234",
        "070-123 45 67",
        "+46 8 123 456 78",
        "ABC 123",
        "abc12d",
        "a@b.se",
        "(at)",
        "kl 22-23",
        "2024",
        " ",
        "-",
        "+",
        "0",
        "vägen",
        "\n",
        "Å",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), _SWEDISH_PIECES), max_size=12).map("".join))
def test_masking_is_idempotent_and_never_raises(text: str) -> None:
    once = mask_personal_data(text)
    twice = mask_personal_data(once.text)
    assert twice.text == once.text
    assert twice.found == []
    for kind in once.found:
        assert TOKENS[kind] in once.text


@pytest.mark.parametrize(
    "text",
    [
        "Han säljer knark vid skolan varje kväll",
        "Någon langar i trappuppgången",
        "Killen har en kniv och hotar folk",
        "Det skjuter utanför!",
        "Det brinner nu i soprummet",
        "Hon blöder från huvudet",
        "Grannen hotar mig",
        "De misshandlar en kille just nu",
        "Han som bor i lägenheten ovanför säljer",
        "Hon heter Lisa och",
        "Det finns en knarkförsäljare vid stationen",
        "Hjälp! De slår honom",
        "Please help, someone is bleeding",
        "A man with a knife at the station",
    ],
)
def test_flags_emergencies_and_tips(text: str) -> None:
    assert looks_like_emergency_or_tip(text)


@pytest.mark.parametrize(
    "text",
    [
        "Gatlampan vid lekplatsen brinner inte",
        "Jag brinner för att göra vår stad tryggare",
        "Kommunen skjuter upp ombyggnaden av torget",
        "Vi behöver hjälp med bättre belysning",
        "Buskarna borde klippas, det är mörkt vid gångtunneln",
        "Det kändes otryggt att gå hem från bussen",
        "",
    ],
)
def test_does_not_flag_ordinary_reports(text: str) -> None:
    assert not looks_like_emergency_or_tip(text)
