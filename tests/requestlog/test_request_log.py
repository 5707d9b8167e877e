"""One log line per request with a request id; JSON format; no forged lines from user input."""

from __future__ import annotations

import json
import logging

from app.requestlog.formatting import JsonFormatter, TextFormatter


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "teilhabe.request"]


def test_one_line_per_request_with_a_generated_request_id(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/")
    [line] = request_lines(caplog)
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    assert line.request_id == request_id
    assert (line.method, line.path, line.status) == ("GET", "/", 200)
    assert line.getMessage().startswith("GET / 200 ")


def test_a_well_formed_incoming_request_id_is_kept_and_stamped_on_every_line(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/netzwerke/", headers={"X-Request-ID": "lb-4711.abc"})
    assert response.headers["X-Request-ID"] == "lb-4711.abc"
    made_in_request = [r for r in caplog.records if r.request_id != "-"]
    assert made_in_request and all(r.request_id == "lb-4711.abc" for r in made_in_request)


def test_a_hostile_request_id_is_replaced(client):
    response = client.get("/", headers={"X-Request-ID": "x" * 65})
    assert response.headers["X-Request-ID"] != "x" * 65 and len(response.headers["X-Request-ID"]) == 32
    response = client.get("/", headers={"X-Request-ID": "a b<script>"})
    assert "<" not in response.headers["X-Request-ID"]


def test_tokens_in_paths_stay_out_of_the_log(client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/passwort-zuruecksetzen/geheimes-token-123")
    [line] = request_lines(caplog)
    assert "geheimes-token-123" not in line.getMessage()
    assert line.path == "/passwort-zuruecksetzen/<token>"


def test_crlf_in_a_crafted_path_cannot_forge_a_log_line(client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/nichts%0D%0A2026-01-01T00:00:00Z INFO [x] forged: admin logged in")
    [line] = request_lines(caplog)
    assert line.status == 404
    for formatter in (TextFormatter(), JsonFormatter()):
        formatted = formatter.format(line)
        assert "\n" not in formatted and "\r" not in formatted
    assert "\\r\\n2026-01-01" in TextFormatter().format(line)


def test_json_lines_carry_the_request_fields(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/", headers={"X-Request-ID": "abc-1"})
    [line] = request_lines(caplog)
    entry = json.loads(JsonFormatter().format(line))
    assert entry["request_id"] == "abc-1" == response.headers["X-Request-ID"]
    assert entry["method"] == "GET" and entry["status"] == 200 and entry["path"] == "/"
    assert entry["level"] == "INFO" and entry["logger"] == "teilhabe.request"
    assert isinstance(entry["duration_ms"], float)


def test_tracebacks_are_indented_below_their_line():
    try:
        raise ValueError("böse\nZeile")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Fehler\r\nforged", None, exc_info=True)
        import sys

        record.exc_info = sys.exc_info()
    text = TextFormatter().format(record)
    first, *rest = text.split("\n")
    assert first.endswith("Fehler\\r\\nforged")
    assert rest and all(part.startswith("  | ") for part in rest)
