"""Schemathesis against /api/openapi.json, in-process (WSGI), inside pytest.

Every documented operation gets a few generated requests (valid ones, and some invalid ones),
then the same with path parameters that name real objects, so that the success answers are
checked too. No answer may be a server error or contradict the document: status code, media
type, headers and body schema. Open311's XML answers are read back into the JSON shape
(tests/api/xml_reader.py) and validated against the same schemas.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.map import vocab
from tests.api import xml_reader

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 3


@schemathesis.deserializer("text/xml")
def _open311_xml(_context, response):
    return xml_reader.read(response.content)


def _known(rich) -> dict[str, object]:
    """Path parameters that name objects the API must show."""
    world = rich.world
    observation = world.closed_place.observations[0]
    return {
        "service_request_id": str(world.closed_place.id),
        "token": observation.follow_code,
        "service_code": "belysning",
        "slug": "norr",
        "survey_id": rich.survey.id,
        "snapshot_id": rich.snapshot.id,
        "promise_id": rich.promise.id,
    }


def _valid_report() -> dict[str, str]:
    return {
        "service_code": "belysning",
        "description": "Lampan vid busshållplatsen är trasig.",
        "lat": "60.7",
        "long": "17.15",
        "attribute[time_of_day]": vocab.NATT,
        "attribute[day_kind]": vocab.HELG,
    }


def _run(strategy, failures: list[str], label: str, seen: list, examples: int = EXAMPLES) -> None:
    @given(case=strategy)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call_and_validate(checks=CHECKS)
        seen.append((case.operation.label, response.status_code))

    try:
        run()
    except (Exception, BaseExceptionGroup) as error:  # report every operation's failure
        failures.append(f"{label}: {error}")


def _can_be_invalid(operation) -> bool:
    """Whether some input can break the document: a query parameter, a body, a typed path."""
    if operation.method.upper() == "POST" or any(True for _ in operation.query):
        return True
    return any(
        p.definition.get("schema", {}).get("type") == "integer" for p in operation.path_parameters
    )


@pytest.fixture
def schema(app, rich):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def test_no_answer_contradicts_the_document(schema, rich):
    known = _known(rich)
    failures: list[str] = []
    seen: list[tuple[str, int]] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30  # every path but the document itself
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        _run(operation.as_strategy(), failures, operation.label, seen)
        if _can_be_invalid(operation):
            _run(
                operation.as_strategy(GenerationMode.NEGATIVE),
                failures,
                operation.label + " (invalid input)",
                seen,
                examples=2,
            )
        if names:
            fixed = {name: known[name] for name in names}
            _run(
                operation.as_strategy(path_parameters=fixed),
                failures,
                operation.label + " (known object)",
                seen,
            )
        if operation.method.upper() == "POST":
            _run(
                operation.as_strategy(body=_valid_report()),
                failures,
                operation.label + " (valid report)",
                seen,
                examples=1,
            )
    assert not failures, "\n\n".join(failures)
    answered = {label for label, status in seen if status == 200}
    assert {o.label for o in operations} == answered  # every operation answered successfully
    assert len(seen) > 150
