"""Surveys: staff results for 100 000 responses, and answer submissions per second over HTTP.

``run(report)`` builds its own SQLite databases in a temporary folder:

1. *Results*: a trygghetsmätning over a 7 × 7 grid of areas with 100 000 synthetic responses
   (≈ 2.4 million coded answers), then times everything the staff results page computes
   (the SQL tally, every question with its breakdown, the indicators, weighting,
   representativeness) and the public page with disclosure control. Target: ≤ 1 s.
2. *Export*: the streamed CSV of those 100 000 responses, with its peak Python memory.
3. *Submissions*: the portal under gunicorn (production settings, CSRF on), and
   :func:`post_answers`: a pool of stdlib ``urllib`` clients each fetching the one-page form and
   sending it, as a resident would. Target: ≥ 200 submissions/s.

``python -m bench.dialog --submissions`` runs only part 3, after a hello world under the same
gunicorn settings (the machine's limit, measured in the same run): a few minutes in all.
"""

from __future__ import annotations

import http.cookiejar
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import click

RESPONSES = 100_000
SUBMISSIONS = int(os.environ.get("BENCH_DIALOG_SUBMISSIONS", "3000"))
CLIENTS = int(os.environ.get("BENCH_DIALOG_CLIENTS", "16"))
ROOT = Path(__file__).resolve().parent.parent


# --- seeding ------------------------------------------------------------------------------------


def _open_survey(kommun):
    from portal.dialog import services, vocab

    survey = services.create_from_template("trygghetsmatning", kommun, ["sv", "en"], "bench")
    survey.state = vocab.OPPEN
    return survey


def seed_responses(survey, areas, count: int, seed: int = 7) -> None:
    """``count`` synthetic responses written with bulk inserts (deterministic)."""
    from portal.dialog import tally, vocab
    from portal.dialog.models import Answer, Response
    from portal.extensions import db

    rng = random.Random(seed)
    coded = [q for q in survey.questions if q.kind in (vocab.SCALE, vocab.SINGLE)]
    reason = next(q for q in survey.questions if q.role == vocab.TRYGGHET_ORSAK)
    home = next(q for q in survey.questions if q.role == vocab.BOSTADSOMRADE)
    ages, genders = ["16-24", "25-44", "45-64", "65-84", None], ["kvinna", "man", None]
    start = date.today() - timedelta(days=30)
    first_id = (db.session.scalar(db.select(db.func.max(Response.id))) or 0) + 1
    batch = 5000
    with click.progressbar(length=count, label="Enkätsvar     ") as bar:
        for offset in range(0, count, batch):
            responses, answers = [], []
            for number in range(offset, min(offset + batch, count)):
                area = rng.choice(areas)
                age, gender = rng.choice(ages), rng.choice(genders)
                response_id = first_id + number
                responses.append(
                    {
                        "id": response_id,
                        "survey_id": survey.id,
                        "area_id": area.id,
                        "age_band": age,
                        "gender": gender,
                        "language": "sv",
                        "submitted_on": start + timedelta(days=number % 30),
                    }
                )
                strata = {"area_id": area.id, "age_band": age, "gender": gender}
                common = {"response_id": response_id, "survey_id": survey.id, **strata}
                for q in coded:
                    if q.role == vocab.TRYGGHET_ORSAK:
                        continue
                    if q.role in vocab.BACKGROUND_ROLES:
                        value = age if q.role == vocab.ALDER else gender
                        if value is None:
                            continue
                    else:
                        value = rng.choice(q.codes)
                    answers.append({**common, "question_id": q.id, "value": value})
                    if value == "gar_aldrig_ut":
                        answers.append(
                            {**common, "question_id": reason.id, "value": rng.choice(reason.codes)}
                        )
                answers.append({**common, "question_id": home.id, "value": str(area.id)})
            db.session.execute(db.insert(Response), responses)
            db.session.execute(db.insert(Answer), answers)
            db.session.commit()
            bar.update(len(responses))
    started = time.perf_counter()
    tally.rebuild(survey)  # bulk inserts bypass the running tally: count once, as a repair would
    db.session.commit()
    click.echo(f"  tally rebuilt from the answers in {time.perf_counter() - started:.1f} s")


def _fresh_app(folder: Path, name: str):
    from portal import create_app
    from portal.extensions import db

    path = folder / f"{name}.sqlite3"
    url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade", "heads"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
    return app, url


