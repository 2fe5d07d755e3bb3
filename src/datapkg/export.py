"""`datapkg export duckdb`: the published package as a DuckDB database with keys, comments and views.

Tables are created from DDL rendered from the Table Schemas in datapackage.json (types, NOT NULL, CHECK,
PRIMARY KEY, FOREIGN KEY), loaded in dependency order from the published files, and commented with the
contract's descriptions. Views join what users usually want joined: a timeline of events with participant
names, statements with speaker names and sources, and each sanction measure's lifecycle.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .contract import ForeignKey, Table
from .errors import InputError
from .published import Package, load_package

DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _number(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def self_references(table: Table) -> list[ForeignKey]:
    return [fk for fk in table.all_foreign_keys() if fk.table == table.name]


def create_table_sql(table: Table) -> str:
    """CREATE TABLE statement of one table, rendered from its contract.

    Foreign keys to the table itself are left out: DuckDB checks every row as it is inserted and cannot update
    a referenced row, so rows that reference each other (two events related to one another) could not be
    loaded. The export checks those references itself, and the column comment names the referenced column."""
    lines = []
    for f in table.fields:
        col = f"  {ident(f.name)} {DUCKDB_TYPES[f.type]}"
        if f.required:
            col += " NOT NULL"
        checks = []
        if f.minimum is not None:
            checks.append(f"{ident(f.name)} >= {_number(f.minimum)}")
        if f.maximum is not None:
            checks.append(f"{ident(f.name)} <= {_number(f.maximum)}")
        if f.pattern and f.type == "string":
            checks.append(f"regexp_full_match({ident(f.name)}, {literal(f.pattern)})")
        if checks:
            col += " CHECK (" + " AND ".join(checks) + ")"
        if f.unique and table.primary_key != (f.name,):
            col += " UNIQUE"
        lines.append(col)
    if table.primary_key:
        lines.append(f"  PRIMARY KEY ({', '.join(ident(k) for k in table.primary_key)})")
    for fk in table.all_foreign_keys():
        if fk.table == table.name:
            continue
        lines.append(f"  FOREIGN KEY ({', '.join(ident(c) for c in fk.fields)}) REFERENCES {ident(fk.table)} "
                     f"({', '.join(ident(c) for c in fk.reference_fields)})")
    return f"CREATE TABLE {ident(table.name)} (\n" + ",\n".join(lines) + "\n);"


def comment_sql(table: Table) -> list[str]:
    out = []
    if table.description:
        out.append(f"COMMENT ON TABLE {ident(table.name)} IS {literal(table.description)};")
    refs = {fk.fields[0]: fk for fk in self_references(table) if len(fk.fields) == 1}
    for f in table.fields:
        text = f.description
        if f.name in refs:
            text += (f" References {table.name}.{refs[f.name].reference_fields[0]} (checked by the export; not "
                     f"declared as a foreign key, so that rows may reference each other).")
        if text:
            out.append(f"COMMENT ON COLUMN {ident(table.name)}.{ident(f.name)} IS {literal(text.strip())};")
    return out


def load_order(tables: dict[str, Table], where: str) -> list[str]:
    """Table names so that every table comes after the tables its foreign keys reference (descriptor order
    among equals)."""
    deps: dict[str, set[str]] = {}
    for name, t in tables.items():
        deps[name] = set()
        for fk in t.all_foreign_keys():
            if fk.table not in tables:
                raise InputError(f"{where}: table {name!r} has a foreign key to {fk.table!r}, which the package "
                                 f"does not contain; restore or rebuild the package")
            if fk.table != name:
                deps[name].add(fk.table)
    order: list[str] = []
    while len(order) < len(tables):
        ready = [n for n in tables if n not in order and deps[n] <= set(order)]
        if not ready:
            cycle = sorted(n for n in tables if n not in order)
            raise InputError(f"{where}: tables {cycle} reference each other in a cycle; they cannot be loaded with "
                             f"foreign keys")
        order.append(ready[0])
    return order


def _run(con: Any, sql: str, params: list | None = None) -> list[tuple]:
    """Execute one statement and fetch its whole result, so the connection is free for the next one."""
    return con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()


def _insert(con: Any, table: Table, stage: str, where: str) -> int:
    """Insert the staged rows; self-references (not declared in DuckDB, see `create_table_sql`) are checked here."""
    cols = ", ".join(ident(c) for c in table.field_names)
    name = ident(table.name)
    _run(con, f"INSERT INTO {name} ({cols}) SELECT {cols} FROM {stage}")
    for fk in self_references(table):
        match = " AND ".join(f"r.{ident(rc)} = s.{ident(c)}" for c, rc in zip(fk.fields, fk.reference_fields))
        present = " AND ".join(f"s.{ident(c)} IS NOT NULL" for c in fk.fields)
        bad = _run(con, f"SELECT count(*) FROM {name} s WHERE {present} AND NOT EXISTS "
                        f"(SELECT 1 FROM {name} r WHERE {match})")[0][0]
        if bad:
            raise InputError(f"{where}: {bad} row(s) of {table.name} reference missing rows of the same table "
                             f"(through {', '.join(fk.fields)}); run `datapkg validate`")
    return _run(con, f"SELECT count(*) FROM {name}")[0][0]


def _views(pkg: Package) -> list[tuple[str, str, str]]:
    """(name, description, SELECT) of each view. The measure-status order comes from the vocabulary."""
    statuses = pkg.tables["sanction_measures"].field("status").enum or ()
    stage_order = "[" + ", ".join(literal(s) for s in statuses) + "]"
    when = ("CASE WHEN m.date_start IS NULL THEN 'undated' "
            "WHEN m.date_end IS NULL OR m.date_end = m.date_start THEN CAST(m.date_start AS VARCHAR) "
            "ELSE CAST(m.date_start AS VARCHAR) || '/' || CAST(m.date_end AS VARCHAR) END")
    step_order = "m.date_start NULLS LAST, m.date_end NULLS LAST, list_position(" + stage_order + ", m.status)"
    roles = pkg.tables["event_participants"].field("role").enum or ()
    role_order = "[" + ", ".join(literal(r) for r in roles) + "]"
    return [
        ("event_timeline",
         "Events in date order (undated last) with their type label and participants: one row per event; "
         "participants lists 'name (role[, for actor])' in role order.",
         f"""
