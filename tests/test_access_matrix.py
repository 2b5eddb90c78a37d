"""Every staff URL × anonymous, a user without roles, each role on the area, each role elsewhere.

New staff URLs must be added to ``MATRIX``: ``test_every_staff_url_is_in_the_matrix`` fails otherwise.
Every other route must be in ``PUBLIC_ROUTES``, with what an anonymous visitor may do there
(``test_every_route_is_listed_as_staff_or_public``); each is then requested anonymously.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from portal.auth.guard import STAFF_URL_PREFIX
from portal.auth.models import ROLES
from portal.extensions import db
from tests.api import helpers as api_helpers
from tests.dialog import helpers as dialog_helpers
from tests.factories import make_area
from tests.lagesbild import helpers as lagesbild_helpers
from tests.loften import helpers as loften_helpers
from tests.map import helpers as map_helpers
from tests.walks import helpers as walks_helpers

COORDINATORS = frozenset({"admin", "samordnare", "polis"})
EVERY_ROLE = frozenset(ROLES)
WALK_LEADERS = COORDINATORS | {"vandringsledare"}
EST = COORDINATORS | {"rapportor"}  # EST pages: reporters and coordinators
CHECKLIST = frozenset({"admin", "samordnare"})  # the EST checklist: on a top-level area


@dataclass(frozen=True)
class Entry:
    """How to reach one staff URL and who may: ``url(objects)`` builds it for the test's area."""

    url: Callable[[dict], str]
    roles: frozenset[str]
    area_scoped: bool = False  # True: a role on another area is refused too
    method: str = "GET"


