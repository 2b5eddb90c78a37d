"""Join codes, capacity, the participant cookie and the join pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import inspect

from portal.extensions import db
from portal.timeutil import utcnow
from portal.walks import services, vocab
from portal.walks.models import WalkParticipant
from tests.walks.conftest import join, make_walk

# --- join codes ---------------------------------------------------------------------------


def test_codes_are_short_and_unambiguous(app):
    codes = {services.new_join_code() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        assert len(code) == vocab.JOIN_CODE_LENGTH
        assert set(code) <= set(vocab.JOIN_ALPHABET)
    assert not set(vocab.JOIN_ALPHABET) & set("0O1IL2Z5S8B6G")


def test_a_new_code_is_never_one_in_use(walk, monkeypatch):
    taken = walk.join_code
    wanted = iter(taken + "ACDEFH")
    monkeypatch.setattr(services.secrets, "choice", lambda _alphabet: next(wanted))
    assert services.new_join_code() == "ACDEFH"


@pytest.mark.parametrize("typed", ["{c}", "{l}", "{c3}-{c4}", " {c3} {c4} ", "{l3}–{l4}"])
def test_codes_are_found_however_they_are_typed(walk, typed):
    code = walk.join_code
    text = typed.format(
        c=code, l=code.lower(), c3=code[:3], c4=code[3:], l3=code[:3].lower(), l4=code[3:].lower()
    )
    assert services.find_by_code(text).id == walk.id


@pytest.mark.parametrize("typed", ["", "ABC", "ACDEFHJ", "ACDE0O", "<script>", "x" * 500])
def test_malformed_codes_find_nothing(walk, typed):
    assert services.find_by_code(typed) is None


def test_display_code(walk):
    assert walk.display_code == f"{walk.join_code[:3]}-{walk.join_code[3:]}"


def test_a_fixed_code_must_be_valid_and_free(leader, area, cats):
    make_walk(leader, area, join_code="VAN479")
    with pytest.raises(services.WalkError):
        make_walk(leader, area, join_code="VAN479")
    with pytest.raises(services.WalkError):
        make_walk(leader, area, join_code="SOS123")


def test_a_new_code_replaces_the_old(walk, leader):
    old = walk.join_code
    participant, token = join(walk)
    services.new_code(leader, walk)
    db.session.commit()
    assert walk.join_code != old
    assert services.find_by_code(old) is None
    assert services.participant_for_token(walk, token).id == participant.id


# --- joining ------------------------------------------------------------------------------


def test_participants_are_numbered_in_order(walk):
    numbers = [join(walk)[0].number for _ in range(3)]
    assert numbers == [1, 2, 3]


def test_capacity_is_never_exceeded(leader, area, cats):
    walk = make_walk(leader, area, max_participants=2)
    join(walk)
    join(walk)
    with pytest.raises(services.WalkError) as caught:
        join(walk)
    assert caught.value.code == "full"
    assert services.participant_count(walk) == 2


def test_a_taken_number_is_retried(walk, monkeypatch):
    """Two people joining at once: the one who loses the race counts again."""
    join(walk)
    real = services.func.max
    calls = []

    def stale_then_real(column):
        calls.append(1)
        return real(column) - 1 if len(calls) == 1 else real(column)

    monkeypatch.setattr(services.func, "max", stale_then_real)
    participant, _token = services.join(walk, display_name=None)
    assert participant.number == 2
    assert len(calls) == 2


def test_no_joining_after_the_window_or_when_cancelled(leader, area, cats):
    ended = make_walk(leader, area, starts_in=timedelta(hours=-6))
    with pytest.raises(services.WalkError) as caught:
        services.join(ended, display_name=None)
    assert caught.value.code == "ended"
    cancelled = make_walk(leader, area)
    services.set_cancelled(leader, cancelled, True)
    with pytest.raises(services.WalkError) as caught:
        services.join(cancelled, display_name=None)
    assert caught.value.code == "cancelled"


def test_joining_before_the_walk_is_fine(leader, area, cats):
    later = make_walk(leader, area, starts_in=timedelta(days=3))
    assert join(later)[0].number == 1


def test_display_names_are_masked_and_short(walk):
    participant, _ = join(walk, "Ring mig 070-123 45 67")
    assert "070" not in participant.display_name
    long, _ = join(walk, "x" * 80)
    assert len(long.display_name) == 40
    blank, _ = join(walk, "   ")
    assert blank.display_name is None


def test_only_a_hash_of_the_token_is_stored_and_no_ip(walk):
    participant, token = join(walk)
    assert participant.token_hash != token
    assert len(participant.token_hash) == 64
    assert services.participant_for_token(walk, token).id == participant.id
    assert services.participant_for_token(walk, token + "x") is None
    assert services.participant_for_token(walk, None) is None
    columns = {c.key for c in inspect(WalkParticipant).columns}
    assert columns == {"id", "walk_id", "number", "token_hash", "display_name", "created_at"}


# --- pages --------------------------------------------------------------------------------


def test_the_code_page_leads_to_the_walk(client, walk):
    assert client.get("/vandring").status_code == 200
    lower = walk.join_code[:3].lower() + "-" + walk.join_code[3:].lower()
    response = client.get(f"/vandring?kod={lower}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/vandring/{walk.join_code}"


def test_a_wrong_code_gets_a_clear_page(client, walk):
    response = client.get("/vandring?kod=QQQQQQ")
    assert response.status_code == 404
    assert "Det finns ingen vandring med koden QQQQQQ" in response.get_data(as_text=True)
    response = client.get("/vandring/QQQQQQ")
    assert response.status_code == 404
    assert "Kontrollera koden" in response.get_data(as_text=True)
    assert client.get("/vandring?kod=").status_code == 400


def test_wrong_codes_are_rate_limited(app, client, walk):
    app.config["WALK_JOIN_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [client.get("/vandring/QQQQQ" + c).status_code for c in "ACDEF"]
    finally:
        app.config["WALK_JOIN_RATE_LIMIT"] = "30 per 10 minutes"
    assert statuses[:3] == [404, 404, 404]
    assert statuses[3:] == [429, 429]


def test_a_code_typed_differently_redirects(client, walk):
    response = client.get(f"/vandring/{walk.join_code.lower()}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/vandring/{walk.join_code}"


def test_join_page_explains_what_is_stored(client, walk):
    response = client.get(f"/vandring/{walk.join_code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Det här sparas" in html
    assert "Vi sparar inte din IP-adress" in html
    assert response.headers["Cache-Control"] == "private, no-store"


def test_joining_needs_consent_and_keeps_the_name(client, walk):
    response = client.post(f"/vandring/{walk.join_code}", data={"display_name": "Kim"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kryssa i rutan för att vara med." in html
    assert 'value="Kim"' in html
    assert services.participant_count(walk) == 0


def test_joining_sets_a_signed_cookie_and_leads_to_pinning(client, walk):
    response = client.post(
        f"/vandring/{walk.join_code}", data={"consent": "y", "display_name": "Kim"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/vandring/{walk.join_code}/markera"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"vandring-{walk.id}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/vandring" in cookie
    token = re.search(r"=([^;]+);", cookie).group(1)
    assert "Kim" not in token
    participant = db.session.scalar(
        db.select(WalkParticipant).where(WalkParticipant.walk_id == walk.id)
    )
    assert participant.display_name == "Kim"
    # Coming back to the join page goes straight to pinning, without joining twice.
    again = client.get(f"/vandring/{walk.join_code}")
    assert again.headers["Location"] == f"/vandring/{walk.join_code}/markera"
    assert services.participant_count(walk) == 1


def test_a_forged_cookie_is_ignored(client, walk):
    client.set_cookie(f"vandring-{walk.id}", "eyJ3IjoxLCJ0IjoieCJ9.forged", path="/vandring")
    response = client.get(f"/vandring/{walk.join_code}/markera")
    assert response.headers["Location"] == f"/vandring/{walk.join_code}"


def test_honeypot_stores_nothing(client, walk):
    response = client.post(
        f"/vandring/{walk.join_code}", data={"consent": "y", "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert services.participant_count(walk) == 0


def test_a_full_walk_gets_a_clear_page(client, leader, area, cats):
    walk = make_walk(leader, area, max_participants=2)
    join(walk)
    join(walk)
    response = client.get(f"/vandring/{walk.join_code}")
    assert response.status_code == 409
    assert "Vandringen är full" in response.get_data(as_text=True)
    response = client.post(f"/vandring/{walk.join_code}", data={"consent": "y"})
    assert response.status_code == 409
    assert services.participant_count(walk) == 2


def test_a_late_code_gets_a_clear_page(client, leader, area, cats):
    walk = make_walk(leader, area, starts_in=timedelta(hours=-8))
    response = client.get(f"/vandring/{walk.join_code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "Vandringen är avslutad" in html
    assert "Protokollet publiceras när det är klart." in html


def test_a_cancelled_walk_gets_a_clear_page(client, walk, leader):
    services.set_cancelled(leader, walk, True)
    db.session.commit()
    response = client.get(f"/vandring/{walk.join_code}")
    assert response.status_code == 410
    assert "Vandringen är inställd" in response.get_data(as_text=True)


def test_time_moves_on(walk):
    assert not walk.is_past(utcnow())
    assert walk.is_past(utcnow() + timedelta(hours=3))
