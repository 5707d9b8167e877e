"""URL converters for every route: bounded ids, no NUL bytes in path values.

Registered in create_app before any blueprint, under the names Flask uses by default
(`int`, `default`/`string`, `path`), so every route — today's and tomorrow's — gets them
without a special spelling. An id above PostgreSQL's INTEGER range (2^31-1) or a NUL byte in a
path segment never reaches the database: the URL does not match, the answer is 404.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter

MAX_ID = 2**31 - 1  # the largest value of an SQL INTEGER column (PostgreSQL `integer`, SQLite ids)


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` limited to 0 … 2^31-1 (at most ten digits, so no huge numbers are parsed)."""

    regex = r"\d{1,10}"

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        kwargs["max"] = min(kwargs["max"], MAX_ID)
        super().__init__(map, *args, **kwargs)


class TextConverter(UnicodeConverter):
    """`<name>` / `<string:name>`: one path segment without NUL (PostgreSQL refuses NUL in text)."""

    def __init__(self, map, minlength: int = 1, maxlength: int | None = None, length: int | None = None) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", "[^/\\x00]")


class SafePathConverter(PathConverter):
    """`<path:name>` without NUL bytes."""

    regex = "[^/\\x00][^\\x00]*?"  # werkzeug's own (`[^/].*?`), NUL excluded


def register(app: Flask) -> None:
    """Replace Flask's converters app-wide; call before routes are added."""
    converters = app.url_map.converters
    converters["int"] = BoundedIntConverter
    converters["id"] = BoundedIntConverter
    converters["default"] = TextConverter
    converters["string"] = TextConverter
    converters["path"] = SafePathConverter
