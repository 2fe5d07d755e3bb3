"""The package as its users load it: DuckDB (export), R (readr + the Table Schema), frictionless, and the
README's usage snippets run exactly as printed."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

from conftest import ROOT, run
from datapkg.published import load_package

BIN = Path(sys.executable).parent
R_SCRIPT = ROOT / "tests" / "clients" / "read_package.R"
DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}
POLARS_TYPES = {"string": pl.Utf8, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean, "date": pl.Date}
NO_R = "Rscript is not installed (apt-get install -y r-base-core r-cran-readr r-cran-jsonlite); CI installs it"


def descriptor(pkg: Path) -> dict:
    return json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))


def parquet_resources(pkg: Path) -> dict[str, dict]:
    return {r["name"].removesuffix("-parquet"): r for r in descriptor(pkg)["resources"] if r["format"] == "parquet"}


def rows(pkg: Path, table: str) -> list[dict]:
    """A table's rows read with pyarrow alone (dictionary columns as strings), independent of datapkg."""
    return pq.read_table(pkg / "datasets" / f"{table}.parquet").to_pylist()


# --- DuckDB ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(built, tmp_path_factory) -> tuple[Path, Path]:
    """A downloaded-style package (datapackage.json + datasets/ only, no schema/) and its DuckDB export."""
    pkg = tmp_path_factory.mktemp("download")
    shutil.copy(built / "datapackage.json", pkg)
    shutil.copytree(built / "datasets", pkg / "datasets")
    db = pkg / "out" / "package.duckdb"
    result = run("export", "duckdb", "--out", str(db), str(pkg))
    assert result.exit_code == 0, result.stderr
    assert f"{len(parquet_resources(pkg))} tables" in result.stdout and "event_timeline" in result.stdout
    return pkg, db


@pytest.fixture
def con(exported):
    c = duckdb.connect(str(exported[1]), read_only=True)
    yield c
    c.close()


