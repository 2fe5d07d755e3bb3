"""Kinds of damage to a valid package, each with what `datapkg validate` must say about it.

Every function takes the folder of a valid package (datapackage.json, datasets/, sources/), damages it in place,
and returns an `Expect`: the file, table, column and reason a report must name. Wherever it makes sense the
rest of the package is kept valid: a value changed in a Parquet file is changed in the CSV too and both hashes
are updated in the descriptor, so that the value check, not the hash check, has to catch it (`*_hash_fixed`
kinds; the plain variants leave the hash stale). Used by tests/test_corruptions.py and benchmarks/run.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from datapkg.contract import Table, table_from_table_schema
from datapkg.publish import PARQUET_SUFFIX, write_csv, write_json, write_parquet

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Expect:
    """What a report must contain: one problem whose file is `file`, whose message contains `reason`, and (when
    given) whose column and table are these. `alternatives` are other acceptable (file, reason) pairs, for a
    damage whose symptom depends on bytes (a flipped byte may break decoding or change a value)."""

    file: str
    reason: str
    column: str | None = None
    table: str | None = None
    alternatives: tuple[tuple[str, str], ...] = ()

    def matches(self, problem: dict[str, Any]) -> bool:
        pairs = ((self.file, self.reason), *self.alternatives)
        if not any(problem.get("file") == f and r.lower() in str(problem.get("message", "")).lower() for f, r in pairs):
            return False
        if self.column is not None and problem.get("column") != self.column:
            return False
        return self.table is None or problem.get("table") in (self.table, self.table + PARQUET_SUFFIX)


@dataclass(frozen=True)
class Damage:
    name: str
    description: str
    apply: Callable[[Path], Expect]


# --- helpers -----------------------------------------------------------------------------------------------

def descriptor(pkg: Path) -> dict[str, Any]:
    return json.loads((pkg / DESCRIPTOR).read_text(encoding="utf-8"))


def save_descriptor(pkg: Path, desc: dict[str, Any]) -> None:
    write_json(desc, pkg / DESCRIPTOR)


def resource(desc: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in desc["resources"] if r["name"] == name)


def table_of(desc: dict[str, Any], name: str) -> Table:
    res = resource(desc, name + PARQUET_SUFFIX)
    return table_from_table_schema(name, res.get("title", name), res.get("description", ""), res["schema"])


def read(pkg: Path, name: str) -> pl.DataFrame:
    """A table from its Parquet file, vocabulary columns as strings."""
    data = pq.read_table(pkg / "datasets" / f"{name}.parquet")
    cols = [c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c for c in data.columns]
    return pl.from_arrow(pa.Table.from_arrays(cols, names=data.column_names))  # type: ignore[return-value]


def rehash(pkg: Path, desc: dict[str, Any], rel: str) -> None:
    """Make the descriptor's hash (and byte count) of `rel` match the file again."""
    data = (pkg / rel).read_bytes()
    for res in desc["resources"]:
        if res.get("path") == rel:
            res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            if "bytes" in res:
                res["bytes"] = len(data)


def write(pkg: Path, name: str, df: pl.DataFrame, formats: tuple[str, ...] = ("csv", "parquet"),
          fix_hash: bool = True) -> None:
    """Rewrite a table with the project's own writers (and, by default, update the descriptor's hashes)."""
    desc = descriptor(pkg)
    table = table_of(desc, name)
    for fmt in formats:
        rel = f"datasets/{name}.{fmt}"
        if fmt == "parquet":
            write_parquet(table, df, pkg / rel)
        else:
            write_csv(df, pkg / rel)
        if fix_hash:
            rehash(pkg, desc, rel)
    save_descriptor(pkg, desc)


def write_loose_parquet(pkg: Path, name: str, df: pl.DataFrame, fix_hash: bool = True) -> None:
    """Parquet with the contract's column types, but dictionaries holding whatever values the frame has (the
    project's writer would turn an unknown code into null)."""
    desc = descriptor(pkg)
    table = table_of(desc, name)
    arrays = []
    for f in table.fields:
        col = df[f.name].to_arrow()
        col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if f.enum is not None:
            col = col.cast(pa.string()).dictionary_encode().cast(pa.dictionary(pa.int16(), pa.string()))
        else:
            col = col.cast(f.arrow_type())
        arrays.append(col)
    schema = pa.schema([pa.field(f.name, f.arrow_type(), nullable=True) for f in table.fields])
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), pkg / "datasets" / f"{name}.parquet")
    if fix_hash:
        rehash(pkg, desc, f"datasets/{name}.parquet")
        save_descriptor(pkg, desc)


