"""`make run` writes a development .env so the README's `flask --app wsgi ...` commands work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.core.devenv import write_dev_env

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"TEILHABE_ENV", "SECRET_KEY", "FLASK_APP"}}
    env["PYTHONPATH"] = str(REPO)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'dev.sqlite3'}"
    return env


def test_write_dev_env_generates_a_secret_once(tmp_path):
    path = tmp_path / ".env"
    assert write_dev_env(path) is True
    first = path.read_text()
    assert "TEILHABE_ENV=development" in first
    secret = next(line for line in first.splitlines() if line.startswith("SECRET_KEY="))
    assert len(secret.split("=", 1)[1]) >= 32
    assert write_dev_env(path) is False
    assert path.read_text() == first  # never overwritten
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_make_env_target_makes_the_readme_admin_command_work(tmp_path):
    env = _clean_env(tmp_path)
    make = subprocess.run(
        # -o: the virtualenv is there already; only the .env recipe runs, in a fresh folder.
        ["make", "-s", "-f", str(REPO / "Makefile"), f"VENV={BIN.parent}", "-o", f"{BIN.parent}/.installed", ".env"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert make.returncode == 0, make.stderr
    assert (tmp_path / ".env").exists()
    assert "SECRET_KEY=" in (tmp_path / ".env").read_text()

    flask = str(BIN / "flask")
    for args, stdin in (
        (["db", "upgrade"], None),
        (["accounts", "add", "chefin@example.org", "--role", "admin", "--password-stdin"], "Ein-langes-Passwort-77\n"),
    ):
        done = subprocess.run(
            [flask, "--app", "wsgi", *args],
            cwd=tmp_path,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "SECRET_KEY is not set" not in done.stderr


def test_gitignore_keeps_the_env_file_out_of_git():
    assert ".env" in (REPO / ".gitignore").read_text().splitlines()
