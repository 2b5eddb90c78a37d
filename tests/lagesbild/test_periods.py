"""Periods: URL keys, previous equal periods, and EST weeks and fortnights."""

import itertools
from datetime import date

import pytest

from portal.lagesbild import periods


@pytest.mark.parametrize(
    ("key", "start", "end", "previous"),
    [
        ("2025-v14", date(2025, 3, 31), date(2025, 4, 6), "2025-v13"),
        ("2025-v01", date(2024, 12, 30), date(2025, 1, 5), "2024-v52"),
        ("2026-v01", date(2025, 12, 29), date(2026, 1, 4), "2025-v52"),
        ("2021-v01", date(2021, 1, 4), date(2021, 1, 10), "2020-v53"),
        ("2025-03", date(2025, 3, 1), date(2025, 3, 31), "2025-02"),
        ("2025-01", date(2025, 1, 1), date(2025, 1, 31), "2024-12"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-01"),
        ("2025-k1", date(2025, 1, 1), date(2025, 3, 31), "2024-k4"),
        ("2025-K3", date(2025, 7, 1), date(2025, 9, 30), "2025-k2"),
        ("2025-t1", date(2025, 1, 1), date(2025, 4, 30), "2024-t3"),
        ("2025-t3", date(2025, 9, 1), date(2025, 12, 31), "2025-t2"),
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "2024"),
        ("2025-01-10_2025-01-19", date(2025, 1, 10), date(2025, 1, 19), "2024-12-31_2025-01-09"),
    ],
)
def test_parse_and_previous(key, start, end, previous):
    period = periods.parse(key)
    assert (period.start, period.end) == (start, end)
    assert period.key == key.lower()
    assert period.previous().key == previous
    assert period.previous().days == period.days or period.kind in (
        "manad",
        "kvartal",
        "tertial",
        "ar",
    )


@pytest.mark.parametrize(
    "key",
    [
        "",
        "2025-v54",
        "2025-13",
        "2025-k5",
        "2025-t4",
        "1999",
        "2025-02-30_2025-03-01",
        "2025-03-01_2025-02-01",
        "2020-01-01_2024-01-01",
        "abc",
        "2025-w",
    ],
)
def test_bad_keys_are_refused(key):
    with pytest.raises(periods.BadPeriod):
        periods.parse(key)


def test_containing():
    assert periods.containing(periods.KVARTAL, date(2025, 5, 17)).key == "2025-k2"
    assert periods.containing(periods.TERTIAL, date(2025, 5, 17)).key == "2025-t2"
    assert periods.containing(periods.VECKA, date(2025, 5, 17)).key == "2025-v20"


def test_est_fortnights_are_pairs_of_weeks_that_do_not_overlap():
    seen = set()
    day = date(2025, 1, 1)
    for offset in range(0, 120):
        start, end = periods.est_period(
            periods.EST_TVAVECKA, date.fromordinal(day.toordinal() + offset)
        )
        assert start.weekday() == 0 and (end - start).days == 13
        seen.add(start)
    starts = sorted(seen)
    assert all((b - a).days == 14 for a, b in itertools.pairwise(starts))
    assert periods.est_period(periods.EST_VECKA, date(2025, 4, 3)) == (
        date(2025, 3, 31),
        date(2025, 4, 6),
    )
