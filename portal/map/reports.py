"""Reports from residents (and, later, walks): new places, observations, follow codes, agreement.

Plain arguments in, models out; flushes, never commits. Nothing here knows about the request:
no IP address or user agent reaches these functions.
"""

from __future__ import annotations

import logging
import math
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from portal.areas.lookup import area_for_point
from portal.areas.models import Area
from portal.extensions import db
from portal.geo.coords import distance_m
from portal.map import vocab
from portal.map.models import Category, Observation, Place
from portal.privacy.masking import looks_like_emergency_or_tip, mask_personal_data
from portal.privacy.photos import process_photo
from portal.storage import Storage, new_key

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
CODE_LENGTH = 9
METRES_PER_DEGREE_LAT = 111_320.0


class ReportError(ValueError):
    """The report cannot be stored as given; ``code`` says why (for the view's message)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class StoredPhoto:
    """Keys of a processed photo and its thumbnail in the storage."""

    photo_key: str
    thumb_key: str


def store_photo(storage: Storage, data: bytes, *, max_bytes: int, max_pixels: int) -> StoredPhoto:
    """Process (re-encode without metadata) and store a photo.

    Raises :class:`portal.privacy.photos.PhotoRejected`, or
    :class:`portal.storage.StorageUnavailable` (full disk, read-only folder); nothing is stored in
    either case: a photo whose thumbnail cannot be written is removed again.
    """
    processed = process_photo(data, max_bytes=max_bytes, max_pixels=max_pixels)
    photo_key = new_key("photos", processed.extension)
    thumb_key = photo_key.rsplit(".", 1)[0] + "-thumb." + processed.extension
    storage.save(photo_key, processed.image, processed.content_type)
    try:
        storage.save(thumb_key, processed.thumbnail, processed.content_type)
    except BaseException:
        discard_photo(storage, StoredPhoto(photo_key, thumb_key))
        raise
    return StoredPhoto(photo_key, thumb_key)


def discard_photo(storage: Storage, photo: StoredPhoto | None) -> None:
    """Remove a stored photo that will not be used (e.g. a duplicate submission).

    Best effort: it runs while another error is being handled, which it must not hide.
    """
    if photo is None:
        return
    for key in (photo.photo_key, photo.thumb_key):
        try:
            storage.delete(key)
        except OSError:
            log.exception("could not remove the unused photo file %s", key)


def normalise_code(code: str) -> str:
    """``k7m-4qx 9pz`` → ``K7M4QX9PZ``."""
    return re.sub(r"[^A-Za-z0-9]", "", code or "").upper()[:32]


def new_follow_code() -> str:
    """A fresh anonymous follow code (45 bits), not used by any observation."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not db.session.scalar(db.select(Observation.id).where(Observation.follow_code == code)):
            return code


def find_by_code(code: str) -> Observation | None:
    normalised = normalise_code(code)
    if len(normalised) != CODE_LENGTH:
        return None
    return db.session.scalar(db.select(Observation).where(Observation.follow_code == normalised))


def find_by_client_key(key: str | None) -> Observation | None:
    if not key:
        return None
    return db.session.scalar(db.select(Observation).where(Observation.client_key == key))


