"""`datapkg release`: a deterministic, self-checking zip that validates wherever it is unzipped; CITATION.cff in
sync with schema/package.yaml."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run
from datapkg.citation import render_citation
from datapkg.release import metadata_problems
from datapkg.yamlio import load_yaml, strip_lines

RELEASE_EXTRAS = ("LICENSE", "LICENSE-DATA.md", "CITATION.cff")


@pytest.fixture
def releasable(project) -> Path:
    for name in RELEASE_EXTRAS:
        shutil.copy(ROOT / name, project / name)
    return project


def release(root: Path, out: Path) -> Path:
    result = run("release", "--root", str(root), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    path = out / f"{desc['name']}-{desc['version']}.zip"
    assert str(path) in result.stdout
    return path


def test_release_unzipped_elsewhere_passes_validate(releasable, tmp_path):
    path = release(releasable, tmp_path / "out")
    elsewhere = tmp_path / "elsewhere"
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        zf.extractall(elsewhere)
    desc = json.loads((elsewhere / "datapackage.json").read_text(encoding="utf-8"))
    sources = [s["path"] for s in desc["sources"]]
    expected = {"datapackage.json", "docs/codebook.md", "sources/manifest.yaml", "SHA256SUMS", *RELEASE_EXTRAS,
                *[r["path"] for r in desc["resources"]], *sources}
    assert set(names) == expected
    assert names == sorted(names)
    result = run("validate", str(elsewhere))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("valid")
    # The provenance check really ran against the shipped sources: damage one and validation fails.
    victim = elsewhere / sources[0]
    victim.write_bytes(victim.read_bytes().replace(b"a", b"o", 1))
    result = run("validate", str(elsewhere))
    assert result.exit_code == 1
    assert "was edited" in result.stdout


def test_release_checksums_cover_every_file(releasable, tmp_path):
    path = release(releasable, tmp_path)
    with zipfile.ZipFile(path) as zf:
        listed = {}
        for line in zf.read("SHA256SUMS").decode("utf-8").splitlines():
            digest, name = line.split("  ", 1)
            listed[name] = digest
        others = [n for n in zf.namelist() if n != "SHA256SUMS"]
        assert sorted(listed) == sorted(others)
        for name in others:
            assert hashlib.sha256(zf.read(name)).hexdigest() == listed[name], name


def test_release_is_byte_identical_and_fixed(releasable, tmp_path):
    first = release(releasable, tmp_path / "a").read_bytes()
    (releasable / "LICENSE").touch()  # a newer mtime must not matter
    second = release(releasable, tmp_path / "b")
    assert second.read_bytes() == first
    created = json.loads((releasable / "datapackage.json").read_text(encoding="utf-8"))["created"]
    with zipfile.ZipFile(second) as zf:
        for info in zf.infolist():
            assert info.date_time[:3] == tuple(int(p) for p in created[:10].split("-")), info.filename
            assert info.external_attr >> 16 == 0o100644, info.filename


def test_release_refuses_an_invalid_package(releasable, tmp_path):
    csv = releasable / "datasets" / "events.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("occurred", "occured", 1), encoding="utf-8")
    result = run("release", "--root", str(releasable), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "datasets/events.csv" in result.stderr and "fix and rebuild" in result.stderr
    assert not list(tmp_path.glob("*.zip"))


def test_release_names_missing_files_and_stale_citation(releasable, tmp_path):
    (releasable / "LICENSE-DATA.md").unlink()
    result = run("release", "--root", str(releasable), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert f"{releasable / 'LICENSE-DATA.md'}: missing" in result.stderr
    shutil.copy(ROOT / "LICENSE-DATA.md", releasable)
    cff = releasable / "CITATION.cff"
    cff.write_text(cff.read_text(encoding="utf-8").replace("version: ", "version: 9"), encoding="utf-8")
    result = run("release", "--root", str(releasable), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "CITATION.cff: out of date" in result.stderr
    result = run("release", "--root", str(releasable), "--out", str(tmp_path), "--write-citation")
    assert result.exit_code == 0, result.stderr
    assert cff.read_text(encoding="utf-8") == (ROOT / "CITATION.cff").read_text(encoding="utf-8")


def test_metadata_problems_say_what_is_missing():
    desc = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert metadata_problems(desc) == []
    broken = {**desc, "version": "1.0", "licenses": [{"name": "MIT"}], "contributors": []}
    del broken["created"]
    problems = "\n".join(metadata_problems(broken))
    assert "version '1.0' is not semantic" in problems
    assert "created None is not an ISO 8601 date-time" in problems
    assert "no data licence" in problems
    assert "contributors must name at least one author" in problems


def test_citation_cff_is_in_sync_with_package_yaml():
    meta = strip_lines(load_yaml(ROOT / "schema" / "package.yaml"))
    committed = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert committed == render_citation(meta), "CITATION.cff is stale: run `datapkg release --write-citation`"
    cff = yaml.safe_load(committed)
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == meta["version"] and cff["title"] == meta["title"]
    assert cff["date-released"] == str(meta["created"])[:10]
    assert cff["authors"] and all(a.get("name") or a.get("family-names") for a in cff["authors"])
    assert set(cff["license"]) == {lic["name"] for lic in meta["licenses"]}
