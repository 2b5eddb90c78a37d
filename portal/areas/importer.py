"""Import of areas from a GeoJSON FeatureCollection: all features valid, or nothing imported."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from portal.areas.geometry import SWEDEN_BOUNDS, GeometryError, check_crs, validate_geometry
from portal.areas.models import Area
from portal.areas.services import create_area, slugify, unique_slug


@dataclass
class ImportFailed(Exception):
    """One message per broken feature (or one for the whole file)."""

    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.errors)


def read_feature_collection(text: str) -> list[dict[str, Any]]:
    """Parse a FeatureCollection (or a single Feature); raise ImportFailed when it is not one."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ImportFailed([f"Filen är inte giltig JSON: {exc}."]) from exc
    if not isinstance(document, dict):
        raise ImportFailed(["Filen är inte ett GeoJSON-objekt."])
    try:
        check_crs(document)
    except GeometryError as exc:
        raise ImportFailed([str(exc)]) from exc
    if document.get("type") == "Feature":
        return [document]
    features = document.get("features")
    if document.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise ImportFailed(
            ["Filen måste vara en GeoJSON FeatureCollection med en lista 'features'."]
        )
    if not features:
        raise ImportFailed(["Filen innehåller inga områden (features är tom)."])
    return features


def _label(number: int, name: Any) -> str:
    return f"Område {number}" + (f" ({name})" if name else "")


def validate_features(
    features: list[dict[str, Any]],
    name_property: str,
    bounds: tuple[float, float, float, float] = SWEDEN_BOUNDS,
    progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Every problem in the features, each naming the feature (1-based) and its name."""
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        props = (feature.get("properties") or {}) if isinstance(feature, dict) else {}
        name = props.get(name_property)
        label = _label(number, name)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(f"{label}: är inte en GeoJSON Feature.")
        elif not isinstance(name, str) or not name.strip():
            errors.append(f"{label}: egenskapen '{name_property}' saknas eller är tom.")
        elif name.strip().lower() in seen:
            errors.append(f"{label}: namnet finns redan i område {seen[name.strip().lower()]}.")
        else:
            seen[name.strip().lower()] = number
        if isinstance(feature, dict):
            try:
                validate_geometry(feature.get("geometry"), bounds)
            except GeometryError as exc:
                errors.append(f"{label}: {exc}")
        if progress:
            progress(1)
    return errors


def import_features(
    features: Iterable[dict[str, Any]],
    *,
    parent: Area | None,
    name_property: str,
    kind: str,
    bounds: tuple[float, float, float, float] = SWEDEN_BOUNDS,
    progress: Callable[[int], None] | None = None,
) -> list[Area]:
    """Create one area per (already validated) feature under ``parent``."""
    created: list[Area] = []
    taken: set[str] = set()
    for feature in features:
        name = feature["properties"][name_property].strip()
        slug = unique_slug(slugify(name), taken)
        taken.add(slug)
        created.append(
            create_area(
                name,
                kind,
                parent=parent,
                slug=slug,
                geometry=feature["geometry"],
                population=(feature["properties"].get("population") or None),
                bounds=bounds,
            )
        )
        if progress:
            progress(1)
    return created
