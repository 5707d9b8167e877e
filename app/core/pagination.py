"""A small page object for lists (used by templates/_macros/ui.html `pagination`)."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

import sqlalchemy as sa

from app.extensions import db


@dataclass
class Page:
    """One page of results: `items` plus what the pagination macro needs."""

    items: list[Any]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        """1-based position of the first item on this page (0 when empty)."""
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.items) - 1 if self.items else 0

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to show: first, last and `around` either side of the current; None is a gap."""
        shown = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        result: list[int | None] = []
        for number in numbers:
            if result and number - result[-1] > 1:
                result.append(None)
            result.append(number)
        return result


def page_number(value: Any) -> int:
    """A page number from user input; anything invalid is page 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 100_000)


def paginate(query: sa.Select, number: int, per_page: int = 25, total: int | None = None) -> Page:
    """Run `query` for one page (a count query plus the page query); past the end shows the last page.

    A caller that already knows how many rows match passes `total` and saves the count query.
    """
    if total is None:
        total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, ceil(total / per_page))
    number = min(max(number, 1), pages)
    items = list(db.session.scalars(query.limit(per_page).offset((number - 1) * per_page)).unique())
    return Page(items=items, number=number, per_page=per_page, total=total)
