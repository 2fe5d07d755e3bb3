"""The corruption suite: every kind of damage in benchmarks/corruptions.py makes `datapkg validate` exit 1 with a
problem that names the damaged file (and column) and the reason. Runs on a small synthetic package built with
the project's own writers, and a few kinds on the real package."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run

sys.path.insert(0, str(ROOT))

from benchmarks.corruptions import KINDS, Damage, edit_csv_cells, read, write  # noqa: E402
from benchmarks.synth import write_package  # noqa: E402

REAL_PACKAGE_KINDS = ("span_offsets_shifted", "source_edited_hash_fixed", "unknown_vocabulary",
                      "parquet_flipped_byte_hash_fixed", "csv_ragged_row", "orphan_foreign_key")


@pytest.fixture(scope="session")
def pristine(tmp_path_factory) -> Path:
    """A valid synthetic package (600 mentions over 4 sources, with their texts). Read-only: copy it."""
    pkg = tmp_path_factory.mktemp("synthetic") / "pkg"
    write_package(pkg, 600)
    return pkg


def copy(src: Path, tmp_path: Path) -> Path:
    pkg = tmp_path / "pkg"
    shutil.copytree(src, pkg, symlinks=True)
    return pkg


def problems_after(damage: Damage, pkg: Path) -> tuple[object, list[dict]]:
    expect = damage.apply(pkg)
    result = run("validate", str(pkg), "--json")
    assert result.exit_code == 1, f"{damage.name}: exit {result.exit_code}\n{result.output[-2000:]}"
    return expect, json.loads(result.output)["problems"]


def test_synthetic_package_is_valid(pristine):
    result = run("validate", str(pristine), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["rows"]["mentions"] == 600 and report["rows"]["statements"] > 0


def test_rewriting_unchanged_keeps_the_package_valid(pristine, tmp_path):
    """The damage helpers themselves add no damage: a table rewritten as it was, hashes updated, stays valid."""
    pkg = copy(pristine, tmp_path)
    before = (pkg / "datasets" / "events.parquet").read_bytes()
    write(pkg, "events", read(pkg, "events"))
    edit_csv_cells(pkg, "mentions", lambda df: df)
    assert (pkg / "datasets" / "events.parquet").read_bytes() == before
    result = run("validate", str(pkg))
    assert result.exit_code == 0, result.output


def test_suite_is_large_and_named_uniquely():
    names = [d.name for d in KINDS]
    assert len(names) == len(set(names)) >= 25


@pytest.mark.parametrize("damage", KINDS, ids=[d.name for d in KINDS])
def test_damage_is_caught_and_named(pristine, tmp_path, damage):
    expect, problems = problems_after(damage, copy(pristine, tmp_path))
    assert any(expect.matches(p) for p in problems), f"{damage.name}: expected {expect}, got {problems[:5]}"


@pytest.mark.parametrize("damage", [d for d in KINDS if d.name in REAL_PACKAGE_KINDS], ids=lambda d: d.name)
def test_damage_to_the_real_package_is_caught(project, damage):
    expect, problems = problems_after(damage, project)
    assert any(expect.matches(p) for p in problems), f"{damage.name}: expected {expect}, got {problems[:5]}"
