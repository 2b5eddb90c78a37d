"""Demo walks: a finished walk in Andersberg with a published protocol (some points resolved),
an upcoming follow-up walk with a known join code, and a practice walk open for pinning.

Runs after the places seeder (it needs the categories; it creates them if they are missing).
The join codes are printed by ``flask demo``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import click

from portal.areas import services as area_services
from portal.auth import services as auth_services
from portal.extensions import db
from portal.map import categories, handling
from portal.map import vocab as place_vocab
from portal.map.models import PlaceUpdate
from portal.timeutil import utcnow
from portal.walks import pins, protocol, services, vocab
from portal.walks.timing import local_to_utc, zone

UPCOMING_CODE = "VAN479"
PRACTICE_CODE = "TRY347"
ZONE = "Europe/Stockholm"

ROUTE = {
    "type": "LineString",
    "coordinates": [
        [17.1180, 60.6580],
        [17.1255, 60.6562],
        [17.1340, 60.6545],
        [17.1410, 60.6512],
        [17.1465, 60.6470],
        [17.1520, 60.6430],
        [17.1440, 60.6405],
        [17.1330, 60.6440],
        [17.1230, 60.6500],
        [17.1180, 60.6580],
    ],
}

# (category slug, lon, lat, participant index, what was written,
#  public description, priority, responsible, deadline in days, final status, note or reason)
PINS = (
    (
        "belysning",
        17.1255,
        60.6561,
        0,
        "Lamporna längs gångvägen är trasiga, kolsvart.",
        "Trasig belysning längs gångvägen mellan centrum och skolan.",
        vocab.HOG,
        "Kommunens tekniska förvaltning",
        30,
        place_vocab.ATGARDAD,
        "Fyra armaturer är utbytta mot LED.",
    ),
    (
        "skymd-sikt",
        17.1338,
        60.6546,
        1,
        "Buskarna är så höga att man inte ser vem som står där.",
        "Höga buskar skymmer sikten vid cykelbanan.",
        vocab.MEDEL,
        "Demobostäder AB",
        45,
        place_vocab.ATGARDAD,
        "Buskarna är nerklippta till knähöjd.",
    ),
    (
        "gangtunnel",
        17.1412,
        60.6511,
        2,
        "Tunneln är lång, mörk och det luktar illa.",
        "Gångtunneln under Södra vägen är mörk och sliten.",
        vocab.HOG,
        "Kommunens tekniska förvaltning",
        120,
        place_vocab.PLANERAD,
        "Ny belysning och målning är beställd till våren.",
    ),
    (
        "nedskrapning",
        17.1466,
        60.6471,
        3,
        "Mycket skräp och en överfull papperskorg.",
        "Nedskräpning och överfulla papperskorgar vid lekplatsen.",
        vocab.LAG,
        "Demobostäder AB",
        14,
        place_vocab.ATGARDAD,
        "Tätare tömning av papperskorgarna.",
    ),
    (
        "trafik",
        17.1518,
        60.6431,
        0,
        "Mopeder kör fort på gång- och cykelvägen.",
        "Mopeder i hög fart på gång- och cykelvägen.",
        vocab.MEDEL,
        "Polisen",
        60,
        place_vocab.BEDOMD,
        None,
    ),
    (
        "odslig-plats",
        17.1441,
        60.6406,
        4,
        "Helt öde parkering, inga fönster hitåt.",
        "Öde parkering utan insyn.",
        vocab.MEDEL,
        "Fastighetsägaren",
        None,
        place_vocab.INGEN_ATGARD,
        "Parkeringen ska rivas när området byggs om 2027; till dess ingen åtgärd.",
    ),
    (
        "belysning",
        17.1332,
        60.6441,
        5,
        "Belysningen vid busshållplatsen blinkar.",
        "Blinkande belysning vid busshållplatsen.",
        vocab.LAG,
        "Kommunens tekniska förvaltning",
        90,
        place_vocab.PLANERAD,
        None,
    ),
    (
        "tryggt",
        17.1232,
        60.6499,
        1,
        "Upplyst och bra! Nya lampor och folk i rörelse.",
        "Upplyst och bra: torget känns tryggt med ny belysning och öppna butiker.",
        None,
        None,
        None,
        place_vocab.BEDOMD,
        None,
    ),
    (
        "tryggt",
        17.1181,
        60.6578,
        3,
        "Trevlig och ljus entré till centrum.",
        "Ljus och välkomnande entré till centrum.",
        None,
        None,
        None,
        place_vocab.BEDOMD,
        None,
    ),
)
NAMES = ("Amira", None, "Lasse", None, "Fatima", None)


def _local(days: int, hour: int, minute: int = 0) -> datetime:
    today = utcnow().astimezone(zone(ZONE)).date()
    day = today + timedelta(days=days)
    return local_to_utc(datetime(day.year, day.month, day.day, hour, minute), ZONE)


def _categories(*slugs: str):
    return [c for c in (categories.by_slug(s) for s in slugs) if c is not None]


def seed() -> None:
    categories.ensure_defaults()
    actor = auth_services.get_by_email("samordnare@demo.example")
    leader = auth_services.get_by_email("vandring@demo.example") or actor
    andersberg = area_services.get_by_slug("andersberg")
    centrum = area_services.get_by_slug("centrum")
    if actor is None or andersberg is None or centrum is None:
        return
    past = _past_walk(actor, leader, andersberg)
    start = _local(9, 19, 30)
    services.create_walk(
        leader,
        area=andersberg,
        title="Uppföljande trygghetsvandring i Andersberg",
        description=(
            "Vi går samma runda som i våras och ser vad som har hänt med punkterna i protokollet. "
            "Alla är välkomna. Rutten är cirka 5,5 km på asfalt och går att ta sig fram med rullstol."
        ),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        light=vocab.MORKER,
        meeting_point="Andersbergs centrum, utanför biblioteket",
        meeting_lon=17.1180,
        meeting_lat=60.6580,
        route=ROUTE,
        route_text=past.route_text,
        organisers="Demokommunen, Demobostäder AB och Polisen",
        max_participants=20,
        categories=list(past.categories),
        pin_opens_at=start - timedelta(minutes=15),
        pin_closes_at=start + timedelta(hours=3),
        previous_walk=past,
        join_code=UPCOMING_CODE,
    )
    now = utcnow()
    services.create_walk(
        leader,
        area=centrum,
        title="Provvandring (demo): markera platser i Centrum",
        description="En vandring för att prova: du kan gå med och markera platser i Centrum i en månad.",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(days=30),
        light=vocab.MORKER,
        meeting_point="Stortorget",
        meeting_lon=17.1460,
        meeting_lat=60.6750,
        organisers="Demokommunen",
        max_participants=200,
        pin_opens_at=now - timedelta(minutes=45),
        pin_closes_at=now + timedelta(days=30),
        join_code=PRACTICE_CODE,
    )
    db.session.flush()
    click.echo(f"    Kommande vandring i Andersberg: kod {UPCOMING_CODE[:3]}-{UPCOMING_CODE[3:]}")
    click.echo(
        f"    Provvandring i Centrum (öppen för markeringar i 30 dagar): kod {PRACTICE_CODE[:3]}-{PRACTICE_CODE[3:]}"
    )
    click.echo(f"    Gå med på http://127.0.0.1:5000/vandring/{PRACTICE_CODE}")
    group = _night_walk_group(leader, andersberg)
    click.echo(f"    Nattvandringsgrupp i Andersberg: gruppkod {group.display_code}")


GROUP_CODE = "NATT7494"
#: (days before last Friday, people out, mood, notes) for the group's two reported walks.
GROUP_REPORTS = (
    (
        7,
        6,
        vocab.LUGNT,
        "Lugnt vid centrum. Några ungdomar vid busshållplatsen, trevligt bemötande.",
    ),
    (
        6,
        8,
        vocab.STOKIGT,
        "Mopeder på gång- och cykelvägen vid skolan flera gånger. Mörkt i gångtunneln.",
    ),
)


def _night_walk_group(leader, area):
    """Nattvandrarna i Andersberg: Fridays and Saturdays 21–01, two reported walks, more ahead."""
    from datetime import time

    from portal.walks import groups

    group = groups.create_group(
        leader,
        area=area,
        name="Nattvandrarna i Andersberg",
        kind=vocab.NATTVANDRARE,
        description="Vuxna som går i Andersberg på fredags- och lördagskvällar. Alla vuxna är välkomna.",
        members=14,
        weekdays=(4, 5),
        start_time=time(21, 0),
        end_time=time(1, 0),
        meeting_point="Andersbergs centrum, vid fritidsgården",
        join_code=GROUP_CODE,
    )
    now = utcnow()
    # The Friday and Saturday of the week before last Friday.
    last_friday = (now.astimezone(zone(ZONE)).weekday() - 4) % 7 or 7
    for offset, people, mood, notes in GROUP_REPORTS:
        start = _local(-(last_friday + offset), 21)
        walk = services.create_walk(
            leader,
            area=area,
            title=group.name,
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            light=vocab.MORKER,
            meeting_point=group.meeting_point,
            organisers=group.name,
            pin_opens_at=start - timedelta(minutes=30),
            pin_closes_at=start + timedelta(hours=6),
        )
        walk.group = group
        db.session.flush()
        groups.save_report(leader, walk, people_out=people, mood=mood, notes=notes, now=now)
    groups.schedule_walks(leader, group, now=now, zone_name=ZONE, count=4)
    return group


def _past_walk(actor, leader, area):
    start = _local(-80, 19)
    walk = services.create_walk(
        leader,
        area=area,
        title="Kvällsvandring i Andersberg",
        description="Boende, Demobostäder AB, kommunen och polisen gick tillsammans genom Andersberg.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        light=vocab.MORKER,
        meeting_point="Andersbergs centrum, utanför biblioteket",
        meeting_lon=17.1180,
        meeting_lat=60.6580,
        route=ROUTE,
        route_text=(
            "Från biblioteket österut längs gångvägen till skolan, genom gångtunneln under "
            "Södra vägen, förbi lekplatsen och parkeringen och tillbaka via torget."
        ),
        organisers="Demokommunen, Demobostäder AB och Polisen",
        max_participants=20,
        categories=_categories(
            "belysning", "skymd-sikt", "gangtunnel", "odslig-plats", "nedskrapning", "trafik"
        ),
        pin_opens_at=start - timedelta(minutes=15),
        pin_closes_at=start + timedelta(hours=3),
    )
    people = [services.join(walk, display_name=name, now=start)[0] for name in NAMES]
    stored = []
    for index, (slug, lon, lat, who, text, *_rest) in enumerate(PINS):
        moment = start + timedelta(minutes=8 * index + 5)
        observation = pins.add_pin(
            walk,
            people[who],
            category=categories.by_slug(slug),
            description=text,
            now=moment,
            lon=lon,
            lat=lat,
            zone_name=ZONE,
        )
        observation.created_at = moment
        observation.place.created_at = moment
        stored.append(observation)
    db.session.flush()
    protocol.build(actor, walk)
    for point, observation, spec in zip(protocol.points(walk), stored, PINS, strict=True):
        _slug, _lon, _lat, _who, _text, public, priority, responsible, days, final, note = spec
        protocol.save_point(
            actor,
            point,
            category=observation.place.category,
            public_description=public,
            responsible=responsible,
            deadline=(start + timedelta(days=days)).date() if days else None,
            status=place_vocab.BEDOMD,
            reason=None,
            note=None,
            priority=priority,
            included=True,
        )
    protocol.set_summary(
        actor,
        walk,
        "Sjutton personer gick med: boende, Demobostäder AB, kommunens tekniska förvaltning och "
        "polisen. Det var mörkt och torrt. Mest oro väckte belysningen och gångtunneln under Södra "
        "vägen. Torget och entrén till centrum upplevdes som trygga.",
    )
    protocol.publish(actor, walk)
    walk.protocol_published_at = start + timedelta(days=18)
    for point, spec in zip(protocol.points(walk), PINS, strict=True):
        final, note = spec[9], spec[10]
        place = point.current_place
        if final != place.status:
            reason = note if final in place_vocab.NEEDS_REASON else None
            text = None if final in place_vocab.NEEDS_REASON else note
            handling.change_status(actor, place, final, note=text, reason=reason)
    db.session.flush()
    # Spread the public updates over the weeks after the walk, as they would have come.
    updates = db.session.scalars(
        db.select(PlaceUpdate)
        .where(PlaceUpdate.place_id.in_([p.current_place.id for p in protocol.points(walk)]))
        .order_by(PlaceUpdate.id)
    )
    for number, update in enumerate(updates):
        update.created_at = start + timedelta(days=20 + 3 * number)
    return walk