def test_duckdb_column_types_follow_the_table_schema(exported, con):
    pkg, _ = exported
    actual = {(t, c): ty for t, c, ty in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns").fetchall()}
    checked = 0
    for name, res in parquet_resources(pkg).items():
        for f in res["schema"]["fields"]:
            assert actual[(name, f["name"])] == DUCKDB_TYPES[f["type"]], (name, f["name"])
            checked += 1
    assert checked > 100
    assert actual[("events", "date_start")] == "DATE"
    assert actual[("mentions", "char_start")] == "BIGINT"
    first = con.execute("SELECT min(date_start) FROM events").fetchone()[0]
    assert isinstance(first, dt.date)


def test_duckdb_has_every_table_with_its_rows_and_keys(exported, con):
    pkg, _ = exported
    resources = parquet_resources(pkg)
    for name in resources:
        n = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        assert isinstance(n, int)
        assert n == pq.read_metadata(pkg / "datasets" / f"{name}.parquet").num_rows, name
    constraints = con.execute("SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints()").fetchall()
    pks = {t for t, kind, _ in constraints if kind == "PRIMARY KEY"}
    assert pks == set(resources)
    fks = {(t, text) for t, kind, text in constraints if kind == "FOREIGN KEY"}
    assert ("statements", "FOREIGN KEY (speaker_actor_id) REFERENCES actors(actor_id)") in fks
    assert ("mentions", "FOREIGN KEY (measure_id, measure_status) REFERENCES sanction_measures(measure_id, status)") in fks
    assert ("events", "FOREIGN KEY (event_type) REFERENCES vocab_event_types(code)") in fks


def test_duckdb_enforces_the_keys(exported, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(exported[1], db)
    c = duckdb.connect(str(db))
    try:
        with pytest.raises(duckdb.ConstraintException):
            c.execute("INSERT INTO event_participants VALUES ('no-such-event', 'donald-trump', 'host', NULL)").fetchall()
        with pytest.raises(duckdb.ConstraintException):
            c.execute("INSERT INTO vocab_genres SELECT * FROM vocab_genres LIMIT 1").fetchall()
    finally:
        c.close()


def test_duckdb_joins_and_views_give_names(exported, con):
    pkg, _ = exported
    names = {a["actor_id"]: a["name"] for a in rows(pkg, "actors")}
    statements = rows(pkg, "statements")
    # A plain join.
    joined = con.execute("SELECT count(*) FROM statements s JOIN actors a ON a.actor_id = s.speaker_actor_id").fetchone()[0]
    assert joined == len(statements)
    # statement_sources: every statement once, with its speaker's name and its source's title and outlet.
    view = {r[0]: r[1:] for r in con.execute(
        "SELECT statement_id, speaker_name, source_title, source_outlet FROM statement_sources").fetchall()}
    sources = {s["source_id"]: s for s in rows(pkg, "sources")}
    assert len(view) == len(statements)
    for s in statements:
        assert view[s["statement_id"]] == (names[s["speaker_actor_id"]], sources[s["source_id"]]["title"],
                                           sources[s["source_id"]]["outlet"])
    # event_timeline: every event once, in date order, with its participants' names.
    timeline = con.execute("SELECT event_id, date_start, participant_names FROM event_timeline").fetchall()
    events = rows(pkg, "events")
    assert sorted(t[0] for t in timeline) == sorted(e["event_id"] for e in events)
    dates = [t[1] for t in timeline if t[1] is not None]
    assert dates == sorted(dates) and timeline[-1][1] is None  # undated last
    expected: dict[str, set] = {}
    for p in rows(pkg, "event_participants"):
        expected.setdefault(p["event_id"], set()).add(names[p["actor_id"]])
    for event_id, _, participant_names in timeline:
        assert set(participant_names) == expected.get(event_id, set()), event_id
    # measure_lifecycle: one row per measure, statuses by date, imposers named.
    measures = rows(pkg, "sanction_measures")
    lifecycle = con.execute("SELECT measure_id, statuses, imposer_names, lifecycle FROM measure_lifecycle").fetchall()
    assert sorted(r[0] for r in lifecycle) == sorted({m["measure_id"] for m in measures})
    for measure_id, statuses, imposers, text in lifecycle:
        mine = [m for m in measures if m["measure_id"] == measure_id]
        assert sorted(s["status"] for s in statuses) == sorted(m["status"] for m in mine)
        starts = [s["date_start"] for s in statuses if s["date_start"] is not None]
        assert starts == sorted(starts)
        assert set(imposers.split("; ")) == {names[m["imposer_actor_id"]] for m in mine}
        assert text.count(" → ") == len(mine) - 1


def test_duckdb_comments_come_from_the_contract(exported, con):
    pkg, _ = exported
    comments = {(t, c): text for t, c, text in con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns()").fetchall()}
    for name, res in parquet_resources(pkg).items():
        for f in res["schema"]["fields"]:
            assert comments[(name, f["name"])].startswith(f["description"]), (name, f["name"])
    table_comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'events'").fetchone()[0]
    assert table_comment == parquet_resources(pkg)["events"]["description"]
    assert con.execute("SELECT version FROM package_info").fetchone()[0] == descriptor(pkg)["version"]


def test_export_errors_name_the_problem(exported, tmp_path):
    result = run("export", "duckdb", "--out", str(tmp_path / "x.duckdb"), str(tmp_path))
    assert result.exit_code == 1
    assert "no datapackage.json" in result.stderr
    pkg = tmp_path / "pkg"
    shutil.copytree(exported[0], pkg, ignore=shutil.ignore_patterns("out"))
    target = pkg / "datasets" / "events.parquet"
    target.write_bytes(target.read_bytes()[:-10] + b"0123456789")
    result = run("export", "duckdb", "--out", str(tmp_path / "y.duckdb"), str(pkg))
    assert result.exit_code == 1
    assert "events.parquet: sha256 does not match" in result.stderr
    assert not (tmp_path / "y.duckdb").exists()


# --- R ------------------------------------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("Rscript") is None, reason=NO_R)
def test_r_reads_every_csv_with_the_schema_types(built, tmp_path):
    out = tmp_path / "from_r"
    out.mkdir()
    proc = subprocess.run(["Rscript", str(R_SCRIPT), str(built), str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    r_class = {"string": "character", "integer": "integer", "number": "numeric", "boolean": "logical", "date": "Date"}
    csv = {r["name"]: r for r in descriptor(built)["resources"] if r["format"] == "csv"}
    lines = [line.split("\t") for line in proc.stdout.splitlines()]
    assert [line[0] for line in lines] == list(csv)
    pkg = load_package(built)
    for name, n, columns in lines:
        fields = csv[name]["schema"]["fields"]
        assert columns == ",".join(f"{f['name']}={r_class[f['type']]}" for f in fields)
        expected = pkg.read(name)
        assert int(n) == expected.height
        # What R read, written back out, equals the Parquet table value for value.
        schema = {f["name"]: POLARS_TYPES[f["type"]] for f in fields}
        again = pl.read_csv(out / f"{name}.csv", schema=schema, null_values=[""])
        assert again.equals(expected, null_equal=True), name


# --- frictionless -------------------------------------------------------------------------------------------------

def test_frictionless_validates_the_descriptor(built):
    proc = subprocess.run([str(BIN / "frictionless"), "validate", "datapackage.json"], cwd=built,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "INVALID" not in proc.stdout


# --- README snippets ----------------------------------------------------------------------------------------------

FENCE = re.compile(r"^```(python|sql|r)[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)


def snippets() -> tuple[Path, list[tuple[str, str]]]:
    """Fenced python/sql/r blocks of README.md."""
    path = ROOT / "README.md"
    return path, FENCE.findall(path.read_text(encoding="utf-8"))


SNIPPETS_FILE, SNIPPETS = snippets()


def kind(lang: str, code: str) -> str:
    if lang == "python":
        return "pandas" if "import pandas" in code else "polars" if "import polars" in code else "python"
    return lang


def run_snippet(lang: str, code: str) -> str:
    if lang == "python":
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    elif lang == "r":
        if shutil.which("Rscript") is None:
            pytest.skip(NO_R)
        proc = subprocess.run(["Rscript", "-e", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    else:
        c = duckdb.connect()
        try:
            c.execute("SET file_search_path = ?", [str(ROOT)]).fetchall()
            result = c.sql(code)
            return json.dumps({"columns": result.columns, "rows": result.fetchall()}, default=str)
        finally:
            c.close()
    assert proc.returncode == 0, f"{lang} snippet failed:\n{code}\n{proc.stderr}"
    return proc.stdout


def check_pandas(out: str) -> None:
    names = {a["actor_id"]: a["name"] for a in rows(ROOT, "actors")}
    counts = Counter(names[s["speaker_actor_id"]] for s in rows(ROOT, "statements"))
    printed = [line.rsplit(None, 1) for line in out.strip().splitlines()[1:]]
    assert len(printed) == 5
    for name, n in printed:
        assert counts[name.strip()] == int(n), name
    assert sorted((int(n) for _, n in printed), reverse=True) == sorted(counts.values(), reverse=True)[:5]


def check_polars(out: str) -> None:
    names = {a["actor_id"]: a["name"] for a in rows(ROOT, "actors")}
    events: dict[str, set] = {}
    for p in rows(ROOT, "event_participants"):
        events.setdefault(names[p["actor_id"]], set()).add(p["event_id"])
    top = sorted(((-len(v), k) for k, v in events.items()))[:5]
    lines = out.splitlines()
    body = lines[next(i for i, line in enumerate(lines) if line.startswith("╞")) + 1:]
    table_rows = [line for line in body if line.startswith("│")]
    assert [[c.strip() for c in line.strip("│").split("┆")] for line in table_rows] == [[k, str(-n)] for n, k in top]


def check_sql(out: str) -> None:
    result = json.loads(out)
    assert result["columns"] == ["measure_id", "status", "date_start", "imposer", "target"]
    names = {a["actor_id"]: a["name"] for a in rows(ROOT, "actors")}
    measures = rows(ROOT, "sanction_measures")
    expected = [[m["measure_id"], m["status"], str(m["date_start"]) if m["date_start"] else None,
                 names[m["imposer_actor_id"]], names.get(m["target_actor_id"])] for m in measures]

    def order(r: list) -> list:
        return ["" if v is None else v for v in r]

    assert sorted(result["rows"], key=order) == sorted(expected, key=order)
    dates = [r[2] for r in result["rows"] if r[2] is not None]
    assert dates == sorted(dates)


def check_r(out: str) -> None:
    events = rows(ROOT, "events")
    dated = [e for e in events if e["date_start"] is not None]
    expected = (f"{len(events)} events, {len(dated)} dated, from {min(e['date_start'] for e in dated)} "
                f"to {max(e['date_end'] for e in dated)}")
    assert out.strip() == expected


CHECKS = {"pandas": check_pandas, "polars": check_polars, "sql": check_sql, "r": check_r}


def test_usage_snippets_cover_every_client():
    kinds = [kind(lang, code) for lang, code in SNIPPETS]
    assert set(CHECKS) <= set(kinds), f"{SNIPPETS_FILE}: expected pandas, polars, sql and r snippets, found {kinds}"


@pytest.mark.parametrize("index", range(len(SNIPPETS)), ids=[kind(*b) for b in SNIPPETS])
def test_usage_snippet_runs_as_printed(index):
    lang, code = SNIPPETS[index]
    k = kind(lang, code)
    out = run_snippet(lang, code)
    assert out.strip(), f"{SNIPPETS_FILE}: the {k} snippet prints nothing"
    if k in CHECKS:
        CHECKS[k](out)
