"""Progress of a commitment and of a whole promise, computed from the commitments. Pure.

A commitment's *fraction done*:

* genomförd → 1,
* inställd → not counted (it will not be done; the reason is published instead),
* with a target number and a reported value → value / target, capped at 1 (120 of 200 → 0.6),
* otherwise → 0 (no measurable progress until it is reported done).

A promise's progress is the mean fraction of its counted commitments, each weighing the same,
so one large target does not drown the rest. Alongside it the page always says how many
commitments are genomförda, pågår, försenade and inställda, so the bar is never the only figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from portal.loften import vocab


class CommitmentLike(Protocol):
    status: str
    target_value: float | None
    progress_value: float | None


def fraction(status: str, target: float | None, value: float | None) -> float | None:
    """How much of one commitment is done (0–1), or None when it does not count (inställd)."""
    if status == vocab.INSTALLD:
        return None
    if status == vocab.GENOMFORD:
        return 1.0
    if target and target > 0 and value is not None:
        return min(max(value / target, 0.0), 1.0)
    return 0.0


def percent(value: float | None) -> int | None:
    """Whole per cent, rounded down, so "100 %" only when it is all done."""
    if value is None:
        return None
    return math.floor(round(value * 100, 9))


@dataclass(frozen=True)
class Overall:
    total: int
    counted: int  # every commitment except the inställda
    done: int
    ongoing: int
    not_started: int
    delayed: int
    cancelled: int
    fraction: float | None  # None when nothing counts

    @property
    def percent(self) -> int | None:
        return percent(self.fraction)


def overall(commitments: Iterable[CommitmentLike]) -> Overall:
    items = list(commitments)
    counts = dict.fromkeys(vocab.STATUSES, 0)
    fractions = []
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
        share = fraction(item.status, item.target_value, item.progress_value)
        if share is not None:
            fractions.append(share)
    return Overall(
        total=len(items),
        counted=len(fractions),
        done=counts[vocab.GENOMFORD],
        ongoing=counts[vocab.PAGAR],
        not_started=counts[vocab.EJ_PABORJAD],
        delayed=counts[vocab.FORSENAD],
        cancelled=counts[vocab.INSTALLD],
        fraction=sum(fractions) / len(fractions) if fractions else None,
    )
