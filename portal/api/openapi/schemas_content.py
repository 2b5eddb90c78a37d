"""Component schemas of published survey results, lägesbild summaries and promises."""

from __future__ import annotations

from portal.api.openapi.build import (
    DATE,
    DATETIME,
    URL,
    Schema,
    array,
    maybe,
    maybe_ref,
    obj,
    page_of,
    ref,
    t,
    text,
)
from portal.loften import vocab as promise_vocab


def surveys() -> dict[str, Schema]:
    share = obj(
        {
            "count": t("integer", minimum=0),
            "n": t("integer", minimum=0),
            "share": t("number", "count / n.", minimum=0, maximum=1),
            "low": t("number", "Lower bound of the 95 % Wilson interval.", minimum=0, maximum=1),
            "high": t("number", "Upper bound of the 95 % Wilson interval.", minimum=0, maximum=1),
        },
        "A share with its 95 % confidence interval.",
    )
    derived = {
        "indicator": maybe_ref("Share", "Share mycket/ganska otrygga (NTU's indicator)."),
        "share_large_problem": maybe_ref("Share", "Share answering a large problem."),
        "problem_index": maybe("number", "Polisen's problem index, 0–6.", minimum=0, maximum=6),
    }
    optional = tuple(derived)
    withheld = "null when withheld by disclosure control."
    return {
        "Share": share,
        "Survey": obj(
            {
                "id": t("integer"),
                "title": text(),
                "language": text("The language of the texts."),
                "area": maybe_ref("AreaRef"),
                "opens_on": maybe("string", **DATE),
                "closes_on": maybe("string", **DATE),
                "results_published_at": maybe("string", **DATETIME),
                "url": t("string", "The public results page.", **URL),
                "results_api_url": t("string", **URL),
            },
            "A survey whose results are published.",
        ),
        "SurveyPage": page_of("Survey", "A page of surveys with published results."),
        "SurveyQuestion": obj(
            {
                "key": text("Stable across copies and versions of a survey."),
                "text": text(),
                "kind": text(),
                "role": maybe("string", "What the question measures (e.g. trygghet, problem)."),
                "n": maybe("integer", "Answers to the question; " + withheld),
                "answers": array(
                    obj(
                        {
                            "code": text(),
                            "label": text(),
                            "count": maybe("integer", withheld),
                            "share": maybe_ref("Share"),
                        }
                    )
                ),
                "by_area": array(
                    obj(
                        {
                            "area": text(),
                            "counts": t(
                                "object",
                                "Answer code → count (" + withheld + ")",
                                additionalProperties=maybe("integer"),
                            ),
                            "total": maybe("integer"),
                            **derived,
                        },
                        optional=optional,
                    )
                ),
                **derived,
            },
            "A question's published answers.",
            optional=optional,
        ),
        "SurveyResults": obj(
            {
                "survey": ref("Survey"),
                "respondents": maybe("integer", withheld),
                "minimum_cell": t("integer", "Counts below this are withheld.", minimum=1),
                "otrygghet": maybe_ref("Share"),
                "total_problem_index": maybe("number", minimum=0, maximum=6),
                "questions": array(ref("SurveyQuestion")),
                "problems": array(ref("SurveyQuestion"), "Problem items (problemindex)."),
            },
            "Published results: aggregates only, with disclosure control.",
        ),
    }


def lagesbild() -> dict[str, Schema]:
    summary = {
        "id": t("integer", "The fastställd version's id."),
        "lagesbild_id": t("integer"),
        "version": t("integer", minimum=1),
        "is_latest": t("boolean"),
        "area": ref("AreaRef"),
        "period": obj(
            {
                "kind": text(),
                "key": text(),
                "starts_on": t("string", **DATE),
                "ends_on": t("string", **DATE),
            }
        ),
        "fixed_at": t("string", **DATETIME),
        "summary": text("The public summary (masked)."),
        "focus_areas": array(text(), "Titles of the prioritised problems."),
        "url": t("string", **URL),
        "api_url": t("string", **URL),
    }
    evidence = obj({"kind": text(), "ref": text(), "label": text()})
    return {
        "Lagesbild": obj(summary, "A fastställd lägesbild's public summary."),
        "LagesbildDetail": obj(
            {
                **summary,
                "focus": array(obj({"title": text(), "evidence": array(evidence)})),
                "view": t(
                    "object",
                    "The public numbers (surveys, places, EST, walks, hot spots) as the summary "
                    "page shows them, small numbers withheld.",
                ),
            },
            "A fastställd lägesbild with its public numbers.",
        ),
        "LagesbildPage": page_of("Lagesbild", "A page of lägesbilder (newest version of each)."),
    }


