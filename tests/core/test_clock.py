"""Dates shown and checked are German dates, whatever the server's time zone."""

from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time

from app.models import today_in_germany


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        ("2026-12-02T22:59:59Z", date(2026, 12, 2)),  # winter: UTC+1
        ("2026-12-02T23:00:00Z", date(2026, 12, 3)),
        ("2026-06-30T21:59:59Z", date(2026, 6, 30)),  # summer: UTC+2
        ("2026-06-30T22:00:00Z", date(2026, 7, 1)),
        ("2026-12-31T23:30:00Z", date(2027, 1, 1)),  # the year changes too
    ],
)
def test_today_in_germany(instant, expected):
    with freeze_time(instant):
        assert today_in_germany() == expected
