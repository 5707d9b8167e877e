"""Build the static assets the pages load: one CSS bundle, two font subsets, app.js, favicon.

    .venv/bin/python -m app.assets.build        (run by `make assets`, after `npm run build:css`)

Input: the KERN stylesheet with unused rules already removed by PurgeCSS (.build/css/), our
app/static/css/app.css and js/app.js, and two Fira Sans weights from the KERN package.
Output in app/static/build/ (not in git, rebuilt by make when a source changes):

- fonts: Fira Sans 400 and 600 cut by fontTools' subsetter (pyftsubset) to Latin, Latin-1
  and Latin Extended-A (German text plus the names of members from neighbouring countries),
  woff2; the SemiBold face serves weights 500 to 700,
- app.css: @font-face rules (font-display: swap) + purged KERN + app.css,
- every file named after its content (name.<hash>.ext), so it can be cached for a year,
- gzip and brotli copies next to each text file (served by WhiteNoise as they are),
- manifest.json mapping the logical name ("app.css") to the hashed one.

Needs no network: only files installed by npm and pip.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

import brotli
from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent.parent
STATIC = ROOT / "app" / "static"
OUTPUT = STATIC / "build"
PURGED_KERN = ROOT / ".build" / "css" / "kern.min.css"
KERN_CSS = ROOT / "node_modules" / "@kern-ux" / "native" / "dist" / "kern.min.css"
FONT_DIR = KERN_CSS.parent / "fonts" / "fira-sans"
MANIFEST = "manifest.json"

# Two weights: Regular for body text, SemiBold for everything KERN sets heavier (labels and
# headings at 600, sublines and display headings at 500, our brand at 700): the SemiBold face
# covers the range 500-700, so no emphasis falls back to the regular face.
FONTS = {"400": "FiraSans-Regular.woff2", "500 700": "FiraSans-SemiBold.woff2"}
FONT_FILES = {"400": "fonts/fira-sans-400.woff2", "500 700": "fonts/fira-sans-600.woff2"}
# Basic Latin, Latin-1 (ä ö ü ß), Latin Extended-A (ł š ő ...), ẞ, general punctuation
# („ “ – … ‹ ›), € and the few symbols KERN text uses.
UNICODES = "U+0000-017F,U+0192,U+0218-021B,U+02C6,U+02DA,U+02DC,U+1E9E,U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212"
COMPRESSIBLE = {".css", ".js", ".svg", ".json"}


def content_name(name: str, data: bytes) -> str:
    """ "fonts/fira-sans-400.woff2" -> "fonts/fira-sans-400.1a2b3c4d5e.woff2"."""
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem, _, ext = name.rpartition(".")
    return f"{stem}.{digest}.{ext}"


def subset_font(source: Path) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "font.woff2"
        subset.main(
            [
                str(source),
                f"--unicodes={UNICODES}",
                "--flavor=woff2",
                "--layout-features=kern,liga,calt,ccmp,locl,mark,mkmk",
                "--no-hinting",
                "--desubroutinize",
                "--name-IDs=1,2,3,4,6",
                f"--output-file={target}",
            ]
        )
        return target.read_bytes()


def top_level_rules(css: str) -> list[tuple[str, str]]:
    """(prelude, body) of each top-level block of minified CSS; nested blocks stay in body."""
    rules, depth, start, prelude = [], 0, 0, ""
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:index].strip(), index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                rules.append((prelude, css[start:index]))
                start = index + 1
        elif char == ";" and depth == 0:
            start = index + 1  # @charset, @import
    return rules


def restore_token_rules(original: str, purged: str) -> str:
    """Put back the rules that only set KERN's design tokens (custom properties).

    PurgeCSS drops `:is(body, .kern-light, ...):not([class*=kern-level-]) {--kern-...}`
    because of the classes inside :is() that no page uses, although it matches <body> and
    carries every *-contextual colour; without it all colours fall back to KERN's defaults.
    """
    missing = []
    for prelude, body in top_level_rules(original):
        if prelude.startswith("@") or "{" in body:
            continue
        declarations = [part.strip() for part in body.split(";") if part.strip()]
        if declarations and all(part.startswith("--") for part in declarations):
            rule = f"{prelude}{{{body}}}"
            if rule not in purged:
                missing.append(rule)
    return "\n".join(missing) + "\n" + purged


def font_face_css(font_names: dict[str, str]) -> str:
    rules = []
    for weight, name in font_names.items():
        rules.append(
            "@font-face{font-family:'Fira Sans';font-style:normal;"
            f"font-weight:{weight};font-display:swap;"
            f"src:url('{name}') format('woff2')}}"
        )
    return "\n".join(rules) + "\n"


class Builder:
    def __init__(self, output: Path) -> None:
        self.output = output
        self.manifest: dict[str, str] = {}

    def write(self, name: str, data: bytes) -> str:
        hashed = content_name(name, data)
        target = self.output / hashed
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if target.suffix in COMPRESSIBLE:
            target.with_name(target.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
            target.with_name(target.name + ".br").write_bytes(brotli.compress(data, quality=11))
        self.manifest[name] = hashed
        return hashed

    def build(self) -> dict[str, str]:
        if not PURGED_KERN.is_file():
            raise SystemExit(f"{PURGED_KERN} is missing: run `npm run build:css` first (make assets does).")
        fonts = {}
        for weight, filename in FONTS.items():
            hashed = self.write(FONT_FILES[weight], subset_font(FONT_DIR / filename))
            fonts[weight] = hashed
        # The bundle sits at the top of build/, so the font URLs are relative to it.
        css = "\n".join(
            [
                font_face_css(fonts),
                restore_token_rules(KERN_CSS.read_text(encoding="utf-8"), PURGED_KERN.read_text(encoding="utf-8")),
                (STATIC / "css" / "app.css").read_text(encoding="utf-8"),
            ]
        )
        self.write("app.css", css.encode("utf-8"))
        self.write("app.js", (STATIC / "js" / "app.js").read_bytes())
        self.write("favicon.svg", (STATIC / "favicon.svg").read_bytes())
        manifest = json.dumps(self.manifest, indent=2, sort_keys=True) + "\n"
        (self.output / MANIFEST).write_text(manifest, encoding="utf-8")
        return self.manifest


def build(output: Path = OUTPUT) -> dict[str, str]:
    """Build into a fresh folder and swap it in, so a running server never sees half a build."""
    staging = output.with_name(output.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    manifest = Builder(staging).build()
    old = output.with_name(output.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if output.exists():
        output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)
    return manifest


def main() -> None:
    manifest = build()
    for name, hashed in sorted(manifest.items()):
        size = (OUTPUT / hashed).stat().st_size
        print(f"{name:32} {hashed:48} {size:>8} bytes", file=sys.stdout)


if __name__ == "__main__":
    main()
