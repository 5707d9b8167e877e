"""deploy/: every flask command the systemd units run exists; the nginx site is valid and safe."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest

from app import ROOT_DIR, create_app
from config import Config, TestConfig

SYSTEMD = ROOT_DIR / "deploy" / "systemd"
NGINX_SITE = ROOT_DIR / "deploy" / "nginx" / "teilhabe.conf"


def exec_starts() -> list[tuple[str, list[str]]]:
    """(unit file name, argv) for every ExecStart= line of the units."""
    found = []
    for unit in sorted(SYSTEMD.glob("*.service")):
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart="):
                found.append((unit.name, shlex.split(line.removeprefix("ExecStart="))))
    return found


def flask_commands() -> list[tuple[str, list[str]]]:
    """The arguments after `flask --app wsgi` of every unit that runs the flask CLI."""
    commands = []
    for unit, argv in exec_starts():
        if Path(argv[0]).name == "flask":
            assert argv[1:3] == ["--app", "wsgi"], f"{unit}: flask must be called as `flask --app wsgi …`"
            commands.append((unit, argv[3:]))
    return commands


def test_units_cover_web_worker_and_periodic_commands():
    commands = {" ".join(args[:2]) for _, args in flask_commands()}
    assert {"outbox work", "outbox send", "privacy purge", "events remind", "backup --output"} <= commands
    web = dict(exec_starts())["teilhabe-web@.service"]
    assert Path(web[0]).name == "gunicorn"
    assert web[web.index("--config") + 1] == "gunicorn.conf.py"
    assert web[-1] == "wsgi:app" and (ROOT_DIR / "wsgi.py").is_file()
    for timer in SYSTEMD.glob("*.timer"):
        assert (SYSTEMD / timer.name.replace(".timer", ".service")).is_file(), f"{timer.name} has no service"


def command_path(cli: click.Group, args: list[str]) -> list[str]:
    """The leading words of `args` that name groups and the command (options come after)."""
    path, current = [], cli
    for word in args:
        if not isinstance(current, click.Group) or word.startswith("-"):
            break
        path.append(word)
        current = current.get_command(click.Context(current), word)
        if current is None:
            break
    return path


@pytest.mark.parametrize(("unit", "args"), flask_commands(), ids=[" ".join(a) for _, a in flask_commands()])
def test_unit_runs_an_existing_flask_command(unit, args):
    """The group's help lists the command, and its options are accepted (parsed, not run)."""
    app = create_app(TestConfig)
    runner = app.test_cli_runner()
    *groups, name = command_path(app.cli, args)
    listing = runner.invoke(args=[*groups, "--help"])
    assert listing.exit_code == 0, listing.output
    listed = re.findall(r"^  (\S+)", listing.output.split("Commands:")[1], flags=re.MULTILINE)
    help_call = " ".join(["flask", *groups, "--help"])
    assert name in listed, f"{unit}: `flask {' '.join(args)}`: `{name}` is not listed by `{help_call}`"
    # --help is handled after all options are parsed: an unknown option fails here.
    parsed = runner.invoke(args=[*args, "--help"])
    assert parsed.exit_code == 0, f"{unit}: {parsed.output}"


def test_nginx_sets_forwarded_headers_itself_and_matches_the_body_limit():
    site = NGINX_SITE.read_text()
    directives = [line.strip() for line in site.splitlines() if line.strip() and not line.strip().startswith("#")]
    # Set from the connection: a client-sent X-Forwarded-For is replaced, never appended to.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in directives
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in directives
    assert "proxy_set_header X-Forwarded-Host $host;" in directives
    assert "$proxy_add_x_forwarded_for" not in site and "$http_x_forwarded" not in site
    size = re.search(r"^\s*client_max_body_size (\d+)([km]?);", site, flags=re.MULTILINE)
    factor = {"": 1, "k": 1024, "m": 1024 * 1024}[size.group(2)]
    assert int(size.group(1)) * factor == Config.MAX_CONTENT_LENGTH
    assert "return 404;" in site.split("location = /metrics")[1].split("}")[0]


def test_nginx_site_passes_nginx_t(tmp_path):
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
    if nginx is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed (CI installs the Debian package nginx in .ci/run)")
        pytest.skip("nginx is not installed (apt-get install nginx): nginx -t not run")
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=teilhabe.test",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = NGINX_SITE.read_text()
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {certificate};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    (tmp_path / "teilhabe.conf").write_text(site)
    (tmp_path / "logs").mkdir()
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/teilhabe.conf;\n}}\n"
    )
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