SELECT e.event_id, e.date_start, e.date_end, e.date_precision, e.event_type, et.label AS event_type_label,
       e.status, e.title, e.location_name, e.location_country_iso3, e.related_event_id,
       p.participants, coalesce(p.participant_names, []) AS participant_names
FROM events e
JOIN vocab_event_types et ON et.code = e.event_type
LEFT JOIN (
  SELECT ep.event_id,
         string_agg(a.name || ' (' || ep.role || coalesce(', for ' || b.name, '') || ')', '; '
                    ORDER BY list_position({role_order}, ep.role), a.name) AS participants,
         list(DISTINCT a.name ORDER BY a.name) AS participant_names
  FROM event_participants ep
  JOIN actors a ON a.actor_id = ep.actor_id
  LEFT JOIN actors b ON b.actor_id = ep.on_behalf_of_actor_id
  GROUP BY ep.event_id
) p ON p.event_id = e.event_id
ORDER BY e.date_start NULLS LAST, e.date_end NULLS LAST, e.event_id
"""),
        ("statement_sources",
         "Statements with the speaker's name, the intermediary's name, the event and measure they belong to, "
         "and the source that prints them (title, outlet, publication date).",
         """
SELECT st.statement_id, st.date_start, st.date_end, st.date_precision,
       st.speaker_actor_id, sp.name AS speaker_name, st.speaker_text,
       st.quote_type, st.channel, st.quote_text,
       st.reported_via_actor_id, rv.name AS reported_via_name,
       st.event_id, ev.title AS event_title, st.measure_id, st.measure_status,
       st.source_id, so.title AS source_title, so.outlet AS source_outlet, so.published_date AS source_published_date,
       so.url AS source_url, st.char_start, st.char_end
FROM statements st
JOIN actors sp ON sp.actor_id = st.speaker_actor_id
LEFT JOIN actors rv ON rv.actor_id = st.reported_via_actor_id
LEFT JOIN events ev ON ev.event_id = st.event_id
JOIN sources so ON so.source_id = st.source_id
ORDER BY st.date_start NULLS LAST, st.source_id, st.char_start, st.statement_id
"""),
        ("measure_lifecycle",
         "One row per sanction measure: its statuses in order (by date, undated last, then lifecycle stage) "
         "with their dates, and the names of imposers, targets and the actors it is meant to pressure.",
         f"""
