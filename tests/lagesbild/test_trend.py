"""Trends and "utvecklingar som går åt fel håll", against hand-made numbers."""

import math

import pytest

from portal.lagesbild.trend import (
    Change,
    count_score,
    index_score,
    share_score,
    signed,
    trend,
    wrong_way,
)


@pytest.mark.parametrize(
    ("current", "previous", "direction", "difference", "percent", "arrow"),
    [
        (12, 8, "upp", 4, 50.0, "↑"),
        (3, 9, "ned", -6, -66.666, "↓"),
        (5, 5, "oforandrad", 0, 0.0, "→"),
        (4, 0, "upp", 4, None, "↑"),
    ],
)
def test_trend_of_counts(current, previous, direction, difference, percent, arrow):
    found = trend(current, previous)
    assert (found.direction, found.difference, found.arrow) == (direction, difference, arrow)
    assert (
        found.percent == pytest.approx(percent, abs=0.01)
        if percent is not None
        else found.percent is None
    )


def test_a_suppressed_value_has_no_trend():
    assert trend(None, 4) is None
    assert trend(7, None) is None


def test_tolerance_for_indices():
    assert trend(2.503, 2.5, tolerance=0.005).direction == "oforandrad"
    assert trend(2.51, 2.5, tolerance=0.005).direction == "upp"


def test_count_scores():
    assert count_score(0, 0) == 0
    assert count_score(4, 0) == pytest.approx(2.0)
    assert count_score(55, 40) == pytest.approx(15 / math.sqrt(95))
    assert count_score(1, 0) < count_score(4, 0) < count_score(30, 10)
    assert count_score(3, 9) < 0


def test_share_score_is_difference_over_standard_error():
    # 30 % → 50 % with 200 answers each: se ≈ 0.048, so the score is about 4.1
    assert share_score(100, 200, 60, 200) == pytest.approx(4.1, abs=0.15)
    assert share_score(10, 20, 6, 20) < 1.96  # the same shares on 20 answers: could be chance
    assert share_score(5, 0, 3, 10) == 0


def test_index_score_welch():
    assert index_score(3.0, 1.0, 100, 2.5, 1.0, 100) == pytest.approx(0.5 / math.sqrt(0.02))
    assert index_score(3.0, 1.0, 1, 2.5, 1.0, 100) == 0  # too few to say


def test_wrong_way_orders_by_score_and_keeps_only_worse():
    changes = [
        Change("est", "est_kategori:1", 20, 10, "antal", count_score(20, 10)),
        Change("est", "est_kategori:2", 5, 15, "antal", count_score(5, 15)),
        Change(
            "platser",
            "platskategori:9",
            2,
            12,
            "antal",
            signed(count_score(2, 12), increase_is_bad=False),
        ),
        Change("platser", "platskategori:3", 7, 6, "antal", count_score(7, 6)),
    ]
    found = wrong_way(changes, 2)
    assert [c.label for c in found] == ["platskategori:9", "est_kategori:1"]
    assert found[0].likely_real and not found[1].likely_real  # 10 → 20: 1.8 sd
    assert not wrong_way(changes, 10)[-1].likely_real  # 6 → 7 could be chance
