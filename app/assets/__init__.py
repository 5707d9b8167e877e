"""Static assets: content-hashed files from `make assets`, served by WhiteNoise; compressed HTML.

Templates name an asset by its logical name, `asset_url('app.css')`; the manifest written by
app/assets/build.py turns it into `/static/build/app.<hash>.css`. WhiteNoise answers those
URLs before Flask sees the request (so no session, no `Vary: Cookie`), with the gzip or
brotli copy the browser accepts and `Cache-Control: public, max-age=31536000, immutable`:
a new build has new names, so a cached file never goes stale. HTML pages are compressed by
Flask-Compress.
"""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask, current_app, url_for
from flask_compress import Compress
from whitenoise import WhiteNoise

BUILD_DIR = Path(__file__).resolve().parent.parent / "static" / "build"
URL_PREFIX = "/static/build/"
IMMUTABLE = "public, max-age=31536000, immutable"

compress = Compress()


class AssetsNotBuilt(RuntimeError):
    """The manifest is missing: the assets were not built (`make assets`)."""


class Manifest:
    """Logical name -> hashed file name; re-read when the file changes (development rebuilds)."""

    def __init__(self, path: Path, watch: bool) -> None:
        self.path = path
        self.watch = watch
        self._mtime: float | None = None
        self._names: dict[str, str] = {}

    def names(self) -> dict[str, str]:
        if self._mtime is None or self.watch:
            try:
                mtime = self.path.stat().st_mtime
            except FileNotFoundError:
                raise AssetsNotBuilt(f"{self.path} is missing: build the assets with `make assets`.") from None
            if mtime != self._mtime:
                self._names = json.loads(self.path.read_text(encoding="utf-8"))
                self._mtime = mtime
        return self._names

    def url_path(self, name: str) -> str:
        try:
            return self.names()[name]
        except KeyError:
            raise AssetsNotBuilt(f"No asset named {name!r} in {self.path} (see app/assets/build.py).") from None


def asset_url(name: str) -> str:
    """URL of a built asset by its logical name, e.g. asset_url('app.css')."""
    manifest: Manifest = current_app.extensions["teilhabe_assets"]
    return url_for("static", filename="build/" + manifest.url_path(name))


def _immutable(headers, path: str, url: str) -> None:
    # Every file in build/ is named after its content; only the manifest is not.
    if not url.endswith("/" + "manifest.json"):
        headers["Cache-Control"] = IMMUTABLE


def init_app(app: Flask) -> None:
    build_dir = Path(app.config.get("ASSET_BUILD_DIR") or BUILD_DIR)
    app.extensions["teilhabe_assets"] = Manifest(build_dir / "manifest.json", watch=app.debug)
    app.jinja_env.globals["asset_url"] = asset_url
    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=str(build_dir),
        prefix=URL_PREFIX,
        autorefresh=app.debug,
        max_age=0,
        add_headers_function=_immutable,
    )
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    compress.init_app(app)
