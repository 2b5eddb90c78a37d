"""Progress of a commitment and of a whole promise (pure)."""

from dataclasses import dataclass

import pytest

from portal.loften import progress, vocab


@dataclass
class C:
    status: str
    target_value: float | None = None
    progress_value: float | None = None


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (C(vocab.PAGAR, 200, 120), 0.6),
        (C(vocab.PAGAR, 200, 250), 1.0),  # over target is capped
        (C(vocab.PAGAR, 200, None), 0.0),
        (C(vocab.PAGAR, None, 5), 0.0),  # no target: nothing measurable until done
        (C(vocab.GENOMFORD, 200, 50), 1.0),  # done is done
        (C(vocab.GENOMFORD), 1.0),
        (C(vocab.EJ_PABORJAD), 0.0),
        (C(vocab.FORSENAD, 10, 2), 0.2),
        (C(vocab.INSTALLD, 10, 9), None),  # not counted
    ],
)
def test_fraction(item, expected):
    assert progress.fraction(item.status, item.target_value, item.progress_value) == expected


def test_overall_is_the_mean_of_counted_commitments():
    found = progress.overall(
        [
            C(vocab.GENOMFORD),
            C(vocab.PAGAR, 200, 120),
            C(vocab.FORSENAD, 4, 1),
            C(vocab.INSTALLD, 10, 0),
            C(vocab.EJ_PABORJAD),
        ]
    )
    assert found.total == 5
    assert found.counted == 4
    assert (found.done, found.ongoing, found.delayed, found.cancelled, found.not_started) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert found.fraction == pytest.approx((1 + 0.6 + 0.25 + 0) / 4)
    assert found.percent == 46


def test_percent_rounds_down_so_100_means_all_done():
    assert progress.percent(0.996) == 99
    assert progress.percent(1.0) == 100
    assert progress.percent(0.29 + 0.0000000001) == 29
    assert progress.percent(None) is None


def test_nothing_counted_has_no_fraction():
    assert progress.overall([]).fraction is None
    assert progress.overall([C(vocab.INSTALLD)]).percent is None
