"""The shape of the house (README, Development): rules import-linter cannot express.

import-linter (`make lint`) keeps models and core free of features; these tests read the
source with `ast` for what it cannot see: `from flask import request` names an attribute,
not a module, and the view modules of a feature are listed in its package's VIEWS.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from app import BLUEPRINTS

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
MAX_LINES = 300


def _view_modules() -> set[str]:
    names = {"app.__init__"}
    for package_name, _prefix in BLUEPRINTS:
        package = importlib.import_module(f"app.{package_name}")
        names.update(f"app.{package_name}.{view}" for view in package.VIEWS)
    return names


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) pairs of every import in a file; name is "" for plain imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, "") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.extend((node.module, alias.name) for alias in node.names)
    return found


def _python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


VIEWS = _view_modules()
# Modules that are neither views nor domain: the CLI (thin commands), the web seam and hooks.
NOT_DOMAIN = {
    "app.cli",
    "app.core.web",
    "app.core.i18n",
    "app.core.permissions",
    "app.core.actions",
    "app.core.headers",
    "app.core.deferred",
    "app.core.converters",
    "app.metrics.http",
    "app.metrics.routes",
    "app.requestlog",
    "app.requestlog.__init__",
    "app.health.routes",
    "app.assets",
    "app.core.pagecache",
    "app.core.viewercache",
}
DOMAIN_FILES = [
    path
    for path in _python_files(APP)
    if _module_name(path) not in VIEWS
    and _module_name(path) not in NOT_DOMAIN
    and not path.name.startswith("cli")
    and path.parts[-2] != "models"
]


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: _module_name(p))
def test_domain_modules_import_neither_forms_nor_the_request(path: Path) -> None:
    offending = [
        f"{module}.{name}" if name else module
        for module, name in _imports(path)
        if module == "forms"
        or module.startswith("forms.")
        or (module == "flask" and name == "request")
        or module == "flask.request"
    ]
    assert not offending, f"{_module_name(path)} imports {offending}: pass values in from the route instead"


def test_features_do_not_import_each_others_views() -> None:
    offending = []
    for path in _python_files(APP):
        module = _module_name(path)
        feature = module.split(".")[1] if module.count(".") >= 2 else ""
        for imported, name in _imports(path):
            target = f"{imported}.{name}" if name else imported
            for view in VIEWS - {"app.__init__"}:
                if (target == view or imported == view) and view.split(".")[1] != feature:
                    offending.append(f"{module} -> {view}")
    assert not offending, offending


def test_no_module_is_longer_than_300_lines() -> None:
    long_modules = {
        _module_name(path): lines
        for folder in (APP, ROOT / "forms")
        for path in _python_files(folder)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long_modules, long_modules


def test_every_view_module_named_in_views_exists() -> None:
    for view in VIEWS - {"app.__init__"}:
        assert (ROOT / Path(*view.split("."))).with_suffix(".py").is_file(), view
