"""Property-based fuzzing of every route: no input makes the portal answer 500.

Every rule in the URL map is exercised, with random path values, query strings and form bodies,
as an anonymous visitor and as an admin of the whole tree (so staff forms are reached too). A new
route is fuzzed without anyone having to remember to add it.
"""

from __future__ import annotations

import os
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import create_app
from tests.conftest import app_config

#: Examples per route and visitor; FUZZ_EXAMPLES=50 for a deeper run by hand.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
SKIP_ENDPOINTS = {"static", "vendor_leaflet.static", "vendor_markercluster.static"}
_rules_app = create_app(app_config("sqlite://"))
RULES = sorted(
    (rule for rule in _rules_app.url_map.iter_rules() if rule.endpoint not in SKIP_ENDPOINTS),
    key=lambda rule: (rule.rule, sorted(rule.methods or ())),
)

nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "null",
            "[]",
            "{}",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "\x00",
            "é" * 300,
            "17.1,60.6,17.2",
            "17.1,60.6,17.2,60.7",
            "181,91,-181,-91",
            "2026-13-45",
        ]
    ),
)
field_names = st.sampled_from(
    [
        "q",
        "page",
        "code",
        "bbox",
        "category",
        "status",
        "area",
        "lat",
        "lon",
        "text",
        "title",
        "name",
        "email",
        "password",
        "description",
        "next",
        "format",
        "from",
        "to",
        "period",
        "question",
        "answer",
        "choice",
        "value",
        "csrf_token",
        "website",
        "id",
        "kind",
        "language",
    ]
) | st.text(alphabet=string.ascii_lowercase + "_-", min_size=1, max_size=12)
payload = st.dictionaries(field_names, nasty_text, max_size=8)


def _path_value(converter: str):
    if converter == "int":
        return st.integers(min_value=-5, max_value=10**12)
    return st.text(
        alphabet=string.ascii_letters + string.digits + "-_åäö.%", min_size=1, max_size=20
    )


def _url(rule, draw) -> str:
    values = {}
    for name, converter in rule._converters.items():
        values[name] = draw(
            _path_value(
                type(converter)
                .__name__.replace("Converter", "")
                .lower()
                .replace("unicode", "string")
                .replace("integer", "int")
            )
        )
    try:
        return rule.build(values, append_unknown=False)[1]
    except Exception:  # a value the converter itself refuses: use a plain one
        return rule.rule


@pytest.mark.parametrize(
    "rule", RULES, ids=lambda r: f"{'/'.join(sorted(r.methods - {'HEAD', 'OPTIONS'}))} {r.rule}"
)
@pytest.mark.parametrize("who", ["anonymous", "admin"])
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_input_gives_a_server_error(client, login_as, area, rule, who, data):
    if who == "admin":
        with client.session_transaction() as session:
            signed_in = "_user_id" in session
        if not signed_in:
            login_as("admin", area)
    url = _url(rule, data.draw)
    query = data.draw(payload)
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
        if method == "GET":
            response = client.get(url, query_string=query)
        else:
            response = client.open(url, method=method, data=data.draw(payload))
        assert response.status_code < 500, f"{method} {url} {query} → {response.status_code}"


def _is_int(converter) -> bool:
    return type(converter).__name__ == "DatabaseIntegerConverter"


def _some_value(converter) -> str:
    """A value the converter accepts: the first of an ``any(…)`` list, else a plain word."""
    items = getattr(converter, "items", None)
    return sorted(items)[0] if items else "x"


INT_RULES = [
    rule
    for rule in RULES
    if "GET" in (rule.methods or ()) and any(map(_is_int, rule._converters.values()))
]


@pytest.mark.parametrize("rule", INT_RULES, ids=lambda r: r.rule)
def test_ids_beyond_the_integer_column_are_not_found(client, login_as, area, rule):
    """2**31 does not fit PostgreSQL's integer: the converter answers 404 before any SQL runs."""
    login_as("admin", area)
    values = {
        name: 2**31 if _is_int(converter) else _some_value(converter)
        for name, converter in rule._converters.items()
    }
    url = rule.build(values, append_unknown=False)[1]
    assert "2147483648" in url
    assert client.get(url).status_code == 404, url