MATRIX: dict[str, Entry] = {
    "staff.dashboard": Entry(lambda o: "/hantera/", EVERY_ROLE),
    "staff.audit_log": Entry(lambda o: "/hantera/logg", frozenset({"admin"})),
    "staff.account": Entry(lambda o: "/hantera/konto", EVERY_ROLE),
    "staff.two_factor_setup": Entry(lambda o: "/hantera/konto/tvafaktor", EVERY_ROLE),
    "staff.two_factor_disable": Entry(
        lambda o: "/hantera/konto/tvafaktor/av", EVERY_ROLE, method="POST"
    ),
    "staff.new_recovery_codes": Entry(
        lambda o: "/hantera/konto/aterstallningskoder", EVERY_ROLE, method="POST"
    ),
    "areas_staff.tree": Entry(lambda o: "/hantera/omraden/", COORDINATORS),
    # Surveys (portal/dialog)
    "dialog_staff.index": Entry(lambda o: "/hantera/enkater/", COORDINATORS),
    "dialog_staff.new": Entry(lambda o: "/hantera/enkater/ny", COORDINATORS),
    "dialog_staff.survey": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}", COORDINATORS, area_scoped=True
    ),
    "dialog_staff.settings": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/installningar", COORDINATORS, area_scoped=True
    ),
    "dialog_staff.add_question": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/fragor", COORDINATORS, True, "POST"
    ),
    "dialog_staff.edit_question": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/fragor/{o['question'].id}",
        COORDINATORS,
        area_scoped=True,
    ),
    "dialog_staff.move_question": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/fragor/{o['question'].id}/flytta",
        COORDINATORS,
        True,
        "POST",
    ),
    "dialog_staff.delete_question": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/fragor/{o['question'].id}/ta-bort",
        COORDINATORS,
        True,
        "POST",
    ),
    "dialog_staff.preview": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/forhandsvisning", COORDINATORS, True
    ),
    "dialog_staff.change_state": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/status", COORDINATORS, True, "POST"
    ),
    "dialog_staff.copy": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/kopiera", COORDINATORS, True, "POST"
    ),
    "dialog_staff.publish_results": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/publicering", COORDINATORS, True, "POST"
    ),
    "dialog_staff.translations": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/oversattningar", COORDINATORS, True
    ),
    "dialog_staff.translate": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/oversattningar/en", COORDINATORS, True
    ),
    "dialog_results.results": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/resultat", COORDINATORS, True
    ),
    "dialog_results.export_csv": Entry(
        lambda o: f"/hantera/enkater/{o['survey'].id}/export.csv", COORDINATORS, True
    ),
    "dialog_results.moderation_queue": Entry(lambda o: "/hantera/enkater/moderering", COORDINATORS),
    "dialog_results.moderate": Entry(
        lambda o: f"/hantera/enkater/moderering/{o['text'].id}", COORDINATORS, True, "POST"
    ),
    # Places (portal/map)
    "map_staff.queue": Entry(lambda o: "/hantera/platser/", COORDINATORS),
    "map_staff.places": Entry(lambda o: "/hantera/platser/lista", COORDINATORS),
    "map_staff.staff_map": Entry(lambda o: "/hantera/platser/karta", COORDINATORS),
    "map_staff.places_geojson": Entry(lambda o: "/hantera/platser/platser.geojson", COORDINATORS),
    "map_staff.grid_geojson": Entry(lambda o: "/hantera/platser/rutnat.geojson", COORDINATORS),
    "map_staff.place": Entry(
        lambda o: f"/hantera/platser/{o['place'].id}", COORDINATORS, area_scoped=True
    ),
    "map_staff.review": Entry(
        lambda o: f"/hantera/platser/rapport/{o['observation'].id}/granska",
        COORDINATORS,
        True,
        "POST",
    ),
    "map_staff.photo_decision": Entry(
        lambda o: f"/hantera/platser/rapport/{o['observation'].id}/bild",
        COORDINATORS,
        True,
        "POST",
    ),
    "map_staff.photo_file": Entry(
        lambda o: f"/hantera/platser/rapport/{o['observation'].id}/bild/bild", COORDINATORS, True
    ),
    "map_staff.split": Entry(
        lambda o: f"/hantera/platser/rapport/{o['observation'].id}/dela",
        COORDINATORS,
        True,
        "POST",
    ),
    "map_staff.edit": Entry(
        lambda o: f"/hantera/platser/{o['place'].id}/text", COORDINATORS, True, "POST"
    ),
    "map_staff.status": Entry(
        lambda o: f"/hantera/platser/{o['place'].id}/status", COORDINATORS, True, "POST"
    ),
    "map_staff.responsibility": Entry(
        lambda o: f"/hantera/platser/{o['place'].id}/ansvar", COORDINATORS, True, "POST"
    ),
    "map_staff.publish": Entry(
        lambda o: f"/hantera/platser/{o['place'].id}/publicera", COORDINATORS, True, "POST"
    ),
    "map_staff.position": Entry(
        lambda o: f"/hantera/platser/{o['place'].id}/position", COORDINATORS, True, "POST"
    ),
    "map_staff.merge": Entry(
        lambda o: f"/hantera/platser/{o['place'].id}/sla-ihop", COORDINATORS, True, "POST"
    ),
    "map_staff.categories": Entry(lambda o: "/hantera/platser/kategorier", frozenset({"admin"})),
    "map_staff.category": Entry(
        lambda o: f"/hantera/platser/kategorier/{o['category'].id}", frozenset({"admin"})
    ),
    "map_staff.category_translations": Entry(
        lambda o: "/hantera/platser/kategorier/oversattningar", frozenset({"admin"})
    ),
    "map_staff.translate_categories": Entry(
        lambda o: "/hantera/platser/kategorier/oversattningar/en", frozenset({"admin"})
    ),
    # Lägesbild and EST (portal/lagesbild)
    **{
        f"est_staff.{name}": Entry(url, roles, scoped, method)
        for name, url, roles, scoped, method in (
            ("index", lambda o: "/hantera/est/", EST, False, "GET"),
            ("report_form", lambda o: f"/hantera/est/rapport/{o['area'].slug}", EST, True, "GET"),
            (
                "report",
                lambda o: f"/hantera/est/rapporter/{o['est_report'].id}",
                COORDINATORS,
                True,
                "GET",
            ),
            ("mine", lambda o: "/hantera/est/mina", EST, False, "GET"),
            (
                "overview",
                lambda o: f"/hantera/est/omrade/{o['area'].slug}",
                COORDINATORS,
                True,
                "GET",
            ),
            ("checklist", lambda o: "/hantera/est/checklista", CHECKLIST, False, "GET"),
            (
                "checklist_defaults",
                lambda o: "/hantera/est/checklista/standard",
                CHECKLIST,
                False,
                "POST",
            ),
            (
                "checklist_category",
                lambda o: f"/hantera/est/checklista/{o['est_category'].id}",
                CHECKLIST,
                False,
                "GET",
            ),
            ("import_csv", lambda o: "/hantera/est/import", COORDINATORS, False, "GET"),
        )
    },
    "lagesbild_staff.index": Entry(lambda o: "/hantera/lagesbild/", COORDINATORS),
    **{
        endpoint: Entry(
            lambda o, tail=tail: f"/hantera/lagesbild/{o['area'].slug}/{o['period']}{tail}",
            COORDINATORS,
            True,
            method,
        )
        for endpoint, tail, method in (
            ("lagesbild_staff.show", "", "GET"),
            ("lagesbild_staff.print_view", "/utskrift", "GET"),
            ("lagesbild_staff.records_view", "/underlag?kalla=est", "GET"),
            ("lagesbild_staff.table_csv", "/tabell/est.csv", "GET"),
            ("lagesbild_staff.hotspots_geojson", "/hotspots.geojson", "GET"),
            ("lagesbild_analysis.texts", "/analys", "GET"),
            ("lagesbild_analysis.new_problem", "/problem/ny", "GET"),
            ("lagesbild_analysis.fix", "/faststall", "GET"),
        )
    },
    "lagesbild_analysis.edit_problem": Entry(
        lambda o: f"/hantera/lagesbild/{o['area'].slug}/{o['period']}/problem/{o['problem'].id}",
        COORDINATORS,
        True,
    ),
    "lagesbild_analysis.delete_problem": Entry(
        lambda o: (
            f"/hantera/lagesbild/{o['area'].slug}/{o['period']}/problem/{o['problem'].id}/ta-bort"
        ),
        COORDINATORS,
        True,
        "POST",
    ),
    **{
        endpoint: Entry(
            lambda o, tail=tail: f"/hantera/lagesbild/fastslagen/{o['snapshot'].id}{tail}",
            COORDINATORS,
            True,
        )
        for endpoint, tail in (
            ("lagesbild_versions.show", ""),
            ("lagesbild_versions.print_view", "/utskrift"),
            ("lagesbild_versions.table_csv", "/tabell/est.csv"),
            ("lagesbild_versions.hotspots_geojson", "/hotspots.geojson"),
        )
    },
    # Walks (portal/walks): leaders and coordinators plan and follow; coordinators do protocols
    "walks_staff.walks": Entry(lambda o: "/hantera/vandringar/", WALK_LEADERS),
    "walks_staff.create": Entry(lambda o: "/hantera/vandringar/ny", WALK_LEADERS),
    **{
        endpoint: Entry(
            lambda o, tail=tail: f"/hantera/vandringar/{o['walk'].id}{tail}", roles, True, method
        )
        for endpoint, tail, roles, method in (
            ("walks_staff.walk", "", WALK_LEADERS, "GET"),
            ("walks_staff.edit", "/redigera", WALK_LEADERS, "GET"),
            ("walks_staff.poster", "/affisch", WALK_LEADERS, "GET"),
            ("walks_staff.qr_svg", "/qr.svg", WALK_LEADERS, "GET"),
            ("walks_staff.new_code", "/ny-kod", WALK_LEADERS, "POST"),
            ("walks_staff.cancel", "/installd", WALK_LEADERS, "POST"),
            ("walks_staff.live", "/live", WALK_LEADERS, "GET"),
            ("walks_staff.pins_json", "/punkter.json", WALK_LEADERS, "GET"),
            ("walks_protocol.editor", "/protokoll", COORDINATORS, "GET"),
            ("walks_protocol.build", "/protokoll/skapa", COORDINATORS, "POST"),
            ("walks_protocol.summary", "/protokoll/sammanfattning", COORDINATORS, "POST"),
            ("walks_protocol.publish", "/protokoll/publicera", COORDINATORS, "POST"),
            ("walks_protocol.printable", "/protokoll/utskrift", COORDINATORS, "GET"),
            ("walks_protocol.export", "/protokoll.csv", COORDINATORS, "GET"),
        )
    },
    "walks_staff.pin_photo": Entry(
        lambda o: f"/hantera/vandringar/{o['walk'].id}/bild/{o['walk_observation'].id}/bild",
        WALK_LEADERS,
        True,
    ),
    "walk_groups_staff.groups_list": Entry(lambda o: "/hantera/vandringar/grupper/", WALK_LEADERS),
    "walk_groups_staff.create": Entry(lambda o: "/hantera/vandringar/grupper/ny", WALK_LEADERS),
    **{
        endpoint: Entry(
            lambda o, tail=tail: f"/hantera/vandringar/grupper/{o['walk_group'].id}{tail}",
            WALK_LEADERS,
            True,
            method,
        )
        for endpoint, tail, method in (
            ("walk_groups_staff.group", "", "GET"),
            ("walk_groups_staff.edit", "/redigera", "GET"),
            ("walk_groups_staff.schedule", "/schemalagg", "POST"),
            ("walk_groups_staff.new_code", "/ny-kod", "POST"),
            ("walk_groups_staff.set_active", "/aktiv", "POST"),
        )
    },
    "walk_groups_staff.report": Entry(
        lambda o: f"/hantera/vandringar/grupper/{o['walk_group'].id}/rapport/{o['walk'].id}",
        WALK_LEADERS,
        True,
    ),
    "walks_protocol.save_point": Entry(
        lambda o: f"/hantera/vandringar/{o['walk'].id}/protokoll/punkt/{o['walk_point'].id}",
        COORDINATORS,
        True,
        "POST",
    ),
    # Medborgarlöften (portal/loften): coordinators of the promise's area; partners see their list
    "loften_staff.index": Entry(lambda o: "/hantera/loften/", COORDINATORS | {"partner"}),
    "loften_staff.new": Entry(lambda o: "/hantera/loften/nytt", COORDINATORS),
    "loften_staff.from_snapshot": Entry(
        lambda o: f"/hantera/loften/fran-lagesbild/{o['snapshot'].id}",
        COORDINATORS,
        True,
        "POST",
    ),
    **{
        f"loften_staff.{name}": Entry(
            lambda o, tail=tail: f"/hantera/loften/{o['loften_promise'].id}{tail}",
            COORDINATORS,
            True,
            method,
        )
        for name, tail, method in (
            ("promise", "", "GET"),
            ("preview", "/forhandsvisning", "GET"),
            ("edit", "/andra", "GET"),
            ("change_state", "/status", "POST"),
            ("review", "/genomgang", "POST"),
            ("delete", "/ta-bort", "POST"),
            ("focus_areas", "/fokus", "GET"),
            ("signatories", "/undertecknare", "GET"),
            ("underlag", "/underlag", "GET"),
            ("add_place_source", "/underlag/plats", "POST"),
            ("add_survey_source", "/underlag/enkat", "POST"),
            ("new_commitment", "/atagande/nytt", "GET"),
            ("translations", "/oversattningar", "GET"),
            ("translate", "/oversattningar/en", "GET"),
        )
    },
    "loften_staff.edit_focus": Entry(
        lambda o: f"/hantera/loften/{o['loften_promise'].id}/fokus/{o['loften_focus'].id}",
        COORDINATORS,
        True,
    ),
    "loften_staff.remove_focus": Entry(
        lambda o: f"/hantera/loften/{o['loften_promise'].id}/fokus/{o['loften_focus'].id}/ta-bort",
        COORDINATORS,
        True,
        "POST",
    ),
    "loften_staff.remove_signatory": Entry(
        lambda o: (
            f"/hantera/loften/{o['loften_promise'].id}/undertecknare/{o['loften_signatory'].id}/ta-bort"
        ),
        COORDINATORS,
        True,
        "POST",
    ),
    "loften_staff.remove_source": Entry(
        lambda o: (
            f"/hantera/loften/{o['loften_promise'].id}/underlag/{o['loften_source'].id}/ta-bort"
        ),
        COORDINATORS,
        True,
        "POST",
    ),
    **{
        f"loften_staff.{name}": Entry(
            lambda o, tail=tail: f"/hantera/loften/atagande/{o['loften_commitment'].id}{tail}",
            COORDINATORS,
            True,
            method,
        )
        for name, tail, method in (
            ("commitment", "", "GET"),
            ("remove_commitment", "/ta-bort", "POST"),
            ("new_activity", "/aktivitet/ny", "GET"),
            ("post_update", "/uppdatering", "GET"),  # partners: only their organisation's
            ("link", "/koppling", "GET"),
        )
    },
    "loften_staff.activity": Entry(
        lambda o: f"/hantera/loften/aktivitet/{o['loften_activity'].id}", COORDINATORS, True
    ),
    "loften_staff.remove_activity": Entry(
        lambda o: f"/hantera/loften/aktivitet/{o['loften_activity'].id}/ta-bort",
        COORDINATORS,
        True,
        "POST",
    ),
    "loften_staff.remove_link": Entry(
        lambda o: f"/hantera/loften/koppling/{o['loften_link'].id}/ta-bort",
        COORDINATORS,
        True,
        "POST",
    ),
    # Open data (portal/api): API keys are installation-wide, for admins of a top-level area
    "api_keys.index": Entry(lambda o: "/hantera/api-nycklar/", frozenset({"admin"})),
    "api_keys.revoke": Entry(
        lambda o: f"/hantera/api-nycklar/{o['api_key'].id}/aterkalla",
        frozenset({"admin"}),
        False,
        "POST",
    ),
}

