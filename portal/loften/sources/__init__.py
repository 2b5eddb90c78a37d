"""Everything the promises read from other domains, in one place.

A promise refers to a fastställd lägesbild, surveys, places and walk points by id. This package
is the only part of :mod:`portal.loften` that imports their models and services; it returns plain
dataclasses, so when another package changes, only the matching module here has to follow.

* lägesbild (:mod:`portal.lagesbild.snapshots`): public summaries of fastställda snapshots,
* surveys (:mod:`portal.dialog`): published results, the indicator and its before/after
  comparison (:func:`portal.dialog.compare.compare_indicator`), with disclosure control,
* places (:mod:`portal.map`): public places, merges followed,
* walks (:mod:`portal.walks`): protocol points and the place each stands for,
* staff accounts: the organisations of partner users (for "who is responsible").
"""

from __future__ import annotations

from portal.loften.sources.accounts import partner_organisations
from portal.loften.sources.lagesbild import (
    PublicSnapshot,
    public_snapshot,
    snapshot_area,
    snapshot_choices,
    snapshot_exists,
    snapshot_place_ids,
    snapshot_sources,
    snapshot_url,
)
from portal.loften.sources.places import (
    PlaceInfo,
    observation_family,
    place,
    place_family,
    place_in_areas,
    public_place_ids_in,
    public_places,
)
from portal.loften.sources.surveys import (
    IndicatorComparison,
    IndicatorValue,
    SurveyInfo,
    comparison,
    indicator,
    indicator_choices,
    indicator_label,
    newest_published_survey,
    survey,
    survey_choices,
    surveys,
)
from portal.loften.sources.walks import (
    WalkPointInfo,
    walk_point,
    walk_point_choices,
    walk_point_in_areas,
    walk_points,
    walk_points_for_places,
)

__all__ = [
    "IndicatorComparison",
    "IndicatorValue",
    "PlaceInfo",
    "PublicSnapshot",
    "SurveyInfo",
    "WalkPointInfo",
    "comparison",
    "indicator",
    "indicator_choices",
    "indicator_label",
    "newest_published_survey",
    "observation_family",
    "partner_organisations",
    "place",
    "place_family",
    "place_in_areas",
    "public_place_ids_in",
    "public_places",
    "public_snapshot",
    "snapshot_area",
    "snapshot_choices",
    "snapshot_exists",
    "snapshot_place_ids",
    "snapshot_sources",
    "snapshot_url",
    "survey",
    "survey_choices",
    "surveys",
    "walk_point",
    "walk_point_choices",
    "walk_point_in_areas",
    "walk_points",
    "walk_points_for_places",
]