def edit_bytes(pkg: Path, rel: str, change: Callable[[bytes], bytes], fix_hash: bool = True) -> None:
    path = pkg / rel
    path.write_bytes(change(path.read_bytes()))
    if fix_hash:
        desc = descriptor(pkg)
        rehash(pkg, desc, rel)
        save_descriptor(pkg, desc)


def edit_csv_cells(pkg: Path, name: str, change: Callable[[pl.DataFrame], pl.DataFrame], fix_hash: bool = True) -> None:
    """Change the CSV's cells as text (every column read as a string), written back with the project's dialect."""
    rel = f"datasets/{name}.csv"
    df = pl.read_csv(pkg / rel, infer_schema=False)
    write_csv(change(df), pkg / rel)
    if fix_hash:
        desc = descriptor(pkg)
        rehash(pkg, desc, rel)
        save_descriptor(pkg, desc)


def set_cell(df: pl.DataFrame, row: int, column: str, value: Any) -> pl.DataFrame:
    dtype = df.schema[column]
    return df.with_columns(pl.when(pl.int_range(pl.len()) == row).then(pl.lit(value, dtype=dtype))
                           .otherwise(pl.col(column)).alias(column))


def first_row(df: pl.DataFrame, condition: pl.Expr) -> int:
    return int(df.with_row_index("_i").filter(condition)["_i"][0])


def flip_byte_in_column(path: Path, column: str) -> None:
    """Flip one byte in the middle of the column's data pages."""
    meta = pq.ParquetFile(path).metadata
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    chunk = meta.row_group(0).column(names.index(column))
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    data = bytearray(path.read_bytes())
    data[start + chunk.total_compressed_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))


# --- damage ------------------------------------------------------------------------------------------------

def type_error_csv(pkg: Path) -> Expect:
    edit_csv_cells(pkg, "mentions", lambda df: set_cell(df, 3, "char_start", "douze"))
    return Expect("datasets/mentions.csv", "cannot be parsed", "char_start")


def type_error_parquet(pkg: Path) -> Expect:
    df = read(pkg, "mentions")
    desc = descriptor(pkg)
    table = table_of(desc, "mentions")
    arrow = pa.Table.from_arrays(
        [df[f.name].to_arrow().cast(pa.string()) if f.name == "char_start" else
         (df[f.name].to_arrow().cast(pa.string()).dictionary_encode().cast(pa.dictionary(pa.int16(), pa.string()))
          if f.enum is not None else df[f.name].to_arrow().cast(f.arrow_type())) for f in table.fields],
        names=table.field_names)
    pq.write_table(arrow, pkg / "datasets/mentions.parquet")
    rehash(pkg, desc, "datasets/mentions.parquet")
    save_descriptor(pkg, desc)
    return Expect("datasets/mentions.parquet", "type string differs from the schema's int64", "char_start")


def unknown_vocabulary(pkg: Path) -> Expect:
    df = set_cell(read(pkg, "mentions"), 2, "kind", "rumour")
    write(pkg, "mentions", df, ("csv",))
    write_loose_parquet(pkg, "mentions", df)
    return Expect("datasets/mentions.parquet", "not in vocabulary mention_kinds", "kind")


def duplicate_primary_key(pkg: Path) -> Expect:
    df = read(pkg, "events")
    df = pl.concat([df.head(1), df]).sort("event_id", maintain_order=True)
    write(pkg, "events", df)
    return Expect("datasets/events.parquet", "duplicate value", "event_id")


def duplicate_composite_key(pkg: Path) -> Expect:
    df = read(pkg, "event_participants")
    write(pkg, "event_participants", pl.concat([df.head(1), df]))
    return Expect("datasets/event_participants.parquet", "duplicate primary key")


def orphan_foreign_key(pkg: Path) -> Expect:
    df = read(pkg, "mentions")
    write(pkg, "mentions", set_cell(df, first_row(df, pl.col("event_id").is_not_null()), "event_id", "no-such-event"))
    return Expect("datasets/mentions.parquet", "has no match in events.event_id", "event_id")


def null_in_required_field(pkg: Path) -> Expect:
    df = set_cell(read(pkg, "events"), 1, "title", None)
    write(pkg, "events", df, ("csv",))
    write_loose_parquet(pkg, "events", df)
    return Expect("datasets/events.parquet", "required value is missing", "title")


