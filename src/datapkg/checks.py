"""The checks every table goes through, at build time and in `datapkg validate`.

Per table: a pandera (polars) schema rendered from the contract, run lazily so every failure is reported.
Across tables: primary keys, foreign keys, date coherence, one target per mention, every record grounded by
at least one mention, and every span equal to the source's characters when the sources are at hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandera.polars as pa
from pandera.api.polars.types import PolarsData
import polars as pl
from pandera.errors import SchemaErrors

from .contract import VOCAB_PREFIX, Table
from .errors import Problem
from .spans import SourceTexts

POLARS_TYPES = {"string": pl.Utf8, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean, "date": pl.Date}
MAX_PER_CHECK = 20  # rows reported per failing check; the count says how many more


def pandera_schema(table: Table) -> pa.DataFrameSchema:
    columns = {}
    for f in table.fields:
        checks = []
        if f.type == "string":
            checks.append(_check(lambda c: c.str.len_bytes() >= 1, "empty string (use null for unknown)"))
        if f.enum is not None:
            codes = list(f.enum)
            checks.append(_check(lambda c, codes=codes: c.is_in(codes), f"not in vocabulary {f.vocabulary or f.name}"))
        if f.pattern:
            pattern = f.pattern if f.pattern.startswith("^") else "^" + f.pattern  # matches at the start, like re.match
            checks.append(_check(lambda c, p=pattern: c.str.contains(p), f"does not match pattern {f.pattern}"))
        if f.minimum is not None:
            checks.append(_check(lambda c, v=f.minimum: c >= v, f"less than minimum {f.minimum}"))
        if f.maximum is not None:
            checks.append(_check(lambda c, v=f.maximum: c <= v, f"greater than maximum {f.maximum}"))
        if f.type == "number":  # polars orders NaN above every number, so the bounds let it through
            checks.append(_check(lambda c: c.is_finite(), "is not a finite number (use null for unknown)"))
        if f.unique or table.primary_key == (f.name,):
            checks.append(pa.Check(_no_duplicates, name="field_uniqueness"))
        columns[f.name] = pa.Column(POLARS_TYPES[f.type], checks=checks, nullable=not f.required, required=True)
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=table.name)


def _check(test: Callable[[pl.Expr], pl.Expr], error: str) -> pa.Check:
    """A pandera check from a polars expression over the column; nulls pass, as in pandera's built-in checks.
    When every value passes it costs one aggregate over the column and returns True; only when some value
    fails does it hand pandera the per-row result, from which pandera reports the failure cases."""

    def check(data: PolarsData) -> pl.LazyFrame | bool:
        ok = test(pl.col(data.key))
        if data.lazyframe.select(ok.fill_null(True).all()).collect().item():
            return True
        return data.lazyframe.select(ok)

    return pa.Check(check, error=error)


def _no_duplicates(data: PolarsData) -> pl.LazyFrame | bool:
    """pandera check: no value twice (nulls aside). Published tables are sorted by primary key, so duplicates
    are neighbours: comparing each value with the next is linear; an unsorted column falls back to hashing."""
    col = data.lazyframe.select(data.key).collect().to_series()
    if col.is_sorted():
        dup = col.eq(col.shift(1)).fill_null(False) | col.eq(col.shift(-1)).fill_null(False)
    else:
        dup = col.is_duplicated() & col.is_not_null()
    return True if not dup.any() else pl.LazyFrame({data.key: ~dup})


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


def check_vocabularies(tables: dict[str, Table], frames: dict[str, pl.DataFrame], where_of: dict[str, str]) -> list[Problem]:
    """Every vocab_<name> table holds exactly the codes the Table Schemas allow for its columns."""
    out: list[Problem] = []
    seen: set[str] = set()
    for name, table in tables.items():
        for f in table.fields:
            vocab = VOCAB_PREFIX + f.vocabulary if f.vocabulary else None
            if vocab is None or f.enum is None or vocab in seen or vocab not in frames or "code" not in frames[vocab].columns:
                continue
            seen.add(vocab)
            codes = set(frames[vocab]["code"].drop_nulls().to_list())
            missing = [c for c in f.enum if c not in codes]
            extra = sorted(codes - set(f.enum))
            if missing or extra:
                what = [f"lacks {missing}, which {name}.{f.name} allows" if missing else "",
                        f"has {extra}, which {name}.{f.name} does not allow" if extra else ""]
                out.append(Problem(where_of[vocab], f"{'; '.join(w for w in what if w)}: the vocabulary table and the "
                                                    f"Table Schemas disagree; rebuild the package", vocab,
                                   column="code", check="vocabulary"))
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


SPAN_TABLES = (("mentions", "text"), ("statements", "quote_text"), ("source_exclusions", "text"))


def check_spans(tables: dict[str, Table], frames: dict[str, pl.DataFrame], where_of: dict[str, str],
                texts: Mapping[str, str | bytes] | SourceTexts) -> list[Problem]:
    """Every span's text equals source[char_start:char_end] (offsets in code points), checked for all tables in
    one vectorised pass; and every source's n_chars is its length."""
    out: list[Problem] = []
    sources = texts if isinstance(texts, SourceTexts) else SourceTexts(texts)
    parts = []
    for name, text_col in SPAN_TABLES:
        df = frames.get(name)
        if df is not None and {"source_id", "char_start", "char_end", text_col} <= set(df.columns):
            parts.append(df.select(pl.lit(name).alias("_table"), pl.int_range(pl.len(), dtype=pl.Int64).alias("_row"),
                                   "source_id", "char_start", "char_end", pl.col(text_col).alias("text")))
    bad = sources.mismatches(pl.concat(parts)) if parts else None
    for name, text_col in SPAN_TABLES:
        rows = bad.filter(pl.col("_table") == name) if bad is not None else None
        if rows is None or rows.height == 0:
            continue
        for r in rows.head(MAX_PER_CHECK).iter_rows(named=True):
            sid, a, b = r["source_id"], r["char_start"], r["char_end"]
            got = sources.text(sid)[a:b]
            got = got if len(got) <= 60 else got[:57] + "..."
            out.append(_problem(where_of[name], tables[name], frames[name], r["_row"], text_col,
                                f"span [{a}, {b}) of source {sid} reads {got!r}, not the recorded text; "
                                f"the source or the offsets changed", "provenance"))
        if rows.height > MAX_PER_CHECK:
            out.append(Problem(where_of[name], f"... and {rows.height - MAX_PER_CHECK} more spans that do not match "
                                               f"their source", name, None, text_col, None, "provenance"))
    table = frames.get("sources")
    if table is not None and {"source_id", "n_chars"} <= set(table.columns):
        counts = sources.char_counts()
        for i, (sid, n) in enumerate(zip(table["source_id"].to_list(), table["n_chars"].to_list())):
            if sid in counts and counts[sid] != n:
                out.append(_problem(where_of["sources"], tables["sources"], table, i, "n_chars",
                                    f"n_chars is {n} but the source has {counts[sid]} characters", "provenance"))
    return out


def check_all(tables: dict[str, Table], frames: dict[str, pl.DataFrame], where_of: dict[str, str],
              texts: Mapping[str, str | bytes] | SourceTexts | None) -> list[Problem]:
    out: list[Problem] = []
    for name, table in tables.items():
        if name in frames:
            out += check_schema(table, frames[name], where_of[name])
    out += check_keys(tables, frames, where_of)
    out += check_vocabularies(tables, frames, where_of)
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

