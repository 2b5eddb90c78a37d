"""Place reports: area lookup, follow codes, non-map reports, nearby places, idempotency."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.geo.coords import distance_m
from portal.map import reports, vocab
from portal.map.models import Category, Observation, Place
from tests.map.conftest import NORR, OUTSIDE, SODER, published, report


def offset(point, metres_north: float) -> tuple[float, float]:
    """A point about ``metres_north`` metres north of ``point``."""
    return point[0], point[1] + metres_north / 111_320


def test_default_categories_include_a_positive_one(cats):
    assert len(cats) == 16
    safe = cats["tryggt"]
    assert safe.positive and safe.name_sv == "Tryggt och trivsamt"
    assert safe.name("en") == "Safe and pleasant"
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c.colour) for c in cats.values())
    assert sum(c.positive for c in cats.values()) == 1


def test_report_on_the_map_becomes_a_new_unpublished_place_in_the_deepest_area(area, cats):
    observation = report(cats["belysning"], SODER)
    place = observation.place
    assert place.area.name == "Söder"
    assert (place.lon, place.lat) == SODER
    assert place.status == vocab.NY and not place.published and not place.needs_positioning
    assert observation.source == vocab.RESIDENT and observation.positioned
    assert re.fullmatch(f"[{reports.CODE_ALPHABET}]{{9}}", observation.follow_code)
    assert re.fullmatch(r"\w{3}-\w{3}-\w{3}", observation.display_code)
    assert place.observation_count == 1 and place.time_mask == vocab.TIME_BITS[vocab.KVALL]


def test_a_point_outside_every_area_is_refused(area, cats):
    with pytest.raises(reports.ReportError) as error:
        report(cats["belysning"], OUTSIDE)
    assert error.value.code == "outside"
    assert db.session.scalar(db.select(db.func.count(Place.id))) == 0


def test_non_map_report_is_placed_at_the_area_and_flagged_for_positioning(area, cats):
    norr = next(a for a in area.children if a.name == "Norr")
    observation = report(
        cats["klotter"], None, area=norr, location_text="Vid busshållplatsen Torget"
    )
    place = observation.place
    assert place.needs_positioning and not observation.positioned
    assert (place.lon, place.lat) == (norr.point_lon, norr.point_lat)
    assert place.area == norr
    assert observation.location_text == "Vid busshållplatsen Torget"


def test_without_point_or_area_the_report_is_refused(area, cats):
    with pytest.raises(reports.ReportError) as error:
        report(cats["klotter"], None)
    assert error.value.code == "no_location"


def test_public_description_is_masked_but_the_original_is_kept_for_staff(area, cats):
    text = "Ring 070-123 45 67, lampan vid Storgatan 12 är trasig. Bil ABC 123 står där."
    observation = report(cats["belysning"], description=text)
    public = observation.place.public_description
    assert "070" not in public and "Storgatan 12" not in public and "ABC 123" not in public
    assert "[telefonnummer borttaget]" in public
    assert observation.description == text


def test_emergency_or_crime_tip_is_flagged_and_gets_no_public_text(area, cats):
    observation = report(
        cats["narkotikahandel"], description="Killen som bor på trean säljer knark varje kväll."
    )
    assert observation.flagged_emergency
    assert observation.place.public_description is None


def test_nearby_uses_metres_in_sweref_and_the_same_category(area, cats, handler):
    place = published(cats["belysning"], handler, NORR)
    published(cats["klotter"], handler, offset(NORR, 5))
    near, far = offset(NORR, 20), offset(NORR, 30)
    assert 19 < distance_m(NORR, near) < 21
    found = reports.nearby_places(*near, 25, category=cats["belysning"])
    assert [p.id for p, _d in found] == [place.id]
    assert 19 < found[0][1] < 21
    assert reports.nearby_places(*far, 25, category=cats["belysning"]) == []


def test_nearby_offers_only_published_places(area, cats, handler):
    report(cats["belysning"], NORR)
    assert reports.nearby_places(*offset(NORR, 3), 25, category=cats["belysning"]) == []
    assert len(reports.nearby_places(*offset(NORR, 3), 25, public_only=False)) == 1


def test_attach_adds_an_observation_to_the_existing_place(area, cats, handler):
    place = published(cats["belysning"], handler, NORR)
    second = report(cats["belysning"], offset(NORR, 10), attach_to=place, time_of_day=vocab.NATT)
    assert second.place_id == place.id
    assert place.observation_count == 2
    assert place.time_mask == vocab.TIME_BITS[vocab.KVALL] | vocab.TIME_BITS[vocab.NATT]
    assert second.follow_code != place.observations[0].follow_code


def test_attach_to_a_place_that_is_not_near_is_refused(area, cats, handler):
    place = published(cats["belysning"], handler, NORR)
    with pytest.raises(reports.ReportError) as error:
        report(cats["belysning"], offset(NORR, 100), attach_to=place)
    assert error.value.code == "not_nearby"
    with pytest.raises(reports.ReportError):
        report(cats["klotter"], offset(NORR, 2), attach_to=place)


def test_the_same_client_key_stores_one_observation(area, cats):
    first = report(cats["belysning"], client_key="abc123")
    again = report(cats["belysning"], client_key="abc123", description="annan text")
    assert again.id == first.id
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 1


def test_find_by_code_normalises_what_people_type(area, cats):
    observation = report(cats["belysning"])
    typed = observation.display_code.lower().replace("-", " ")
    assert reports.find_by_code(typed) == observation
    assert reports.find_by_code("AAA-AAA-AAA") is None
    assert reports.find_by_code("") is None
    assert reports.find_by_code("x" * 5000) is None


def test_agree_counts_only_public_places(area, cats, handler):
    hidden = report(cats["belysning"]).place
    assert reports.agree(hidden) is False and hidden.agree_count == 0
    place = published(cats["klotter"], handler, SODER)
    assert reports.agree(place) and reports.agree(place)
    assert place.agree_count == 2


def test_walk_hook_and_sources(area, cats):
    observation = report(cats["tryggt"], source=vocab.WALK, walk_id=42)
    assert observation.source == "walk" and observation.walk_id == 42
    with pytest.raises(reports.ReportError):
        report(cats["tryggt"], source="robot")


def test_bad_time_of_day_is_refused(area, cats):
    with pytest.raises(reports.ReportError):
        report(cats["tryggt"], time_of_day="morgon")


def test_category_glyph_falls_back_for_unknown_icons(app):
    assert Category(icon="nope").glyph == vocab.ICONS["punkt"][0]
