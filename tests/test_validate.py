"""`datapkg validate`: exit 0 on a valid package, 1 with a located reason on a damaged one, 2 on misuse."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run


def damage_byte(path: Path, offset_from_middle: int = 0) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2 + offset_from_middle] ^= 0xFF
    path.write_bytes(bytes(data))


def test_valid_package(built):
    result = run("validate", str(built))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("valid — ")


def test_json_report(built):
    result = run("validate", str(built), "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["valid"] is True and report["problems"] == []
    assert report["rows"]["events"] > 0 and report["files_checked"] >= 2 * len(report["rows"])


def test_tampered_parquet(project):
    damage_byte(project / "datasets" / "events.parquet")
    result = run("validate", str(project), "--json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    assert any(p["file"] == "datasets/events.parquet" and p["check"] == "hash" for p in problems), problems


def test_tampered_parquet_with_matching_hash_is_still_caught(project):
    """A rewritten Parquet file whose hash was updated too: the values are checked, not just the hash."""
    import polars as pl
    import pyarrow.parquet as pq

    from datapkg.contract import table_from_table_schema
    from datapkg.fingerprint import sha256
    from datapkg.publish import write_parquet

    desc = json.loads((project / "datapackage.json").read_text())
    res = next(r for r in desc["resources"] if r["name"] == "events-parquet")
    table = table_from_table_schema("events", "", "", res["schema"])
    path = project / res["path"]
    df = pl.from_arrow(pq.read_table(path)).with_columns(pl.col(pl.Categorical).cast(pl.Utf8))
    df = df.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("Changed title")).otherwise(pl.col("title")).alias("title"))
    write_parquet(table, df, path)
    res["hash"] = "sha256:" + sha256(path)
    (project / "datapackage.json").write_text(json.dumps(desc))
    result = run("validate", str(project))
    assert result.exit_code == 1
    assert "datasets/events.csv: row 0: column title: CSV has" in result.output
    assert "'Changed title'" in result.output


def test_tampered_csv(project):
    path = project / "datasets" / "actors.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Vladimir Putin", "Vladimir Poutin", 1), encoding="utf-8")
    result = run("validate", str(project))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(l.startswith("datasets/actors.csv: sha256 ") and "does not match" in l for l in lines), lines
    assert any("column name: CSV has 'Vladimir Poutin' but Parquet has 'Vladimir Putin'" in l for l in lines), lines


def test_resource_path_escaping_the_package(project):
    desc = json.loads((project / "datapackage.json").read_text())
    desc["resources"][0]["path"] = "../outside.csv"
    (project / "datapackage.json").write_text(json.dumps(desc))
    (project.parent / "outside.csv").write_text("x\n")
    result = run("validate", str(project))
    assert result.exit_code == 1
    assert "path '../outside.csv' contains '..'" in result.output


def test_symlink_leaving_the_package(project, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    target = project / "datasets" / "events.csv"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    result = run("validate", str(project))
    assert result.exit_code == 1
    assert "is a symlink leading outside the package" in result.output


def test_url_and_absolute_paths(project):
    desc = json.loads((project / "datapackage.json").read_text())
    desc["resources"][0]["path"] = "https://example.org/sources.csv"
    desc["resources"][1]["path"] = "/etc/passwd"
    (project / "datapackage.json").write_text(json.dumps(desc))
    result = run("validate", str(project))
    assert result.exit_code == 1
    assert "is a URL" in result.output and "is absolute" in result.output


def test_edited_source_breaks_provenance(project):
    src = next((project / "sources").glob("004_*.txt"))
    src.write_text(src.read_text(encoding="utf-8").replace("Kremlin", "Kremlim"), encoding="utf-8")
    result = run("validate", str(project))
    assert result.exit_code == 1
    assert "the source 004_6120cd35d94417e6 was edited" in result.output


def test_no_descriptor_is_a_usage_error(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "no datapackage.json here" in result.stderr