def empty_string(pkg: Path) -> Expect:
    write(pkg, "actors", set_cell(read(pkg, "actors"), 1, "name", ""))
    return Expect("datasets/actors.parquet", "empty string", "name")


def end_before_start(pkg: Path) -> Expect:
    df = read(pkg, "events")
    row = first_row(df, pl.col("date_precision") == "month")
    write(pkg, "events", set_cell(df, row, "date_end", df["date_start"][row] - timedelta(days=3)))
    return Expect("datasets/events.parquet", "date_end is before date_start", "date_end")


def date_without_precision(pkg: Path) -> Expect:
    df = read(pkg, "statements")
    write(pkg, "statements", set_cell(df, first_row(df, pl.col("date_start").is_not_null()), "date_precision", None))
    return Expect("datasets/statements.parquet", "date_precision must be set exactly when there is a date",
                  "date_precision")


def pattern_violation(pkg: Path) -> Expect:
    df = read(pkg, "actors")
    write(pkg, "actors", set_cell(df, first_row(df, pl.col("country_iso3").is_not_null()), "country_iso3", "Russie"))
    return Expect("datasets/actors.parquet", "does not match pattern", "country_iso3")


def below_minimum(pkg: Path) -> Expect:
    write(pkg, "sanction_measures", set_cell(read(pkg, "sanction_measures"), 0, "rate_new_pct", -25.0))
    return Expect("datasets/sanction_measures.parquet", "less than minimum", "rate_new_pct")


def nan_number(pkg: Path) -> Expect:
    write(pkg, "sanction_measures", set_cell(read(pkg, "sanction_measures"), 0, "rate_max_pct", float("nan")))
    return Expect("datasets/sanction_measures.parquet", "is not a finite number", "rate_max_pct")


def two_targets(pkg: Path) -> Expect:
    df = read(pkg, "mentions")
    write(pkg, "mentions", set_cell(df, first_row(df, pl.col("event_id").is_not_null()), "statement_id",
                                    df.filter(pl.col("statement_id").is_not_null())["statement_id"][0]))
    return Expect("datasets/mentions.parquet", "exactly one of", "kind")


def ungrounded_event(pkg: Path) -> Expect:
    events, mentions = read(pkg, "events"), read(pkg, "mentions")
    event = events["event_id"][0]
    write(pkg, "mentions", mentions.filter(pl.col("event_id").is_null() | (pl.col("event_id") != event)))
    return Expect("datasets/events.parquet", "no mention grounds this row", "event_id")


def span_offsets_shifted(pkg: Path) -> Expect:
    df = read(pkg, "mentions")
    row = first_row(df, pl.col("kind") == "evidence")
    df = set_cell(df, row, "char_start", df["char_start"][row] + 1)
    write(pkg, "mentions", set_cell(df, row, "char_end", df["char_end"][row] + 1))
    return Expect("datasets/mentions.parquet", "not the recorded text", "text")


def span_text_edited(pkg: Path) -> Expect:
    df = read(pkg, "statements")
    quote = df["quote_text"][0]
    write(pkg, "statements", set_cell(df, 0, "quote_text", quote[:-1] + ("x" if quote[-1] != "x" else "y")))
    return Expect("datasets/statements.parquet", "not the recorded text", "quote_text")


def span_text_nfd(pkg: Path) -> Expect:
    """Accented text stored decomposed (NFD): it looks the same but is not the source's characters."""
    df = read(pkg, "mentions")
    row = first_row(df, pl.col("text").str.contains("[éèàç]"))
    write(pkg, "mentions", set_cell(df, row, "text", unicodedata.normalize("NFD", df["text"][row])))
    return Expect("datasets/mentions.parquet", "not the recorded text", "text")


def span_beyond_source(pkg: Path) -> Expect:
    df, sources = read(pkg, "mentions"), read(pkg, "sources")
    row = first_row(df, pl.col("kind") == "evidence")
    n = sources.filter(pl.col("source_id") == df["source_id"][row])["n_chars"][0]
    df = set_cell(df, row, "char_start", n + 10)
    write(pkg, "mentions", set_cell(df, row, "char_end", n + 10 + len(df["text"][row])))
    return Expect("datasets/mentions.parquet", "not the recorded text", "text")


