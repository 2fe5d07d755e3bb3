"""Properties of the published package: deterministic, fresh, readable by the reference tools."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, copy_inputs, run, tree_hashes


def test_rebuild_elsewhere_is_byte_identical(built, tmp_path):
    other = copy_inputs(tmp_path / "elsewhere")
    assert run("build", "--root", str(other)).exit_code == 0
    assert tree_hashes(other) == tree_hashes(built)
    assert (other / "docs" / "codebook.md").read_bytes() == (built / "docs" / "codebook.md").read_bytes()


def test_committed_outputs_are_fresh():
    """What is committed equals what the build produces from the committed inputs."""
    result = run("build", "--root", str(ROOT), "--check")
    assert result.exit_code == 0, result.stderr


def test_check_names_stale_outputs(project):
    path = project / "datasets" / "events.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    before = tree_hashes(project)
    result = run("build", "--root", str(project), "--check")
    assert result.exit_code == 1
    assert "stale: datasets/events.csv differs from what the build produces" in result.stderr
    assert tree_hashes(project) == before  # --check never publishes


def test_build_reports_row_counts(built, tmp_path):
    other = copy_inputs(tmp_path / "again")
    result = run("build", "--root", str(other))
    counts = dict(line.split()[:2] for line in result.output.splitlines())
    desc = json.loads((built / "datapackage.json").read_text())
    for res in desc["resources"]:
        if res["format"] == "csv" and not res["name"].startswith("vocab_"):
            n_lines = (built / res["path"]).read_text(encoding="utf-8").count("\n") - 1
            assert int(counts[res["name"]]) <= n_lines  # quoted multi-line cells may add lines
            assert int(counts[res["name"]]) > 0


def test_frictionless_reports_no_error(built):
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
                            cwd=built, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    errors = [e for task in report["tasks"] for e in task["errors"]] + report.get("errors", [])
    assert report["valid"] is True, errors[:5]
    assert result.returncode == 0


@pytest.fixture(scope="module")
def tables(built):
    desc = json.loads((built / "datapackage.json").read_text())
    con = duckdb.connect()
    resources = [r for r in desc["resources"] if r["format"] == "parquet"]
    for r in resources:
        name = r["name"].removesuffix("-parquet")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{built / r['path']}')")
    return con, resources


def test_duckdb_types_follow_the_schema(tables):
    con, resources = tables
    expected = {"date": "DATE", "integer": "BIGINT", "number": "DOUBLE", "string": "VARCHAR", "boolean": "BOOLEAN"}
    for r in resources:
        name = r["name"].removesuffix("-parquet")
        actual = dict(con.execute(f"SELECT column_name, data_type FROM information_schema.columns "
                                  f"WHERE table_name = '{name}'").fetchall())
        for f in r["schema"]["fields"]:
            assert actual[f["name"]] == expected[f["type"]], (name, f["name"], actual[f["name"]])


def test_duckdb_foreign_keys_have_no_orphans(tables):
    con, resources = tables
    checked = 0
    for r in resources:
        name = r["name"].removesuffix("-parquet")
        for fk in r["schema"].get("foreignKeys", []):
            ref = fk["reference"]["resource"].removesuffix("-parquet")
            on = " AND ".join(f"c.{a} = p.{b}" for a, b in zip(fk["fields"], fk["reference"]["fields"]))
            not_null = " AND ".join(f"c.{a} IS NOT NULL" for a in fk["fields"])
            orphans = con.execute(f"SELECT count(*) FROM {name} c WHERE {not_null} AND NOT EXISTS "
                                  f"(SELECT 1 FROM {ref} p WHERE {on})").fetchone()[0]
            assert orphans == 0, (name, fk)
            checked += 1
    assert checked > 20


def test_offsets_slice_the_source_in_duckdb(tables, built):
    """The documented recipe: substr(text, char_start + 1, char_end - char_start) gives back the span."""
    con, _ = tables
    rows = con.execute("SELECT source_id, path FROM sources").fetchall()
    con.execute("CREATE TABLE texts (source_id VARCHAR, body VARCHAR)")
    for sid, path in rows:
        con.execute("INSERT INTO texts VALUES (?, ?)", [sid, (built / path).read_text(encoding="utf-8")])
    bad = con.execute("SELECT count(*) FROM mentions m JOIN texts t USING (source_id) "
                      "WHERE substr(t.body, m.char_start + 1, m.char_end - m.char_start) <> m.text").fetchone()[0]
    total = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert total > 0 and bad == 0
