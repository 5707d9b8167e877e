"""Reading member lists as German offices keep them: CSV from Excel (UTF-8, BOM or Windows-1252,
';' or ',') and XLSX. Every cell comes back as text; nothing is stored here."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError

XLSX_MAGIC = b"PK\x03\x04"


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; anything that is not UTF-8 is read as Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") >= first.count(",") and ";" in first else ","


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_csv(data: bytes) -> list[list[str]]:
    text = decode_csv(data).replace("\x00", "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return [[cell.strip() for cell in row] for row in reader]


def read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise DomainError(str(_l("Die Excel-Datei konnte nicht gelesen werden.")), field="file") from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value).replace("\x00", "") for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(filename: str, data: bytes, max_rows: int) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the first sheet; empty rows dropped, every row as long as the header."""
    if not data:
        raise DomainError(str(_l("Die Datei ist leer.")), field="file")
    is_xlsx = data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx")
    rows = read_xlsx(data) if is_xlsx else read_csv(data)
    rows = [row for row in rows if any(cell for cell in row)]
    if len(rows) < 2:
        raise DomainError(
            str(_l("Die Datei braucht eine Kopfzeile und mindestens eine Zeile mit Daten.")), field="file"
        )
    header = [cell[:100] for cell in rows[0]]
    body = rows[1:]
    if len(body) > max_rows:
        raise DomainError(
            str(_l("Die Datei hat %(count)s Zeilen; höchstens %(max)s sind möglich.", count=len(body), max=max_rows)),
            field="file",
        )
    width = len(header)
    return header, [(row + [""] * width)[:width] for row in body]