SUBJECTS = ["anonymous", "no-role"] + [f"{r}@area" for r in ROLES] + [f"{r}@other" for r in ROLES]


def test_every_staff_url_is_in_the_matrix(app):
    staff_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith(STAFF_URL_PREFIX)]
    assert staff_rules, "no staff URLs found"
    missing = sorted({r.endpoint for r in staff_rules} - set(MATRIX))
    assert not missing, f"add these staff endpoints to MATRIX: {missing}"
    for rule in staff_rules:
        blueprint = app.blueprints[rule.endpoint.split(".")[0]]
        assert getattr(blueprint, "staff_guarded", False), (
            f"{rule.endpoint} is not behind the staff guard"
        )


@pytest.fixture
def objects(app):
    area = make_area("Matrisområde", kind="kommun", bbox=(17.0, 60.6, 17.3, 60.75))
    other = make_area("Annat område", kind="kommun", bbox=(14.0, 58.0, 14.3, 58.2))
    db.session.commit()
    return {
        "area": area,
        "other": other,
        **dialog_helpers.matrix_objects(area, other),
        **map_helpers.matrix_objects(area, other),
        **lagesbild_helpers.matrix_objects(area, other),
        **walks_helpers.matrix_objects(area, other),
        **loften_helpers.matrix_objects(area, other),
        **api_helpers.matrix_objects(area, other),
    }


