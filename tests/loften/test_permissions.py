"""Who may post updates: coordinators on every commitment, a partner only on its own."""

import pytest

from portal.extensions import db
from portal.loften import permissions, vocab
from tests import factories
from tests.loften import helpers


@pytest.fixture
def promise(area, coordinator):
    """A published promise for the kommun with a police and a Testbostäder AB commitment."""
    found = helpers.published_promise(area, coordinator)
    db.session.commit()
    return found


def _commitments(promise):
    police = next(c for c in promise.commitments if c.party == vocab.POLISEN)
    housing = next(c for c in promise.commitments if c.party == vocab.PARTNER)
    return police, housing


@pytest.mark.parametrize(
    ("who", "police", "housing"),
    [
        ("samordnare@kommun", True, True),
        ("polis@kommun", True, True),
        ("admin@kommun", True, True),
        (
            "samordnare@district",
            False,
            False,
        ),  # coordinators of a district do not own the kommun's promise
        ("partner@kommun:Testbostäder AB", False, True),
        (
            "partner@district:Testbostäder AB",
            False,
            True,
        ),  # a district lies within the promise's area
        ("partner@district:  testbostäder ab ", False, True),  # case and spaces do not matter
        ("partner@kommun:Andra bostäder AB", False, False),
        ("partner@kommun:", False, False),  # no organisation
        ("partner@other:Testbostäder AB", False, False),  # the right name, but another kommun
        ("vandringsledare@kommun:Testbostäder AB", False, False),
        ("rapportor@kommun:Testbostäder AB", False, False),
    ],
)
def test_who_may_post_an_update(app, area, promise, who, police, housing):
    role, _, rest = who.partition("@")
    where, _, organisation = rest.partition(":")
    places = {
        "kommun": area,
        "district": area.children[0],
        "other": factories.make_area("Annan kommun", kind="kommun", bbox=(14.0, 58.0, 14.3, 58.2)),
    }
    user = factories.make_user(**{role: places[where]})
    user.organisation = organisation or None
    db.session.flush()
    police_commitment, housing_commitment = _commitments(promise)
    assert permissions.can_post_update(user, police_commitment) is police
    assert permissions.can_post_update(user, housing_commitment) is housing


def test_partner_can_post_only_on_its_own_commitment_over_http(app, client, area, promise, sign_in):
    police, housing = _commitments(promise)
    police_id, housing_id, promise_id = police.id, housing.id, promise.id
    user = helpers.partner(area.children[0])
    db.session.commit()
    sign_in(user)
    assert client.get(f"/hantera/loften/atagande/{police_id}/uppdatering").status_code == 403
    refused = client.post(
        f"/hantera/loften/atagande/{police_id}/uppdatering",
        data={"happened_on": "2026-02-01", "status": "pagar", "text": "Inte min"},
    )
    assert refused.status_code == 403
    assert client.get(f"/hantera/loften/atagande/{housing_id}/uppdatering").status_code == 200
    posted = client.post(
        f"/hantera/loften/atagande/{housing_id}/uppdatering",
        data={"happened_on": "2026-02-01", "status": "pagar", "text": "Klotterjouren är igång."},
    )
    assert posted.status_code == 302
    # … and nothing else: not the promise's staff pages, not editing the commitment.
    assert client.get(f"/hantera/loften/{promise_id}").status_code == 403
    assert client.get(f"/hantera/loften/atagande/{housing_id}").status_code == 403
    index = client.get("/hantera/loften/").get_data(as_text=True)
    assert "Sanera klotter inom 24 timmar" in index
    assert "Patrullera vid minst 200" not in index
    public = client.get(f"/loften/{promise_id}").get_data(as_text=True)
    assert "Klotterjouren är igång." in public
    assert "Rapporterat av Testbostäder AB" in public