def promises() -> dict[str, Schema]:
    summary = {
        "id": t("integer"),
        "title": text(),
        "summary": text("Markdown."),
        "state": t("string", enum=list(promise_vocab.PUBLIC_STATES)),
        "area": ref("AreaRef"),
        "areas": array(ref("AreaRef"), "Where the promise applies."),
        "period_start": t("string", **DATE),
        "period_end": t("string", **DATE),
        "signed_on": maybe("string", **DATE),
        "published_at": maybe("string", **DATETIME),
        "progress": ref("Progress"),
        "url": t("string", **URL),
        "api_url": t("string", **URL),
        "feed_url": t("string", "Atom feed of its progress updates.", **URL),
    }
    count = t("integer", minimum=0)
    return {
        "Progress": obj(
            {
                "percent": maybe(
                    "integer", "Mean progress of the counted commitments.", minimum=0, maximum=100
                ),
                "total": count,
                "done": count,
                "ongoing": count,
                "not_started": count,
                "delayed": count,
                "cancelled": count,
            }
        ),
        "Promise": obj(summary, "A published medborgarlöfte."),
        "PromisePage": page_of("Promise", "A page of published promises."),
        "PromiseUpdate": obj(
            {
                "id": t("integer"),
                "commitment_id": t("integer"),
                "activity_id": maybe("integer"),
                "happened_on": t("string", **DATE),
                "status": t("string", enum=list(promise_vocab.STATUSES)),
                "reason": maybe("string", "Why it is delayed or cancelled."),
                "progress_value": maybe("number"),
                "text": text("Markdown, as written."),
                "html": text("The same, rendered and sanitised."),
                "organisation": text("Who reported (never a person's name)."),
                "photo_url": maybe("string", **URL),
                "photo_alt": maybe("string"),
                "created_at": t("string", **DATETIME),
            },
            "A progress update.",
        ),
        "Commitment": obj(
            {
                "id": t("integer"),
                "focus_id": maybe("integer"),
                "title": text(),
                "description": text(),
                "party": t("string", enum=list(promise_vocab.PARTIES)),
                "responsible": text("Polisen, Kommunen or the partner's name."),
                "target_value": maybe("number"),
                "target_unit": maybe("string"),
                "due_on": maybe("string", **DATE),
                "status": t("string", enum=list(promise_vocab.STATUSES)),
                "status_reason": maybe("string"),
                "progress_value": maybe("number"),
                "progress_percent": maybe("integer", minimum=0, maximum=100),
                "last_update_at": maybe("string", **DATETIME),
                "activities": array(
                    obj(
                        {
                            "id": t("integer"),
                            "title": text(),
                            "description": text(),
                            "due_on": maybe("string", **DATE),
                        }
                    )
                ),
                "places": array(
                    obj({"id": t("integer"), "url": t("string", **URL)}),
                    "Public places the commitment answers.",
                ),
                "updates": array(ref("PromiseUpdate"), "Newest first."),
            },
            'One commitment ("Det här lovar vi").',
        ),
        "PromiseDetail": obj(
            {
                **summary,
                "dialog_summary": text(),
                "follow_text": text(),
                "followup_method": text(),
                "followup_result": text(),
                "lagesbild": {
                    "oneOf": [
                        obj({"id": t("integer"), "api_url": t("string", **URL)}),
                        {"type": "null"},
                    ]
                },
                "focus_areas": array(
                    obj({"id": t("integer"), "title": text(), "description": text()})
                ),
                "signatories": array(
                    obj({"name": text(), "title": text(), "organisation": text()}),
                    "Who signed (office holders, as on the promise page).",
                ),
                "commitments": array(ref("Commitment")),
                "history_url": t("string", **URL),
            },
            "A published promise with everything the promise page shows.",
        ),
    }
