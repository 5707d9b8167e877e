"""The English catalog: compile it for the test run and extract the msgids from the sources.

messages.mo is a build artefact (not in git): `make setup` compiles it for `make run`, and the
test session compiles it again from the .po, so a test never sees a missing or stale catalog.
"""

from __future__ import annotations

import fnmatch
import io
import os
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PO_FILE = ROOT / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def read_catalog() -> Catalog:
    with PO_FILE.open("rb") as po:
        return read_po(po, locale="en")


def compile_catalog() -> None:
    """Write messages.mo from the .po unless it is already identical (atomic: xdist workers may race)."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog())
    compiled = buffer.getvalue()
    if MO_FILE.exists() and MO_FILE.read_bytes() == compiled:
        return
    handle, temporary = tempfile.mkstemp(dir=MO_FILE.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as mo:
        mo.write(compiled)
    os.replace(temporary, MO_FILE)


def msgid_key(message: str | tuple[str, ...]) -> str:
    """A catalog is keyed by the singular msgid (ngettext gives a (singular, plural) tuple)."""
    return message if isinstance(message, str) else message[0]


def ignore_dirs() -> list[str]:
    """The folder patterns `make translations` passes to pybabel --ignore-dirs (Makefile)."""
    for line in (ROOT / "Makefile").read_text().splitlines():
        if line.startswith("BABEL_IGNORE_DIRS :="):
            return line.split(":=", 1)[1].split()
    raise AssertionError("BABEL_IGNORE_DIRS is missing in the Makefile")


def directory_filter(path: str) -> bool:
    """As pybabel's --ignore-dirs: Babel's default would skip every folder starting with "_"."""
    name = os.path.basename(path)
    return not any(fnmatch.fnmatch(name, pattern) for pattern in ignore_dirs())


def extract_messages() -> dict[str, list[str]]:
    """Every msgid in the sources (babel.cfg, as `make translations` does) with its locations."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config, filename="babel.cfg")
    found: dict[str, list[str]] = {}
    extracted = extract_from_dir(str(ROOT), method_map, options_map, directory_filter=directory_filter)
    for filename, lineno, message, _comments, _context in extracted:
        found.setdefault(msgid_key(message), []).append(f"{filename}:{lineno}")
    return found