def _edit_inside_span(pkg: Path) -> tuple[str, str]:
    """Replace one letter inside an evidence span of a source; returns (source id, its path)."""
    df, sources = read(pkg, "mentions"), read(pkg, "sources")
    row = first_row(df, (pl.col("kind") == "evidence") & pl.col("text").str.contains("[a-z]"))
    sid, start, text = df["source_id"][row], df["char_start"][row], df["text"][row]
    rel = sources.filter(pl.col("source_id") == sid)["path"][0]
    at = start + next(i for i, ch in enumerate(text) if ch.isascii() and ch.isalpha())
    body = (pkg / rel).read_text(encoding="utf-8")
    (pkg / rel).write_bytes((body[:at] + ("Q" if body[at] != "Q" else "K") + body[at + 1:]).encode("utf-8"))
    return sid, rel


def source_edited(pkg: Path) -> Expect:
    sid, rel = _edit_inside_span(pkg)
    return Expect(rel, f"the source {sid} was edited", table="sources")


def source_edited_hash_fixed(pkg: Path) -> Expect:
    """The source and its recorded sha256 both changed: only the spans can tell."""
    sid, rel = _edit_inside_span(pkg)
    sources = read(pkg, "sources")
    digest = hashlib.sha256((pkg / rel).read_bytes()).hexdigest()
    write(pkg, "sources", set_cell(sources, first_row(sources, pl.col("source_id") == sid), "sha256", digest))
    return Expect("datasets/mentions.parquet", "not the recorded text", "text")


def n_chars_wrong(pkg: Path) -> Expect:
    sources = read(pkg, "sources")
    write(pkg, "sources", set_cell(sources, 0, "n_chars", sources["n_chars"][0] + 1))
    return Expect("datasets/sources.parquet", "n_chars is", "n_chars")


def source_missing(pkg: Path) -> Expect:
    rel = read(pkg, "sources")["path"][0]
    (pkg / rel).unlink()
    return Expect(rel, "is missing while other sources are present", table="sources")


def csv_parquet_disagree(pkg: Path) -> Expect:
    edit_csv_cells(pkg, "events", lambda df: set_cell(df, 2, "title", "A different title"))
    return Expect("datasets/events.csv", "CSV has 'A different title' but Parquet has", "title")


def csv_extra_row(pkg: Path) -> Expect:
    write(pkg, "actors", pl.concat([read(pkg, "actors"), read(pkg, "actors").tail(1)]), ("csv",))
    return Expect("datasets/actors.csv", "rows but the Parquet file has")


def csv_blank_line(pkg: Path) -> Expect:
    edit_bytes(pkg, "datasets/events.csv", lambda b: b.replace(b"\n", b"\n\n", 2).replace(b"\n\n", b"\n", 1))
    return Expect("datasets/events.csv", "rows but the Parquet file has")


def parquet_flipped_byte(pkg: Path) -> Expect:
    flip_byte_in_column(pkg / "datasets/mentions.parquet", "text")
    return Expect("datasets/mentions.parquet", "does not match the descriptor", table="mentions")


def parquet_flipped_byte_hash_fixed(pkg: Path) -> Expect:
    flip_byte_in_column(pkg / "datasets/mentions.parquet", "text")
    desc = descriptor(pkg)
    rehash(pkg, desc, "datasets/mentions.parquet")
    save_descriptor(pkg, desc)
    return Expect("datasets/mentions.parquet", "cannot be read as Parquet",
                  alternatives=(("datasets/mentions.csv", "but Parquet has"),
                                ("datasets/mentions.csv", "rows but the Parquet file has")))


