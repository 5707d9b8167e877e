"""Write the local development `.env` on the first `make run` (never overwrites one).

Only `make` sets TEILHABE_ENV=development; without this file the README's own commands
(`flask --app wsgi accounts add ...`) would run as production in a development checkout and
refuse to start for want of a SECRET_KEY. The file is git-ignored and read by `config.py`.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

HEADER = "# Written by `make run` for this development checkout (git-ignored). Never use in production.\n"


def write_dev_env(path: Path) -> bool:
    """Create `path` with a generated secret and the development environment; False if it exists."""
    if path.exists():
        return False
    content = f"{HEADER}TEILHABE_ENV=development\nSECRET_KEY={secrets.token_urlsafe(32)}\n"
    path.write_text(content, encoding="utf-8")
    path.chmod(0o600)
    return True


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else ".env")
    if write_dev_env(path):
        print(f"Wrote {path} (development settings with a generated SECRET_KEY).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