SELECT m.measure_id,
       string_agg(DISTINCT m.measure_type, '; ' ORDER BY m.measure_type) AS measure_types,
       count(*) AS n_statuses,
       string_agg(m.status || ' (' || {when} || ')', ' → ' ORDER BY {step_order}) AS lifecycle,
       list({{'status': m.status, 'date_start': m.date_start, 'date_end': m.date_end,
              'date_precision': m.date_precision, 'evidence_level': m.evidence_level}}
            ORDER BY {step_order}) AS statuses,
       min(m.date_start) AS first_date,
       max(coalesce(m.date_end, m.date_start)) AS last_date,
       string_agg(DISTINCT imp.name, '; ' ORDER BY imp.name) AS imposer_names,
       string_agg(DISTINCT tgt.name, '; ' ORDER BY tgt.name) AS target_names,
       string_agg(DISTINCT prs.name, '; ' ORDER BY prs.name) AS pressure_on_names
FROM sanction_measures m
JOIN actors imp ON imp.actor_id = m.imposer_actor_id
LEFT JOIN actors tgt ON tgt.actor_id = m.target_actor_id
LEFT JOIN actors prs ON prs.actor_id = m.pressure_on_actor_id
GROUP BY m.measure_id
ORDER BY first_date NULLS LAST, m.measure_id
"""),
    ]


VIEW_TABLES = ("events", "event_participants", "actors", "statements", "sources", "sanction_measures",
               "vocab_event_types")


def export_duckdb(pkg_dir: Path, out: Path | None = None) -> tuple[Path, dict[str, int], list[str]]:
    """Write the package in `pkg_dir` to a DuckDB database; returns its path, row counts and view names."""
    import duckdb

    pkg = load_package(pkg_dir)
    where = str(pkg_dir / "datapackage.json")
    out = out or Path("build") / f"{pkg.name}.duckdb"
    order = load_order(pkg.tables, where)
    frames = {name: pkg.read(name) for name in order}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    for p in (tmp, Path(f"{tmp}.wal")):
        p.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    views: list[str] = []
    con = duckdb.connect(str(tmp))
    try:
        for name in order:
            table = pkg.tables[name]
            _run(con, create_table_sql(table))
            for stmt in comment_sql(table):
                _run(con, stmt)
            con.register("_stage", frames[name].to_arrow())
            try:
                counts[name] = _insert(con, table, "_stage", where)
            except duckdb.ConstraintException as exc:
                raise InputError(f"{pkg_dir / pkg.resources[name].path}: violates a constraint of {name} "
                                 f"({' '.join(str(exc).split())}); run `datapkg validate {pkg_dir}`") from None
            finally:
                con.unregister("_stage")
        if all(t in pkg.tables for t in VIEW_TABLES):
            for view, description, select in _views(pkg):
                _run(con, f"CREATE VIEW {ident(view)} AS {select.strip()}")
                _run(con, f"COMMENT ON VIEW {ident(view)} IS {literal(description)}")
                views.append(view)
        meta = pkg.descriptor
        _run(con, "CREATE TABLE package_info (name VARCHAR, title VARCHAR, version VARCHAR, created VARCHAR, "
                    "licenses VARCHAR)")
        _run(con, "COMMENT ON TABLE package_info IS 'The data package this database was exported from.'")
        licenses = "; ".join(str(lic.get("name")) for lic in meta.get("licenses", []) if isinstance(lic, dict))
        _run(con, "INSERT INTO package_info VALUES (?, ?, ?, ?, ?)",
                    [meta.get("name"), meta.get("title"), meta.get("version"), meta.get("created"), licenses or None])
        _run(con, "CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
    con.close()
    Path(f"{tmp}.wal").unlink(missing_ok=True)
    os.replace(tmp, out)
    return out, counts, views


def register(app: typer.Typer) -> None:
    sub = typer.Typer(add_completion=False, no_args_is_help=True, help="Export the published package to other formats.")

    @sub.command("duckdb")
    def duckdb_cmd(
        directory: Annotated[Path, typer.Argument(help="Folder holding datapackage.json.")] = Path("."),
        out: Annotated[Optional[Path], typer.Option("--out", help="Database file (default: build/<name>.duckdb).")] = None,
    ) -> None:
        """A DuckDB database of every table (types, keys, comments) with timeline, statement and measure views."""
        try:
            path, counts, views = export_duckdb(directory, out)
        except InputError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1)
        typer.echo(f"wrote {path}: {len(counts)} tables, {sum(counts.values())} rows, "
                   f"views: {', '.join(views) or 'none'}")

    app.add_typer(sub, name="export")
