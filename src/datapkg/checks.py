"""The checks every table goes through, at build time and in `datapkg validate`.

Per table: a pandera (polars) schema rendered from the contract, run lazily so every failure is reported.
Across tables: primary keys, foreign keys, date coherence, one target per mention, every record grounded by
at least one mention, and every span equal to the source's characters when the sources are at hand.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from .contract import Field, Table
from .errors import Problem

POLARS_TYPES = {"string": pl.Utf8, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean, "date": pl.Date}
MAX_PER_CHECK = 20  # rows reported per failing check; the count says how many more


def pandera_schema(table: Table) -> pa.DataFrameSchema:
    columns = {}
    for f in table.fields:
        checks = []
        if f.type == "string":
            checks.append(pa.Check.str_length(min_value=1, error="empty string (use null for unknown)"))
        if f.enum is not None:
            checks.append(pa.Check.isin(list(f.enum), error=f"not in vocabulary {f.vocabulary or f.name}"))
        if f.pattern:
            checks.append(pa.Check.str_matches(f.pattern, error=f"does not match pattern {f.pattern}"))
        if f.minimum is not None:
            checks.append(pa.Check.ge(f.minimum, error=f"less than minimum {f.minimum}"))
        if f.maximum is not None:
            checks.append(pa.Check.le(f.maximum, error=f"greater than maximum {f.maximum}"))
        single_pk = table.primary_key == (f.name,)
        columns[f.name] = pa.Column(POLARS_TYPES[f.type], checks=checks, nullable=not f.required,
                                    unique=f.unique or single_pk, required=True)
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=table.name)


def _problem(where: str, table: Table, df: pl.DataFrame | None, row: int | None, column: str | None,
             message: str, check: str) -> Problem:
    key = None
    if df is not None and row is not None and 0 <= row < df.height and all(k in df.columns for k in table.primary_key):
        key = tuple(df[k][row] for k in table.primary_key)
    return Problem(where, message, table.name, row, column, key, check)


def check_schema(table: Table, df: pl.DataFrame, where: str) -> list[Problem]:
    try:
        pandera_schema(table).validate(df, lazy=True)
    except SchemaErrors as exc:
        out = []
        fc = exc.failure_cases
        for check, group in fc.group_by(["column", "check"], maintain_order=True):
            col, chk = check
            rows = group.head(MAX_PER_CHECK).iter_rows(named=True)
            for r in rows:
                idx = r.get("index")
                msg = _pandera_message(str(chk), r.get("failure_case"))
                out.append(_problem(where, table, df, idx, col, msg, "schema"))
            if group.height > MAX_PER_CHECK:
                out.append(_problem(where, table, None, None, col,
                                    f"... and {group.height - MAX_PER_CHECK} more rows failing {chk}", "schema"))
        return out
    return []


def _pandera_message(check: str, value: object) -> str:
    if check == "not_nullable":
        return "required value is missing (null)"
    if check == "field_uniqueness":
        return f"duplicate value {value!r} in a unique column"
    if check in ("column_in_dataframe", "column_in_schema"):
        return f"column {value!r} is missing or not in the schema; columns must be exactly the schema's"
    if check == "column_ordered":
        return f"column {value!r} is out of order; columns must follow the schema's order"
    if check.startswith("dtype("):
        return f"wrong type {value!r}, expected {check[6:-1]}"
    return f"value {value!r} {check}"


def check_keys(tables: dict[str, Table], frames: dict[str, pl.DataFrame], where_of: dict[str, str]) -> list[Problem]:
    out: list[Problem] = []
    for name, table in tables.items():
        df = frames.get(name)
        if df is None:
            continue
        where = where_of[name]
        pk = list(table.primary_key)
        if len(pk) > 1 and all(c in df.columns for c in pk):
            dup = df.with_row_index("_row").filter(pl.struct(pk).is_duplicated())
            for r in dup.head(MAX_PER_CHECK).iter_rows(named=True):
                vals = ", ".join(f"{c}={r[c]!r}" for c in pk)
                out.append(_problem(where, table, df, r["_row"], pk[-1], f"duplicate primary key ({vals})", "primary_key"))
        for fk in table.all_foreign_keys():
            if len(fk.fields) == 1 and table.field(fk.fields[0]).enum is not None:
                continue  # a vocabulary column: the schema's isin check reports it once, with the vocabulary
            ref = frames.get(fk.table)
            if ref is None or not all(c in df.columns for c in fk.fields) or not all(c in ref.columns for c in fk.reference_fields):
                continue
            cols = list(fk.fields)
            left = df.with_row_index("_row").select(["_row", *cols]).drop_nulls(cols)
            if left.height == 0:
                continue
            right = ref.select([pl.col(r).cast(left.schema[c]).alias(c) for c, r in zip(cols, fk.reference_fields)]).unique()
            orphans = left.join(right, on=cols, how="anti").sort("_row")
            for r in orphans.head(MAX_PER_CHECK).iter_rows(named=True):
                vals = ", ".join(repr(r[c]) for c in cols)
                out.append(_problem(where, table, df, r["_row"], cols[0],
                                    f"{'/'.join(cols)} {vals} has no match in {fk.table}.{'/'.join(fk.reference_fields)}",
                                    "foreign_key"))
    return out


def _rows(df: pl.DataFrame, mask: pl.Expr) -> list[int]:
    return df.with_row_index("_row").filter(mask)["_row"].head(MAX_PER_CHECK).to_list()


def check_rules(tables: dict[str, Table], frames: dict[str, pl.DataFrame], where_of: dict[str, str]) -> list[Problem]:
    """Row rules that follow from column conventions shared by several tables."""
    out: list[Problem] = []
    for name, table in tables.items():
        df = frames.get(name)
        if df is None or df.height == 0:
            continue
        cols = set(df.columns)
        where = where_of[name]

        def flag(mask: pl.Expr, column: str, message: str, check: str) -> None:
            for row in _rows(df, mask):
                out.append(_problem(where, table, df, row, column, message, check))

        if {"date_start", "date_end", "date_precision", "date_basis"} <= cols:
            ds, de = pl.col("date_start"), pl.col("date_end")
            flag(ds.is_not_null() & de.is_not_null() & (de < ds), "date_end", "date_end is before date_start", "dates")
            flag(ds.is_null() != de.is_null(), "date_end", "date_start and date_end must both be set or both null", "dates")
            flag(ds.is_null() != pl.col("date_precision").is_null(), "date_precision",
                 "date_precision must be set exactly when there is a date", "dates")
            flag(ds.is_null() != pl.col("date_basis").is_null(), "date_basis",
                 "date_basis must be set exactly when there is a date", "dates")
            flag((pl.col("date_precision") == "day") & (ds != de), "date_end",
                 "date_precision is day but date_start and date_end differ", "dates")
        if {"char_start", "char_end"} <= cols:
            flag(pl.col("char_end") <= pl.col("char_start"), "char_end", "char_end is not after char_start", "spans")
        if "measure_id" in cols and "measure_status" in cols:
            flag(pl.col("measure_id").is_null() != pl.col("measure_status").is_null(), "measure_status",
                 "measure_id and measure_status must both be set or both null", "targets")
        if name == "mentions":
            targets = [c for c in ("event_id", "statement_id", "measure_id", "actor_id") if c in cols]
            n = pl.sum_horizontal([pl.col(c).is_not_null().cast(pl.Int8) for c in targets])
            flag(n != 1, "kind", "a mention must point at exactly one of event_id, statement_id, measure_id, actor_id",
                 "targets")
            flag((pl.col("kind") == "actor") != pl.col("actor_id").is_not_null(), "kind",
                 "kind is actor exactly when actor_id is set", "targets")
    mentions = frames.get("mentions")
    if mentions is not None:
        for name, keys in (("events", ["event_id"]), ("statements", ["statement_id"]),
                           ("sanction_measures", ["measure_id", "status"])):
            df = frames.get(name)
            if df is None or not set(keys) <= set(df.columns):
                continue
            mkeys = ["event_id"] if name == "events" else ["statement_id"] if name == "statements" else ["measure_id", "measure_status"]
            grounded = mentions.select([pl.col(m).alias(k) for m, k in zip(mkeys, keys)]).drop_nulls().unique()
            bare = df.with_row_index("_row").join(grounded, on=keys, how="anti").sort("_row")
            for r in bare.head(MAX_PER_CHECK).iter_rows(named=True):
                out.append(_problem(where_of[name], tables[name], df, r["_row"], keys[0],
                                    "no mention grounds this row; every record needs verbatim evidence", "grounding"))
    return out


def check_spans(tables: dict[str, Table], frames: dict[str, pl.DataFrame], where_of: dict[str, str],
                texts: dict[str, str]) -> list[Problem]:
    """Every span's text equals source[char_start:char_end] (offsets in code points)."""
    out: list[Problem] = []
    for name, text_col in (("mentions", "text"), ("statements", "quote_text"), ("source_exclusions", "text")):
        df = frames.get(name)
        if df is None or not {"source_id", "char_start", "char_end", text_col} <= set(df.columns):
            continue
        bad = 0
        for i, (sid, a, b, t) in enumerate(zip(df["source_id"], df["char_start"], df["char_end"], df[text_col])):
            src = texts.get(sid)
            if src is None or a is None or b is None:
                continue
            if src[a:b] != t:
                bad += 1
                if bad <= MAX_PER_CHECK:
                    got = src[a:b]
                    got = got if len(got) <= 60 else got[:57] + "..."
                    out.append(_problem(where_of[name], tables[name], df, i, text_col,
                                        f"span [{a}, {b}) of source {sid} reads {got!r}, not the recorded text; "
                                        f"the source or the offsets changed", "provenance"))
        if bad > MAX_PER_CHECK:
            out.append(Problem(where_of[name], f"... and {bad - MAX_PER_CHECK} more spans that do not match their source",
                               name, None, text_col, None, "provenance"))
    sources = frames.get("sources")
    if sources is not None and "n_chars" in sources.columns:
        for i, (sid, n) in enumerate(zip(sources["source_id"], sources["n_chars"])):
            if sid in texts and len(texts[sid]) != n:
                out.append(_problem(where_of["sources"], tables["sources"], sources, i, "n_chars",
                                    f"n_chars is {n} but the source has {len(texts[sid])} characters", "provenance"))
    return out


def check_all(tables: dict[str, Table], frames: dict[str, pl.DataFrame], where_of: dict[str, str],
              texts: dict[str, str] | None) -> list[Problem]:
    out: list[Problem] = []
    for name, table in tables.items():
        if name in frames:
            out += check_schema(table, frames[name], where_of[name])
    out += check_keys(tables, frames, where_of)
    out += check_rules(tables, frames, where_of)
    if texts is not None:
        out += check_spans(tables, frames, where_of, texts)
    return out


def frame(table: Table, rows: list[dict]) -> pl.DataFrame:
    """A polars frame with the table's columns and types, sorted by primary key (the published order)."""
    schema = {f.name: POLARS_TYPES[f.type] for f in table.fields}
    df = pl.DataFrame([{f.name: r.get(f.name) for f in table.fields} for r in rows], schema=schema, orient="row") \
        if rows else pl.DataFrame(schema=schema)
    return df.sort(list(table.primary_key), nulls_last=True, maintain_order=True)


def field_is_vocab(f: Field) -> bool:
    return f.enum is not None