def degree_box(lon: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    """A lon/lat box that surely contains the circle (for an index prefilter)."""
    dlat = radius_m / METRES_PER_DEGREE_LAT * 1.2
    dlon = radius_m / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01)) * 1.2
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def nearby_places(
    lon: float,
    lat: float,
    radius_m: float,
    *,
    category: Category | None = None,
    public_only: bool = True,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[tuple[Place, float]]:
    """Places within ``radius_m`` metres (measured in SWEREF 99 TM), nearest first."""
    west, south, east, north = degree_box(lon, lat, radius_m)
    query = db.select(Place).where(
        Place.lat.between(south, north),
        Place.lon.between(west, east),
        Place.merged_into_id.is_(None),
    )
    if category is not None:
        query = query.where(Place.category_id == category.id)
    if public_only:
        query = query.where(Place.published.is_(True), Place.status.in_(vocab.PUBLIC_STATUSES))
    if exclude_id is not None:
        query = query.where(Place.id != exclude_id)
    found = []
    for place in db.session.scalars(query):
        distance = distance_m((lon, lat), (place.lon, place.lat))
        if distance <= radius_m:
            found.append((place, distance))
    found.sort(key=lambda pair: pair[1])
    return found[:limit]


def refresh_stats(place: Place) -> None:
    """Recompute the place's observation count and time-of-day mask."""
    rows = db.session.execute(
        db.select(Observation.time_of_day).where(Observation.place_id == place.id)
    ).all()
    place.observation_count = len(rows)
    mask = 0
    for (time_of_day,) in rows:
        mask |= vocab.TIME_BITS.get(time_of_day, 0)
    place.time_mask = mask


def resolve_location(
    lon: float | None, lat: float | None, area: Area | None
) -> tuple[float, float, Area, bool]:
    """(lon, lat, area, positioned) for a report: the given point, or the area's point.

    Raises ReportError "outside" for a point outside every area, "no_location" when neither a
    point nor an area (with a point) is given.
    """
    if lon is not None and lat is not None:
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise ReportError("outside")
        found = area_for_point(lon, lat)
        if found is None:
            raise ReportError("outside")
        return lon, lat, found, True
    if area is None or area.point_lon is None or area.point_lat is None:
        raise ReportError("no_location")
    return area.point_lon, area.point_lat, area, False


def create_report(
    *,
    category: Category,
    description: str,
    time_of_day: str,
    day_kind: str,
    lon: float | None = None,
    lat: float | None = None,
    area: Area | None = None,
    location_text: str | None = None,
    photo: StoredPhoto | None = None,
    attach_to: Place | None = None,
    radius_m: float = 25.0,
    source: str = vocab.RESIDENT,
    reporter=None,
    walk_id: int | None = None,
    client_key: str | None = None,
) -> Observation:
    """Store a report as a new place, or as another observation of ``attach_to``.

    ``attach_to`` must be a public place of the same category within ``radius_m`` of the point.
    With ``client_key`` a repeated submission returns the observation stored the first time
    (check with :func:`find_by_client_key` first to avoid storing a second photo).
    """
    if time_of_day not in vocab.TIMES_OF_DAY or day_kind not in vocab.DAY_KINDS:
        raise ReportError("bad_time")
    if source not in vocab.SOURCES:
        raise ReportError("bad_source")
    existing = find_by_client_key(client_key)
    if existing is not None:
        return existing
    lon, lat, area, positioned = resolve_location(lon, lat, area)
    flagged = looks_like_emergency_or_tip(f"{description}\n{location_text or ''}")
    if attach_to is not None:
        candidates = {
            p.id for p, _d in nearby_places(lon, lat, radius_m, category=category, limit=50)
        }
        if not positioned or attach_to.id not in candidates:
            raise ReportError("not_nearby")
        place = attach_to
    else:
        place = Place(
            area=area,
            category=category,
            lon=lon,
            lat=lat,
            status=vocab.NY,
            needs_positioning=not positioned,
            public_description=None if flagged else mask_personal_data(description).text,
        )
        db.session.add(place)
    observation = Observation(
        place=place,
        follow_code=new_follow_code(),
        client_key=client_key or None,
        source=source,
        walk_id=walk_id,
        reporter_id=getattr(reporter, "id", None),
        lon=lon,
        lat=lat,
        positioned=positioned,
        location_text=(location_text or "").strip() or None,
        description=description.strip(),
        time_of_day=time_of_day,
        day_kind=day_kind,
        flagged_emergency=flagged,
        photo_key=photo.photo_key if photo else None,
        thumb_key=photo.thumb_key if photo else None,
        photo_state=vocab.PHOTO_PENDING if photo else vocab.PHOTO_NONE,
    )
    db.session.add(observation)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # A concurrent submission with the same client key won: return what it stored.
        again = find_by_client_key(client_key)
        if again is None:
            raise
        return again
    refresh_stats(place)
    db.session.flush()
    return observation


def agree(place: Place) -> bool:
    """Count one more "Jag håller med" for a public place (atomically). False if not public."""
    if not place.is_public:
        return False
    db.session.execute(
        update(Place).where(Place.id == place.id).values(agree_count=Place.agree_count + 1)
    )
    db.session.flush()
    db.session.refresh(place)
    return True


def mask_for_owner(observation: Observation) -> str:
    """The report's own text with personal data masked (for the follow page)."""
    return mask_personal_data(observation.description).text
