"""Shared fixtures: a copy of the project built once per session, and helpers to damage copies of it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from datapkg.cli import app

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("schema", "sources", "annotations", "docs")


def copy_inputs(dest: Path) -> Path:
    for name in INPUTS:
        shutil.copytree(ROOT / name, dest / name)
    return dest


def run(*args: str):
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def tree_hashes(root: Path) -> dict[str, str]:
    files = [*sorted((root / "datasets").glob("*")), root / "datapackage.json"]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The project's inputs, built once. Treat as read-only: copy it with `project` to change anything."""
    root = copy_inputs(tmp_path_factory.mktemp("built"))
    result = run("build", "--root", str(root))
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A private copy of the built project, safe to damage."""
    dest = tmp_path / "project"
    shutil.copytree(built, dest, symlinks=True)
    return dest


def edit_annotations(root: Path, source_id: str, change) -> str:
    """Load annotations/<source_id>.yaml, apply `change(doc)`, write it back; returns the new text."""
    path = root / "annotations" / f"{source_id}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing `needle`."""
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in text")
