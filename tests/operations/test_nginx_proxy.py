"""deploy/nginx/teilhabe.conf in a running nginx: forwarded headers, /metrics, body limit, static files."""

from __future__ import annotations

import json
import os
import re
import shutil
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from app import ROOT_DIR
from tests.conftest import free_port
from tests.operations.test_deploy import NGINX_SITE

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


class Echo(BaseHTTPRequestHandler):
    """A stand-in app server that answers with the headers it received."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    if NGINX is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed (CI installs the Debian package nginx in .ci/run)")
        pytest.skip("nginx is not installed (apt-get install nginx): the proxy test is not run")
    folder = tmp_path_factory.mktemp("nginx")
    backend = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=teilhabe.test",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    http_port, https_port = free_port(), free_port()
    site = NGINX_SITE.read_text()
    site = re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.MULTILINE)  # no IPv6 needed here
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
    site = re.sub(r"server 127\.0\.0\.1:800[01][^;]*;", f"server 127.0.0.1:{backend.server_port};", site, count=1)
    site = re.sub(r"^\s*server 127\.0\.0\.1:800[01][^;]*;$", "", site, flags=re.MULTILINE)
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {certificate};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    site = site.replace("/srv/teilhabe/app/", f"{ROOT_DIR}/")
    (folder / "teilhabe.conf").write_text(site)
    (folder / "logs").mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the checkout's static files
    (folder / "nginx.conf").write_text(
        f"{user}daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/logs/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
        f"  include {folder}/teilhabe.conf;\n}}\n"
    )
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")], stderr=subprocess.PIPE)
    base = f"https://127.0.0.1:{https_port}"
    trust = ssl.create_default_context(cafile=str(certificate))  # the test's own certificate, checked
    for _ in range(100):
        assert process.poll() is None, process.stderr.read().decode()
        try:
            httpx.get(base + "/", verify=trust, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield {"https": base, "http": f"http://127.0.0.1:{http_port}", "trust": trust}
    process.terminate()
    process.wait(timeout=10)
    backend.shutdown()


def get(proxy, path, **kwargs):
    return httpx.get(proxy["https"] + path, verify=proxy["trust"], timeout=10, **kwargs)


def test_forwarded_headers_come_from_nginx_not_from_the_client(proxy):
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "http", "X-Forwarded-Host": "evil.example"}
    seen = get(proxy, "/netzwerke", headers=forged).json()["headers"]
    assert seen["x-forwarded-for"] == "127.0.0.1"  # the connecting address, the forged one dropped
    assert seen["x-forwarded-proto"] == "https"
    assert seen["x-forwarded-host"] == "127.0.0.1"
    assert "203.0.113.9" not in json.dumps(seen) and "evil.example" not in json.dumps(seen)


def test_plain_http_is_redirected_to_https(proxy):
    response = httpx.get(proxy["http"] + "/netzwerke", timeout=10)
    assert response.status_code == 301
    assert response.headers["location"].startswith("https://")


def test_metrics_are_not_reachable_through_the_proxy(proxy):
    response = get(proxy, "/metrics", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 404
    assert "path" not in response.text  # answered by nginx, the app server never saw it


def test_bodies_over_max_content_length_are_refused_by_nginx(proxy):
    def post(size: int):
        return httpx.post(proxy["https"] + "/anmelden", content=b"x" * size, verify=proxy["trust"], timeout=10)

    assert post(1024 * 1024 + 1).status_code == 413
    small = post(1000)
    assert small.status_code == 200 and small.json()["path"] == "/anmelden"


def test_static_files_are_served_from_disk(proxy):
    response = get(proxy, "/static/favicon.svg")
    assert response.status_code == 200
    assert response.content == (ROOT_DIR / "app" / "static" / "favicon.svg").read_bytes()