def parquet_truncated(pkg: Path) -> Expect:
    edit_bytes(pkg, "datasets/statements.parquet", lambda b: b[: len(b) // 2])
    return Expect("datasets/statements.parquet", "cannot be read as Parquet")


def parquet_empty_file(pkg: Path) -> Expect:
    edit_bytes(pkg, "datasets/actors.parquet", lambda b: b"")
    return Expect("datasets/actors.parquet", "cannot be read as Parquet")


def parquet_is_csv(pkg: Path) -> Expect:
    edit_bytes(pkg, "datasets/events.parquet", lambda b: (pkg / "datasets/events.csv").read_bytes())
    return Expect("datasets/events.parquet", "cannot be read as Parquet")


def parquet_tables_swapped(pkg: Path) -> Expect:
    edit_bytes(pkg, "datasets/events.parquet", lambda b: (pkg / "datasets/actors.parquet").read_bytes())
    return Expect("datasets/events.parquet", "differ from the schema's")


def csv_truncated(pkg: Path) -> Expect:
    edit_bytes(pkg, "datasets/statements.csv", lambda b: b[: len(b) // 2])
    return Expect("datasets/statements.csv", "truncated")


def missing_file(pkg: Path) -> Expect:
    (pkg / "datasets/events.csv").unlink()
    return Expect(f"{DESCRIPTOR}: resources[{_index(pkg, 'events')}] (events)", "is missing")


def _index(pkg: Path, name: str) -> int:
    return [r["name"] for r in descriptor(pkg)["resources"]].index(name)


def csv_extra_column(pkg: Path) -> Expect:
    edit_csv_cells(pkg, "actors", lambda df: df.with_columns(pl.lit("x").alias("nickname")))
    return Expect("datasets/actors.csv", "header", table="actors")


def csv_reordered_columns(pkg: Path) -> Expect:
    edit_csv_cells(pkg, "events", lambda df: df.select([df.columns[1], df.columns[0], *df.columns[2:]]))
    return Expect("datasets/events.csv", "differs from the schema's fields", table="events")


def parquet_extra_column(pkg: Path) -> Expect:
    path = pkg / "datasets/actors.parquet"
    data = pq.read_table(path)
    pq.write_table(data.append_column("nickname", pa.array(["x"] * data.num_rows)), path)
    desc = descriptor(pkg)
    rehash(pkg, desc, "datasets/actors.parquet")
    save_descriptor(pkg, desc)
    return Expect("datasets/actors.parquet", "differ from the schema's", table="actors")


def parquet_reordered_columns(pkg: Path) -> Expect:
    path = pkg / "datasets/events.parquet"
    data = pq.read_table(path)
    names = data.column_names
    pq.write_table(data.select([names[1], names[0], *names[2:]]), path)
    desc = descriptor(pkg)
    rehash(pkg, desc, "datasets/events.parquet")
    save_descriptor(pkg, desc)
    return Expect("datasets/events.parquet", "differ from the schema's", table="events")


def wrong_hash(pkg: Path) -> Expect:
    desc = descriptor(pkg)
    resource(desc, "events-parquet")["hash"] = "sha256:" + "0" * 64
    save_descriptor(pkg, desc)
    return Expect("datasets/events.parquet", "does not match the descriptor", table="events")


def missing_hash(pkg: Path) -> Expect:
    desc = descriptor(pkg)
    del resource(desc, "mentions-parquet")["hash"]
    save_descriptor(pkg, desc)
    return Expect("datasets/mentions.parquet", "has no sha256 hash", table="mentions")


def wrong_byte_count(pkg: Path) -> Expect:
    desc = descriptor(pkg)
    resource(desc, "actors")["bytes"] += 1
    save_descriptor(pkg, desc)
    return Expect("datasets/actors.csv", "the descriptor says", table="actors")


def _repath(pkg: Path, name: str, path: str) -> Expect:
    desc = descriptor(pkg)
    resource(desc, name)["path"] = path
    save_descriptor(pkg, desc)
    return Expect(f"{DESCRIPTOR}: resources[{_index(pkg, name)}] ({name})", "")


def path_traversal(pkg: Path) -> Expect:
    shutil.copy(pkg / "datasets/events.csv", pkg.parent / "events.csv")
    e = _repath(pkg, "events", "../events.csv")
    return Expect(e.file, "contains '..'")


def absolute_path(pkg: Path) -> Expect:
    e = _repath(pkg, "events", str((pkg / "datasets/events.csv").resolve()))
    return Expect(e.file, "is absolute")


def url_path(pkg: Path) -> Expect:
    e = _repath(pkg, "events", "https://example.invalid/datasets/events.csv")
    return Expect(e.file, "is a URL")


def symlink_out_of_package(pkg: Path) -> Expect:
    outside = pkg.parent / "outside-events.csv"
    target = pkg / "datasets/events.csv"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    os.symlink(outside, target)
    return Expect(f"{DESCRIPTOR}: resources[{_index(pkg, 'events')}] (events)", "symlink leading outside")


def csv_invalid_utf8(pkg: Path) -> Expect:
    def latin1(b: bytes) -> bytes:
        i = b.index("é".encode())
        return b[:i] + "é".encode("latin-1") + b[i + 2:]
    edit_bytes(pkg, "datasets/mentions.csv", latin1)
    return Expect("datasets/mentions.csv", "not valid UTF-8 at byte", table="mentions")


def csv_bom(pkg: Path) -> Expect:
    edit_bytes(pkg, "datasets/events.csv", lambda b: b"\xef\xbb\xbf" + b)
    return Expect("datasets/events.csv", "byte-order mark", table="events")


def csv_crlf(pkg: Path) -> Expect:
    edit_bytes(pkg, "datasets/events.csv", lambda b: b.replace(b"\n", b"\r\n"))
    return Expect("datasets/events.csv", "CR (\\r) line endings", table="events")


def csv_ragged_row(pkg: Path) -> Expect:
    def drop_last_field(b: bytes) -> bytes:
        lines = b.split(b"\n")
        i = next(i for i, line in enumerate(lines) if i > 0 and line.endswith(b",") and b'"' not in line)
        lines[i] = lines[i][:-1]
        return b"\n".join(lines)
    edit_bytes(pkg, "datasets/event_participants.csv", drop_last_field)
    return Expect("datasets/event_participants.csv", "ragged row", table="event_participants")


def empty_required_table(pkg: Path) -> Expect:
    write(pkg, "events", read(pkg, "events").clear())
    return Expect("datasets/events.parquet", "table is empty", table="events")


def missing_resource(pkg: Path) -> Expect:
    desc = descriptor(pkg)
    desc["resources"] = [r for r in desc["resources"] if r["name"] != "statements-parquet"]
    save_descriptor(pkg, desc)
    return Expect(DESCRIPTOR, "has no parquet resource for table 'statements'", table="statements")


def missing_vocabulary_table(pkg: Path) -> Expect:
    desc = descriptor(pkg)
    desc["resources"] = [r for r in desc["resources"] if not r["name"].startswith("vocab_mention_kinds")]
    save_descriptor(pkg, desc)
    return Expect(DESCRIPTOR, "refers to vocabulary table 'vocab_mention_kinds'", table="mentions")


def vocabulary_code_removed(pkg: Path) -> Expect:
    write(pkg, "vocab_mention_kinds", read(pkg, "vocab_mention_kinds").filter(pl.col("code") != "quote"))
    return Expect("datasets/vocab_mention_kinds.parquet", "lacks ['quote']", "code")


def descriptor_not_json(pkg: Path) -> Expect:
    path = pkg / DESCRIPTOR
    path.write_bytes(path.read_bytes()[:-200])
    return Expect(DESCRIPTOR, "not valid JSON")


def descriptor_profile_broken(pkg: Path) -> Expect:
    desc = descriptor(pkg)
    resource(desc, "events")["schema"]["fields"][0]["type"] = "text"
    save_descriptor(pkg, desc)
    return Expect(DESCRIPTOR, "text")


def descriptor_type_changed(pkg: Path) -> Expect:
    desc = descriptor(pkg)
    next(f for f in resource(desc, "mentions-parquet")["schema"]["fields"] if f["name"] == "char_start")["type"] = "string"
    save_descriptor(pkg, desc)
    return Expect("datasets/mentions.parquet", "type int64 differs from the schema's string", "char_start")


def duplicate_resource_name(pkg: Path) -> Expect:
    desc = descriptor(pkg)
    i = _index(pkg, "mentions-parquet")  # listed after events-parquet
    desc["resources"][i]["name"] = "events-parquet"
    save_descriptor(pkg, desc)
    return Expect(f"{DESCRIPTOR}: resources[{i}]", "duplicate resource name 'events-parquet'")


KINDS: tuple[Damage, ...] = (
    Damage("type_error_csv", "a word in an integer column of a CSV", type_error_csv),
    Damage("type_error_parquet", "an integer column written as strings in a Parquet file", type_error_parquet),
    Damage("unknown_vocabulary", "a code that is not in its vocabulary (CSV and Parquet)", unknown_vocabulary),
    Damage("duplicate_primary_key", "a row repeated: duplicate event_id", duplicate_primary_key),
    Damage("duplicate_composite_key", "duplicate (event_id, actor_id, role) in event_participants", duplicate_composite_key),
    Damage("orphan_foreign_key", "a mention pointing at an event that does not exist", orphan_foreign_key),
    Damage("null_in_required_field", "null event title", null_in_required_field),
    Damage("empty_string", "empty string instead of null", empty_string),
    Damage("end_before_start", "date_end before date_start", end_before_start),
    Damage("date_without_precision", "a date without its date_precision", date_without_precision),
    Damage("pattern_violation", "country code that is not ISO alpha-3", pattern_violation),
    Damage("below_minimum", "negative tariff rate", below_minimum),
    Damage("nan_number", "NaN in a number column", nan_number),
    Damage("two_targets", "a mention pointing at two records", two_targets),
    Damage("ungrounded_event", "an event no mention grounds", ungrounded_event),
    Damage("span_offsets_shifted", "provenance offsets moved by one character", span_offsets_shifted),
    Damage("span_text_edited", "quote_text no longer the source's characters", span_text_edited),
    Damage("span_text_nfd", "span text re-normalised to NFD (looks identical)", span_text_nfd),
    Damage("span_beyond_source", "a span past the end of its source", span_beyond_source),
    Damage("source_edited", "a source file edited (its sha256 stale)", source_edited),
    Damage("source_edited_hash_fixed", "a source edited inside a span, sha256 updated everywhere", source_edited_hash_fixed),
    Damage("n_chars_wrong", "sources.n_chars off by one", n_chars_wrong),
    Damage("source_missing", "one source file deleted", source_missing),
    Damage("csv_parquet_disagree", "CSV and Parquet disagree on a value", csv_parquet_disagree),
    Damage("csv_extra_row", "CSV has a row the Parquet file has not", csv_extra_row),
    Damage("csv_blank_line", "a blank line inside a CSV", csv_blank_line),
    Damage("parquet_flipped_byte", "one flipped byte inside a Parquet file", parquet_flipped_byte),
    Damage("parquet_flipped_byte_hash_fixed", "one flipped byte inside a Parquet file, hash updated", parquet_flipped_byte_hash_fixed),
    Damage("parquet_truncated", "Parquet file cut in half, hash updated", parquet_truncated),
    Damage("parquet_empty_file", "Parquet file of zero bytes, hash updated", parquet_empty_file),
    Damage("parquet_is_csv", "CSV bytes under a .parquet name, hash updated", parquet_is_csv),
    Damage("parquet_tables_swapped", "another table's Parquet file, hash updated", parquet_tables_swapped),
    Damage("csv_truncated", "CSV file cut mid-row, hash updated", csv_truncated),
    Damage("missing_file", "a data file deleted", missing_file),
    Damage("csv_extra_column", "an extra column in a CSV", csv_extra_column),
    Damage("csv_reordered_columns", "CSV columns reordered", csv_reordered_columns),
    Damage("parquet_extra_column", "an extra column in a Parquet file", parquet_extra_column),
    Damage("parquet_reordered_columns", "Parquet columns reordered", parquet_reordered_columns),
    Damage("wrong_hash", "wrong sha256 in the descriptor", wrong_hash),
    Damage("missing_hash", "no sha256 in the descriptor", missing_hash),
    Damage("wrong_byte_count", "wrong byte count in the descriptor", wrong_byte_count),
    Damage("path_traversal", "resource path with '..'", path_traversal),
    Damage("absolute_path", "absolute resource path", absolute_path),
    Damage("url_path", "URL resource path", url_path),
    Damage("symlink_out_of_package", "data file replaced by a symlink leaving the package", symlink_out_of_package),
    Damage("csv_invalid_utf8", "Latin-1 byte inside a UTF-8 CSV", csv_invalid_utf8),
    Damage("csv_bom", "CSV with a byte-order mark", csv_bom),
    Damage("csv_crlf", "CSV with CRLF line endings", csv_crlf),
    Damage("csv_ragged_row", "a CSV row with a field missing", csv_ragged_row),
    Damage("empty_required_table", "events table emptied (CSV and Parquet)", empty_required_table),
    Damage("missing_resource", "a table's Parquet resource removed from the descriptor", missing_resource),
    Damage("missing_vocabulary_table", "a vocabulary table removed from the descriptor", missing_vocabulary_table),
    Damage("vocabulary_code_removed", "a code removed from a vocabulary table", vocabulary_code_removed),
    Damage("descriptor_not_json", "datapackage.json cut short", descriptor_not_json),
    Damage("descriptor_profile_broken", "a Table Schema field of unknown type", descriptor_profile_broken),
    Damage("descriptor_type_changed", "a field's type changed in the descriptor only", descriptor_type_changed),
    Damage("duplicate_resource_name", "two resources with the same name", duplicate_resource_name),
)
