"""What one submission costs, and that the questions a process keeps never go stale.

A POST of the one-page form reads the survey's row and writes the response with a handful of
statements; the questions come from :mod:`portal.dialog.snapshot`, which reuses them only while
the survey's ``updated_at`` is unchanged (every change to a question dates its survey).
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from portal.dialog import questions, snapshot, vocab
from portal.dialog.models import Answer, Response, Survey
from portal.extensions import db
from tests.dialog.helpers import form_for, make_survey, question, survey_id

TOKEN = "s" * 32


@pytest.fixture
def survey(area):
    s = make_survey(area)
    db.session.commit()
    return s


def post_all(client, survey, answers: dict, token: str = TOKEN):
    data = {"steg": "alla", "token": token, **form_for(survey, answers)}
    return client.post(f"/enkater/{survey_id(survey)}/svara", data=data)


@contextmanager
def counted():
    statements: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _executemany) -> None:
        statements.append(statement)

    db.session.execute(text("SELECT 1"))  # the test's own SAVEPOINT is not the request's
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_submission_is_a_few_statements_and_reads_no_question_rows(client, survey):
    answers = {"trygghet": "ganska_otrygg", "alder": "25-44", "kon": "kvinna"}
    post_all(client, survey, answers, token="w" * 32)  # this process now knows the questions
    body = form_for(survey, answers)
    db.session.expunge_all()
    with counted() as statements:
        response = client.post(
            f"/enkater/{survey_id(survey)}/svara", data={"steg": "alla", "token": TOKEN, **body}
        )
    assert response.status_code == 302 and response.headers["Location"].endswith("/tack")
    assert count(Response) == 2
    sql = "\n".join(statements)
    assert "FROM dialog_question" not in sql
    writes = [s for s in statements if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]
    # the token, the response, its answers, the tally and the draft: one statement each
    assert len(writes) == 5, sql
    reads = [s for s in statements if s.lstrip().startswith("SELECT")]
    assert len(reads) == 1, sql  # the survey's row (no area was named: no area list needed)


def test_changed_options_are_used_at_once(client, survey):
    post_all(client, survey, {"trygghet": "ganska_trygg"}, token="a" * 32)  # cached now
    trygghet = question(survey, "trygghet")
    trygghet_id = trygghet.id
    before = snapshot.for_answering(survey_id(survey))
    # an edit (only allowed before answers: here straight on the model, as a migration might)
    db.session.execute(db.delete(Answer))
    db.session.execute(db.delete(Response))
    options = [*trygghet.options, {"code": "ny", "label": {"sv": "Ny", "en": "New"}}]
    trygghet.options = options
    db.session.commit()
    after = snapshot.for_answering(survey_id(survey))
    assert after.questions is not before.questions
    assert "ny" in next(q for q in after.questions if q.key == "trygghet").codes
    response = post_all(client, survey, {"trygghet": "ny"}, token="b" * 32)
    assert response.status_code == 302
    stored = db.select(Answer.value).where(Answer.question_id == trygghet_id)
    assert db.session.scalar(stored) == "ny"


def test_moving_a_question_dates_its_survey(app, survey):
    sid = survey_id(survey)
    with app.test_request_context():
        first = snapshot.for_answering(sid)
        stamp = db.session.get(Survey, sid).updated_at
        moved = question(survey, "oro_inbrott")
        questions.move_question(moved, "upp", "test")  # allowed with answers: the page changes
        db.session.commit()
        assert db.session.get(Survey, sid).updated_at != stamp
        again = snapshot.for_answering(sid)
    page = {q.key: q.page for q in again.questions}
    assert page["oro_inbrott"] != {q.key: q.page for q in first.questions}["oro_inbrott"]


def test_a_closed_survey_is_refused_although_its_questions_are_kept(client, survey):
    post_all(client, survey, {"trygghet": "ganska_trygg"}, token="c" * 32)
    db.session.get(Survey, survey_id(survey)).state = vocab.STANGD
    db.session.commit()
    response = post_all(client, survey, {"trygghet": "ganska_trygg"}, token="d" * 32)
    assert response.status_code == 410
    assert count(Response) == 1


def test_a_named_area_is_checked_against_the_areas_now(client, survey, area):
    home = question(survey, "bostadsomrade")
    assert home.kind == vocab.AREA
    child_id = area.children[0].id
    ok = post_all(client, survey, {"trygghet": "ganska_trygg", "bostadsomrade": str(child_id)})
    assert ok.status_code == 302
    assert db.session.scalars(db.select(Response.area_id)).one() == child_id
    wrong = post_all(
        client, survey, {"trygghet": "ganska_trygg", "bostadsomrade": "999999"}, token="e" * 32
    )
    assert wrong.status_code == 400 and "Välj ett område i listan." in wrong.text


def test_the_default_limiter_storage_starts_no_thread_per_hit(monkeypatch):
    """``portal-memory://`` (the default without Redis) counts like ``memory://``, inline."""
    import threading
    import time

    from limits import RateLimitItemPerSecond
    from limits.storage import storage_from_string
    from limits.strategies import FixedWindowRateLimiter

    from portal.ratelimit_storage import SweepingMemoryStorage

    storage = storage_from_string("portal-memory://")
    assert isinstance(storage, SweepingMemoryStorage)
    limiter = FixedWindowRateLimiter(storage)
    two_per_second = RateLimitItemPerSecond(2)
    storage.timer.join()  # the one timer the base class starts when it is made
    threads = threading.active_count()
    assert [limiter.hit(two_per_second, "client") for _ in range(3)] == [True, True, False]
    assert threading.active_count() == threads
    monkeypatch.setattr(time, "time", lambda real=time.time: real() + 5)
    assert limiter.hit(two_per_second, "client")  # a new window
    storage.incr("old", 1)
    monkeypatch.setattr(time, "time", lambda real=time.time: real() + 5)
    storage._next_sweep = 0.0  # as if a second had passed since the last sweep
    storage.incr("other", 1)
    assert "old" not in storage.storage  # expired counters are swept, inline
    assert threading.active_count() == threads
