"""Password rules: 8–64 characters, not a common password, not the e-mail address."""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError

MIN_LENGTH = 8
# argon2 hashes any length, but a cap keeps hashing cheap against abuse (NIST allows ≥ 64).
MAX_LENGTH = 64
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
# 19,640 passwords most often found in public breaches (Royce Williams' list, as shipped by
# Django's CommonPasswordValidator, BSD licence): one per line, lower case, gzip.
BREACHED_PASSWORDS_FILE = Path(__file__).with_name("breached_passwords.txt.gz")
# The product's name and the README's public demo password are the first guesses against it.
PRODUCT_NAME = "teilhabe"
LEET = str.maketrans("013457@$!|", "oieastasil")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    lines += gzip.decompress(BREACHED_PASSWORDS_FILE.read_bytes()).decode("utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def contains_product_name(password: str) -> bool:
    """True for "Teilhabe2026", "T3ilh4be!", "Demo-Teilhabe-2026" and the like."""
    letters = re.sub(r"[^a-z]", "", password.casefold().translate(LEET))
    return PRODUCT_NAME in letters


def password_problem(password: str, email: str = "") -> str | None:
    """A German message why the password is not acceptable, or None."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return str(_l("Das Passwort muss mindestens %(n)s Zeichen lang sein.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Das Passwort darf höchstens %(n)s Zeichen lang sein.", n=MAX_LENGTH))
    folded = password.casefold()
    if folded in common_passwords():
        return str(_l("Dieses Passwort ist zu verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes."))
    if contains_product_name(password):
        return str(_l("Das Passwort darf den Namen dieser Anwendung („Teilhabe“) nicht enthalten."))
    email = (email or "").strip().casefold()
    if email and (folded == email or folded == email.split("@", 1)[0]):
        return str(_l("Das Passwort darf nicht Ihre E-Mail-Adresse sein."))
    if len(set(password)) < 3:
        return str(_l("Das Passwort besteht aus zu wenigen verschiedenen Zeichen."))
    return None


def check_new_password(password: str, email: str = "", field: str = "password") -> None:
    """Raise DomainError (at `field`) when the password breaks a rule."""
    problem = password_problem(password, email)
    if problem:
        raise DomainError(problem, field=field)