def _allowed(entry: Entry, subject: str) -> bool:
    role, _, where = subject.partition("@")
    return role in entry.roles and (where == "area" or not entry.area_scoped)


def _ordered_subjects(entry: Entry) -> list[str]:
    """Refused subjects first, so an allowed POST that removes its object cannot turn a later
    refusal into a 404."""
    return sorted(SUBJECTS, key=lambda subject: _allowed(entry, subject))


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_access(client, login_as, objects, endpoint):
    """Every subject against one URL (one set of objects per URL keeps the matrix fast)."""
    entry = MATRIX[endpoint]
    wrong = []
    for subject in _ordered_subjects(entry):
        with client.session_transaction() as session:
            session.clear()
        if subject == "no-role":
            login_as(None)
        elif subject != "anonymous":
            role, where = subject.split("@")
            login_as(role, objects[where])
        response = client.open(entry.url(objects), method=entry.method)
        response.get_data()  # a streamed export finishes before the next request
        response.close()
        location = response.headers.get("Location", "")
        if subject == "anonymous":
            ok = response.status_code == 302 and location.startswith("/logga-in?next=")
        elif _allowed(entry, subject):
            ok = response.status_code not in (401, 403) and not location.startswith("/logga-in")
        else:
            ok = response.status_code == 403
        if not ok:
            wrong.append(f"{subject}: {response.status_code} {location}")
    assert not wrong, f"{entry.method} {endpoint}:\n" + "\n".join(wrong)


