"""Without METRICS_TOKEN there is no /metrics at all (the default)."""

from __future__ import annotations

import pytest

from app import create_app
from config import TestConfig


@pytest.fixture
def metrics_token() -> str:
    return ""


def test_metrics_are_off_by_default():
    assert TestConfig.METRICS_TOKEN == ""
    app = create_app(TestConfig)
    assert "metrics.metrics" not in app.view_functions


def test_metrics_url_is_a_404_when_off(client):
    response = client.get("/metrics", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 404
    assert "teilhabe_" not in response.get_data(as_text=True)
