"""Survey tests: a request context, so translated labels and messages can be rendered."""

import pytest


@pytest.fixture
def in_request(app):
    with app.test_request_context():
        yield