# --- every other route: public, listed with what an anonymous visitor may do there -------------


@dataclass(frozen=True)
class Public:
    """A route anyone may use without signing in; ``url(objects)`` builds a sample URL."""

    may: str  # what an anonymous visitor may do here
    url: Callable[[dict], str]
    writes: bool = False  # takes POST: an anonymous write (CSRF, rate limit, no IP stored)
    refuses: int | None = None  # the right answer to a bare anonymous request, e.g. 403


PUBLIC_ROUTES: dict[str, Public] = {
    # Foundation pages
    "pages.home": Public("read the start page", lambda o: "/"),
    "pages.healthz": Public("ask whether the service is up", lambda o: "/healthz"),
    "pages.privacy": Public("read the privacy notice", lambda o: "/personuppgifter"),
    "pages.accessibility": Public("read the accessibility report", lambda o: "/tillganglighet"),
    "pages.set_language": Public("choose the language", lambda o: "/sprak/en"),
    "static": Public("load the portal's CSS and JS", lambda o: "/static/css/portal.css"),
    "vendor_leaflet.static": Public("load Leaflet", lambda o: "/vendor/leaflet/leaflet.js"),
    "vendor_markercluster.static": Public(
        "load the marker clusters", lambda o: "/vendor/leaflet-markercluster/MarkerCluster.css"
    ),
    "auth.login": Public("sign in (staff)", lambda o: "/logga-in", writes=True),
    "auth.two_factor": Public(
        "give the second factor after the password", lambda o: "/logga-in/kod", writes=True
    ),
    "auth.logout": Public("sign out", lambda o: "/logga-ut", writes=True),
    "areas.index": Public("read the area tree", lambda o: "/omraden"),
    "areas.show": Public("read an area's page", lambda o: f"/omraden/{o['area'].slug}"),
    # Surveys
    "dialog.index": Public("list open surveys and published results", lambda o: "/enkater"),
    "dialog.show": Public("read a survey's introduction", lambda o: f"/enkater/{o['survey'].id}"),
    "dialog.answer": Public(
        "answer an open survey", lambda o: f"/enkater/{o['survey'].id}/svara", writes=True
    ),
    "dialog.thanks": Public("see the thank-you page", lambda o: f"/enkater/{o['survey'].id}/tack"),
    "dialog.results": Public(
        "read published results (k-anonymous)", lambda o: f"/enkater/{o['survey'].id}/resultat"
    ),
    # Places
    "map.index": Public("see published places on the map", lambda o: "/platser"),
    "map.list_view": Public("list published places", lambda o: "/platser/lista"),
    "map.place": Public("read a published place", lambda o: f"/platser/{o['place'].id}"),
    "map.agree": Public(
        "say “Jag håller med” about a published place",
        lambda o: f"/platser/{o['place'].id}/hall-med",
        writes=True,
    ),
    "map.photo": Public(
        "see an approved photo of a published place",
        lambda o: f"/platser/bild/{o['observation'].id}/bild",
    ),
    "map.report": Public("report a place", lambda o: "/platser/rapportera", writes=True),
    "map.nearby": Public(
        "ask which places are near (report form)",
        lambda o: f"/platser/rapportera/nara?lon=17.15&lat=60.7&category={o['category'].id}",
    ),
    "map.receipt": Public(
        "see the receipt of a report", lambda o: f"/platser/kvitto/{o['observation'].follow_code}"
    ),
    "map.follow_lookup": Public("type a follow code", lambda o: "/folj"),
    "map.follow": Public(
        "follow one's own report with its code",
        lambda o: f"/folj/{o['observation'].follow_code}",
    ),
    # Walks
    "walks.index": Public("list walks", lambda o: "/vandringar"),
    "walks.show": Public("read a walk's page", lambda o: f"/vandringar/{o['walk'].id}"),
    "walks.protocol_page": Public(
        "read a published walk protocol", lambda o: f"/vandringar/{o['walk'].id}/protokoll"
    ),
    "walks.protocol_export": Public(
        "download a published walk protocol",
        lambda o: f"/vandringar/{o['walk'].id}/protokoll.csv",
    ),
    "walk_groups.index": Public("list walk groups", lambda o: "/vandringar/grupper"),
    "walk_groups.show": Public(
        "read a walk group's page", lambda o: f"/vandringar/grupper/{o['walk_group'].id}"
    ),
    "walk_groups.join": Public(
        "use a walk group's code", lambda o: f"/vandring/grupp/{o['walk_group'].join_code}"
    ),
    "participate.code_entry": Public("type a walk's code", lambda o: "/vandring"),
    "participate.join": Public(
        "join a walk with its code", lambda o: f"/vandring/{o['walk'].join_code}", writes=True
    ),
    "participate.pin": Public(
        "pin places during a walk (participants only)",
        lambda o: f"/vandring/{o['walk'].join_code}/markera",
        writes=True,
    ),
    "participate.token": Public(
        "get a fresh form token for the offline queue (participants only)",
        lambda o: f"/vandring/{o['walk'].join_code}/nyckel",
        refuses=403,  # not joined: "join again" (JSON)
    ),
    "participate.service_worker": Public(
        "load the walk pages' service worker", lambda o: "/vandring/sw.js"
    ),
    # Lägesbild (published snapshots only)
    "lagesbild.index": Public("list published lägesbilder", lambda o: "/lagesbild/"),
    "lagesbild.summary": Public(
        "read a published lägesbild", lambda o: f"/lagesbild/{o['snapshot'].id}"
    ),
    "lagesbild.public_geojson": Public(
        "download a published lägesbild's hot spots",
        lambda o: f"/lagesbild/{o['snapshot'].id}/hotspots.geojson",
    ),
    "lagesbild.public_csv": Public(
        "download a published lägesbild's table",
        lambda o: f"/lagesbild/{o['snapshot'].id}/tabell/est.csv",
    ),
    # Medborgarlöften
    "loften.index": Public("list published promises", lambda o: "/loften/"),
    "loften.show": Public(
        "read a published promise", lambda o: f"/loften/{o['loften_promise'].id}"
    ),
    "loften.versions": Public(
        "read a promise's history", lambda o: f"/loften/{o['loften_promise'].id}/historik"
    ),
    "loften.photo": Public(
        "see a photo of a public progress update", lambda o: "/loften/bild/1/bild"
    ),
    "loften.feed_all": Public("subscribe to all promises", lambda o: "/loften/feed.atom"),
    "loften.feed_area": Public(
        "subscribe to an area's promises", lambda o: f"/loften/omrade/{o['area'].slug}/feed.atom"
    ),
    "loften.feed_promise": Public(
        "subscribe to one promise", lambda o: f"/loften/{o['loften_promise'].id}/feed.atom"
    ),
    "loften_embed.widget": Public(
        "embed a promise on another site", lambda o: f"/loften/widget/{o['loften_promise'].id}"
    ),
    # Open data (portal/api): public, aggregated or moderated data only
    "api_docs.page": Public("read about the open data", lambda o: "/oppna-data"),
    "api_docs.openapi": Public("read the OpenAPI document", lambda o: "/api/openapi.json"),
    "public_api.areas": Public("list areas (JSON)", lambda o: "/api/areas"),
    "public_api.area": Public("read an area (JSON)", lambda o: f"/api/areas/{o['area'].slug}"),
    "map_api.areas": Public("read area boundaries (GeoJSON)", lambda o: "/api/areas.geojson"),
    "map_api.places": Public(
        "read published places in a box (GeoJSON)",
        lambda o: "/api/places.geojson?bbox=17.0,60.6,17.3,60.75",
    ),
    "public_api.surveys": Public("list surveys (JSON)", lambda o: "/api/surveys"),
    "public_api.survey_results": Public(
        "read published survey results (JSON)",
        lambda o: f"/api/surveys/{o['survey'].id}/results",
    ),
    "public_api.lagesbild_list": Public(
        "list published lägesbilder (JSON)", lambda o: "/api/lagesbild"
    ),
    "public_api.lagesbild": Public(
        "read a published lägesbild (JSON)", lambda o: f"/api/lagesbild/{o['snapshot'].id}"
    ),
    "public_api.promise_list": Public("list published promises (JSON)", lambda o: "/api/promises"),
    "public_api.promise": Public(
        "read a published promise (JSON)", lambda o: f"/api/promises/{o['loften_promise'].id}"
    ),
    "api_export.catalogue": Public("list the exports", lambda o: "/api/export/"),
    "api_export.places_csv": Public("export published places", lambda o: "/api/export/platser.csv"),
    "api_export.places_geojson": Public(
        "export published places (GeoJSON)", lambda o: "/api/export/platser.geojson"
    ),
    "api_export.promises_csv": Public(
        "export published promises", lambda o: "/api/export/medborgarloften.csv"
    ),
    "api_export.commitments_csv": Public(
        "export published commitments", lambda o: "/api/export/ataganden.csv"
    ),
    "api_export.updates_csv": Public(
        "export published progress updates", lambda o: "/api/export/uppdateringar.csv"
    ),
    "open311.discovery": Public(
        "discover the Open311 service", lambda o: "/open311/v2/discovery.json"
    ),
    "open311.services": Public("list Open311 services", lambda o: "/open311/v2/services.json"),
    "open311.service_definition": Public(
        "read an Open311 service",
        lambda o: f"/open311/v2/services/{o['category'].slug}.json",
    ),
    "open311.requests": Public("list published requests", lambda o: "/open311/v2/requests.json"),
    "open311.request_detail": Public(
        "read a published request", lambda o: f"/open311/v2/requests/{o['place'].id}.json"
    ),
    "open311.create_request": Public(
        "report a place through Open311 (with an API key)",
        lambda o: "/open311/v2/requests.json",
        writes=True,
        refuses=403,  # no API key
    ),
    "open311.token_status": Public(
        "ask what became of a submitted request", lambda o: "/open311/v2/tokens/okand.json"
    ),
}


