"""One way to answer with a file: CSV, XLSX, JSON, HTML or iCalendar, private and never cached."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from flask import current_app
from werkzeug.wrappers import Response

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "svg": "image/svg+xml; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(body: bytes | str, filename: str, *, attachment: bool = True) -> Response:
    """A private download named `filename` (its ending picks the type); `attachment=False` shows it inline."""
    kind = filename.rsplit(".", 1)[-1].lower()
    response = current_app.response_class(body, content_type=MIMETYPES[kind])
    if attachment:
        # The plain name for old clients, RFC 6266/5987 for names with umlauts.
        ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
        response.headers["Content-Disposition"] = (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
        )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def json_download(document: Any, filename: str) -> Response:
    """A JSON document as a readable, UTF-8 download."""
    return download(json.dumps(document, ensure_ascii=False, indent=2), filename)