# --- results --------------------------------------------------------------------------------------


def compute_results(survey) -> None:
    """Everything the staff and public results pages compute (inside a request context)."""
    from flask import current_app

    from portal.dialog import public_results, results, vocab

    t = results.tally(survey)
    for q in survey.questions:
        if q.kind in vocab.CODED_KINDS:
            results.question_result(t, q, "sv", "omrade")
    results.otrygghet(t, "sv")
    results.problems(t, "sv")
    results.representativeness(t, "sv")
    public_results.build(survey, "sv", current_app.config["DISCLOSURE_MINIMUM"])


def _time_results(report, folder: Path) -> None:
    from bench.seed import grid_areas
    from portal.dialog import export, public_results, results
    from portal.dialog.models import Survey
    from portal.extensions import db

    app, _url = _fresh_app(folder, "dialog-results")
    with app.app_context():
        areas = grid_areas()
        kommun, children = areas[0], areas[1:]
        kommun.population = {
            "total": 100_000,
            "by_age_gender": {
                band: {"kvinna": share * 50_000, "man": share * 50_000}
                for band, share in {
                    "16-24": 0.15,
                    "25-44": 0.36,
                    "45-64": 0.3,
                    "65-84": 0.19,
                }.items()
            },
        }
        survey = _open_survey(kommun)
        db.session.commit()
        seed_responses(survey, children, RESPONSES)
        survey_id = survey.id
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        rows = db.session.scalar(db.select(db.func.count()).select_from(db.text("dialog_answer")))
        timings = []
        for _ in range(4):
            db.session.expire_all()
            survey = db.session.get(Survey, survey_id)
            started = time.perf_counter()
            compute_results(survey)
            timings.append(time.perf_counter() - started)
        report(
            f"SQLite: survey results, {RESPONSES:,} responses ({rows:,} answers)",
            statistics.median(timings[1:]),
            "s",
            f"≤ 1 s (staff page + public page; first run {timings[0]:.2f} s)",
        )
        started = time.perf_counter()
        results.tally(survey)
        report("SQLite: of which the SQL tally", time.perf_counter() - started, "s", "")
        started = time.perf_counter()
        public_results.build(survey, "sv", 5)
        report(
            "SQLite: public results with disclosure control", time.perf_counter() - started, "s", ""
        )
        started = time.perf_counter()
        size = sum(len(chunk) for chunk in export.stream(survey, "sv", excel=True))
        elapsed = time.perf_counter() - started
        peaks = {}
        for responses in (5_000, 20_000):  # memory stays flat however many rows are written
            tracemalloc.start()
            chunks = export.stream(survey, "sv", excel=True)
            for _ in zip(chunks, range(responses // export.BATCH + 1), strict=False):
                pass
            peaks[responses] = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
        report(
            f"SQLite: streamed CSV export, {RESPONSES:,} responses",
            elapsed,
            "s",
            f"{size / 1e6:.0f} MB written; peak Python memory {peaks[5_000]:.1f} MB after "
            f"5 000 rows, {peaks[20_000]:.1f} MB after 20 000",
        )
    with app.app_context():
        db.engine.dispose()


# --- submissions over HTTP ------------------------------------------------------------------------

_HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|token)"[^>]*value="([^"]*)"')
_RADIO = re.compile(r'type="radio" id="[^"]+" name="(q\d+)" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_answers(
    base_url: str, survey_id: int, n: int, clients: int = CLIENTS, fetch_form: bool = True
) -> tuple[float, int]:
    """Send ``n`` answers with ``clients`` concurrent stdlib HTTP clients; return (per s, failures).

    With ``fetch_form`` each answer is what a resident's browser does: GET the one-page form
    (session cookie, CSRF token, submission token), then POST it with an answer to every choice
    question. Without it each client fetches the form once and then only POSTs, each time with a
    new submission token of its own (as a second person on the same phone would get). A success
    is the redirect to the thank-you page.
    """
    form_url = f"{base_url}/enkater/{survey_id}/svara?steg=alla"
    post_url = f"{base_url}/enkater/{survey_id}/svara"
    lock = threading.Lock()
    done = {"ok": 0, "failed": 0}
    per_client = [n // clients + (1 if i < n % clients else 0) for i in range(clients)]

    def client(index: int, count: int) -> None:
        rng = random.Random(index)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
        html = ""
        for _ in range(count):
            ok = False
            try:
                if fetch_form or not html:
                    with opener.open(form_url, timeout=30) as response:
                        html = response.read().decode()
                hidden = dict(_HIDDEN.findall(html))
                if not fetch_form:
                    hidden["token"] = secrets.token_urlsafe(24)
                groups: dict[str, list[str]] = {}
                for name, value in _RADIO.findall(html):
                    groups.setdefault(name, []).append(value)
                fields = [("steg", "alla"), ("riktning", "nasta"), *hidden.items()]
                fields += [(name, rng.choice(values)) for name, values in groups.items()]
                data = urllib.parse.urlencode(fields).encode()
                try:
                    opener.open(post_url, data=data, timeout=30).close()
                except urllib.error.HTTPError as error:
                    ok = error.code == 302 and "/tack" in error.headers.get("Location", "")
            except OSError:
                ok = False
            with lock:
                done["ok" if ok else "failed"] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client, i, c) for i, c in enumerate(per_client)]:
            future.result()
    elapsed = time.perf_counter() - started
    return done["ok"] / elapsed, done["failed"]


def _time_submissions(report, folder: Path) -> None:
    from bench.seed import grid_areas
    from bench.server import gunicorn
    from portal.extensions import db

    app, url = _fresh_app(folder, "dialog-http")
    with app.app_context():
        kommun = grid_areas(3, 3)[0]
        survey = _open_survey(kommun)
        db.session.commit()
        survey_id = survey.id
        db.engine.dispose()
    env = {
        "DATABASE_URL": url,
        "PORTAL_ENV": "production",
        "SECRET_KEY": "b" * 40,
        "PORTAL_SESSION_COOKIE_SECURE": "false",
        "PORTAL_DIALOG_ANSWER_LIMIT": '"1000000 per hour"',
        "PORTAL_DIALOG_SUBMIT_LIMIT": '"1000000 per hour"',
    }
    with gunicorn("wsgi:app", env) as server:
        post_answers(server.base, survey_id, 50, 4)  # warm up every worker
        full, full_failed = post_answers(server.base, survey_id, SUBMISSIONS, CLIENTS)
        posts, posts_failed = post_answers(
            server.base, survey_id, SUBMISSIONS, CLIENTS, fetch_form=False
        )
    with app.app_context():
        from portal.dialog.models import Response

        stored = db.session.scalar(
            db.select(db.func.count(Response.id)).where(Response.survey_id == survey_id)
        )
        db.engine.dispose()
    report(
        "SQLite: survey answers sent (POST only, gunicorn, CSRF on)",
        posts,
        "submissions/s",
        f"≥ 200; {SUBMISSIONS} from {CLIENTS} clients, {posts_failed} failed",
    )
    report(
        "SQLite: survey answers incl. fetching the form (GET + POST)",
        full,
        "answers/s",
        f"{SUBMISSIONS} from {CLIENTS} clients, {full_failed} failed; {stored} responses stored",
    )


def run(report) -> None:
    """Seed what is needed into fresh databases and report the survey figures."""
    with tempfile.TemporaryDirectory(prefix="bench-dialog-") as folder:
        _time_results(report, Path(folder))
        _time_submissions(report, Path(folder))


def run_submissions(report, hello_seconds: int = 8) -> None:
    """Only the submissions, with a hello world measured right before them (a few minutes)."""
    from bench.server import gunicorn, load

    with gunicorn("bench.hello:app") as hello:
        load(hello.base + "/", 1)
        baseline = load(hello.base + "/", hello_seconds)
    report(
        "hello world (gunicorn, same settings), before the submissions",
        baseline.requests_per_s,
        "req/s",
        f"p95 {baseline.p95_ms:.1f} ms, {baseline.tool}",
    )
    with tempfile.TemporaryDirectory(prefix="bench-dialog-") as folder:
        _time_submissions(report, Path(folder))


if __name__ == "__main__":  # python -m bench.dialog [--submissions]

    def _print(name: str, value: float, unit: str, target: str = "") -> None:
        print(f"{name}: {value:,.2f} {unit}  {target}", flush=True)

    if "--submissions" in sys.argv[1:]:
        run_submissions(_print)
    else:
        run(_print)