def test_every_route_is_listed_as_staff_or_public(app):
    """A new route fails here until it is in MATRIX (staff) or PUBLIC_ROUTES (with what an
    anonymous visitor may do there); a route that starts taking POST must be looked at again."""
    problems = []
    seen = set()
    for rule in app.url_map.iter_rules():
        seen.add(rule.endpoint)
        if rule.rule.startswith(STAFF_URL_PREFIX):
            continue  # test_every_staff_url_is_in_the_matrix
        entry = PUBLIC_ROUTES.get(rule.endpoint)
        if entry is None:
            problems.append(f"{rule.endpoint} ({rule.rule}) is in neither MATRIX nor PUBLIC_ROUTES")
        elif ("POST" in (rule.methods or ())) != entry.writes:
            problems.append(f"{rule.endpoint}: takes POST is {not entry.writes}, listed otherwise")
        if rule.endpoint in MATRIX and not rule.rule.startswith(STAFF_URL_PREFIX):
            problems.append(f"{rule.endpoint} is in MATRIX but outside {STAFF_URL_PREFIX}")
    problems += [f"{name} is listed but no longer exists" for name in set(PUBLIC_ROUTES) - seen]
    problems += [f"{name} is both public and staff" for name in set(PUBLIC_ROUTES) & set(MATRIX)]
    assert not problems, "\n".join(sorted(problems))


def test_anonymous_requests_to_every_public_route(client, objects):
    """One loop over every public route (GET, and an empty POST where it takes one): no 500, no
    refusal except the listed ones, and never "sign in first"."""
    wrong = []
    for endpoint, entry in sorted(PUBLIC_ROUTES.items()):
        url = entry.url(objects)
        for method in ("GET", "POST") if entry.writes else ("GET",):
            with client.session_transaction() as session:
                session.clear()
            response = client.open(url, method=method)
            response.get_data()
            response.close()
            status = response.status_code
            if status >= 500 or (status in (401, 403) and status != entry.refuses):
                wrong.append(f"{method} {url} ({endpoint}): {status}")
            location = response.headers.get("Location", "")
            if location.startswith("/logga-in") and endpoint != "auth.two_factor":
                wrong.append(f"{method} {url} ({endpoint}): sends anonymous visitors to sign in")
    assert not wrong, "\n".join(wrong)
