"""Log formatters (text, JSON) that never let CR/LF from a message start a new line."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

REQUEST_FIELDS = ("method", "path", "endpoint", "status", "duration_ms", "cached")


def escape_line_breaks(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


class TextFormatter(logging.Formatter):
    """`2026-01-01T10:00:00Z INFO [request-id] logger: message`; tracebacks indented below."""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        line = (
            f"{when} {record.levelname} [{getattr(record, 'request_id', '-')}] {record.name}: "
            f"{escape_line_breaks(record.getMessage())}"
        )
        if record.exc_info:
            trace = self.formatException(record.exc_info)
            # Continuation lines start with "  | ": they can never pass for a log line of their own.
            line += "".join(f"\n  | {escape_line_breaks(part)}" for part in trace.splitlines())
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line (LOG_FORMAT=json); JSON escapes every control character."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat().replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_logging(log_format: str, level: str) -> None:
    """Root handler with the chosen format (once per process; later calls adjust it)."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, StderrHandler)), None)
    if handler is None:
        handler = StderrHandler()
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root.setLevel(level.upper())
