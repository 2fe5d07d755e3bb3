"""`datapkg validate`: a published package checked against the contract it carries.

Descriptor (frictionless' own profile check), path policy, sha256 of every file (Parquet included), strict CSV
dialect (UTF-8 without BOM, LF, one field per column on every row), Parquet schema, pandera per table, keys
across tables, CSV ≡ Parquet, every contract table present in both formats, and every provenance span against
the sources when they are present.

A CSV is proven equal to its Parquet twin by writing the Parquet frame with the project's CSV writer and
comparing the bytes: the same bytes mean the same dialect and the same values, without parsing. Only a CSV that
differs is parsed (strictly, block by block) and compared row by row to name the difference. Tables are checked
in a thread pool (reading, hashing and the polars/pyarrow work release the GIL) while frictionless checks the
descriptor and the sources are read; spans are checked in one vectorised pass (see spans.SourceTexts).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .checks import check_keys, check_rules, check_schema, check_spans, check_vocabularies
from .contract import TABLE_ORDER, TYPES, VOCAB_PREFIX, Table, table_from_table_schema
from .errors import Problem
from .publish import write_csv
from .spans import SourceTexts

DESCRIPTOR = "datapackage.json"
PARQUET_SUFFIX = "-parquet"
FORMATS = ("csv", "parquet")
NON_EMPTY = ("sources", "actors", "events", "mentions")  # a package without rows in these is unusable
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://|^[a-zA-Z][a-zA-Z0-9+.-]*:(?![\\/])")
_CSV_COLUMN = re.compile(r"In CSV column #(\d+): ")
WORKERS = (os.cpu_count() or 1) + 1  # one more than cores: the descriptor check is mostly Python


class UsageError(Exception):
    pass


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0

    @property
    def valid(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "files_checked": self.files, "rows": self.rows,
                "problems": [p.as_dict() for p in self.problems]}


def safe_path(base: Path, rel: Any, where: str, real_dirs: dict[str, str] | None = None) -> tuple[Path | None, Problem | None]:
    """Resolve a path from the descriptor or the sources table, refusing anything that could leave the package.
    `real_dirs` caches resolved folders when many files share them (the sources)."""
    if not isinstance(rel, str) or not rel:
        return None, Problem(where, f"path {rel!r} must be a single relative path string", check="path")
    if _URL.match(rel):
        return None, Problem(where, f"path {rel!r} is a URL; only files inside the package are allowed (no network)", check="path")
    if rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel):
        return None, Problem(where, f"path {rel!r} is absolute; use a path relative to the package root", check="path")
    if ".." in re.split(r"[\\/]", rel):
        return None, Problem(where, f"path {rel!r} contains '..'; paths may not leave the package", check="path")
    full = os.path.join(base, rel)
    cache = {} if real_dirs is None else real_dirs
    real_base = _real_dir(str(base), cache)
    try:
        mode = os.lstat(full).st_mode
    except OSError:
        mode = 0
    # A file that is not a symlink resolves inside its resolved folder; only symlinks need a full resolution.
    if stat.S_ISLNK(mode):
        real = os.path.realpath(full)
    else:
        real = os.path.join(_real_dir(os.path.dirname(full), cache), os.path.basename(full))
    if real != real_base and not real.startswith(real_base.rstrip(os.sep) + os.sep):
        return None, Problem(where, f"path {rel!r} is a symlink leading outside the package; copy the file in instead", check="path")
    if not (stat.S_ISREG(mode) or (stat.S_ISLNK(mode) and os.path.isfile(full))):
        return None, Problem(where, f"file {rel!r} is missing; rebuild the package or restore the file", check="file")
    return Path(full), None


def _real_dir(path: str, cache: dict[str, str]) -> str:
    if path not in cache:
        cache[path] = os.path.realpath(path)
    return cache[path]


@dataclass
class _Resource:
    """A resource that passed the descriptor-level checks, waiting to be read."""

    index: int
    name: str
    base: str  # the table's name
    fmt: str
    rel: str
    path: Path
    table: Table
    desc: dict[str, Any]


@dataclass
class _Checked:
    """One table after its files were hashed, read, compared and schema-checked."""

    frame: pl.DataFrame | None = None
    where: str = ""
    file_problems: dict[int, list[Problem]] = field(default_factory=dict)  # by resource index
    table_problems: list[Problem] = field(default_factory=list)
    schema_problems: list[Problem] = field(default_factory=list)


def _read_descriptor(pkg: Path, report: Report) -> dict[str, Any] | None:
    path = pkg / DESCRIPTOR
    try:
        desc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        report.problems.append(Problem(DESCRIPTOR, f"not valid JSON ({exc}); rebuild with `datapkg build`", check="descriptor"))
        return None
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        report.problems.append(Problem(DESCRIPTOR, "must be an object with a `resources` list", check="descriptor"))
        return None
    return desc


def _profile_problems(desc: dict[str, Any]) -> list[Problem]:
    from frictionless import Package  # imported here: it is slow to import and only the descriptor needs it

    return [Problem(DESCRIPTOR, f"{err[0]}: {err[1]}", check="descriptor")
            for err in Package.validate_descriptor(desc).flatten(["type", "note"])[:20]]


def _resources(pkg: Path, desc: dict[str, Any], report: Report) -> tuple[list[_Resource], dict[int, list[Problem]]]:
    """Descriptor-level checks of every resource: name, path policy, Table Schema, format."""
    out: list[_Resource] = []
    problems: dict[int, list[Problem]] = {}
    seen: set[str] = set()
    real_dirs: dict[str, str] = {}
    for i, res in enumerate(desc["resources"]):
        found = problems.setdefault(i, [])
        name = res.get("name") if isinstance(res, dict) else None
        where = f"{DESCRIPTOR}: resources[{i}]"
        if not isinstance(res, dict) or not isinstance(name, str):
            found.append(Problem(where, "resource without a name", check="descriptor"))
            continue
        if name in seen:
            found.append(Problem(where, f"duplicate resource name {name!r}", check="descriptor"))
        seen.add(name)
        path, problem = safe_path(pkg, res.get("path"), f"{where} ({name})", real_dirs)
        if problem:
            found.append(problem)
            continue
        assert path is not None
        report.files += 1
        rel = res["path"]
        schema = res.get("schema")
        if not isinstance(schema, dict):
            found.append(Problem(rel, "resource has no inline Table Schema", name, check="descriptor"))
            continue
        base = name.removesuffix(PARQUET_SUFFIX)
        try:
            table = table_from_table_schema(base, res.get("title", base), res.get("description", ""), schema)
        except (KeyError, TypeError) as exc:
            found.append(Problem(rel, f"Table Schema is malformed ({exc})", name, check="descriptor"))
            continue
        unknown = [f"{f.name}: {f.type!r}" for f in table.fields if f.type not in TYPES]
        if unknown:
            found.append(Problem(rel, f"Table Schema has field types this package format does not use ({', '.join(unknown)}); "
                                      f"use one of {list(TYPES)}", name, check="descriptor"))
            continue
        fmt = res.get("format")
        if fmt not in FORMATS:
            found.append(Problem(rel, f"format {fmt!r} is neither csv nor parquet", name, check="descriptor"))
            continue
        out.append(_Resource(i, name, base, fmt, rel, path, table, res))
    return out, problems


@dataclass
class _Scan:
    """What one pass over a file's bytes tells: its hash and size, and the CSV dialect facts."""

    sha256: str
    size: int
    head: bytes  # the first block
    last: bytes  # the last byte
    has_cr: bool


def _scan(path: Path) -> _Scan:
    h = hashlib.sha256()
    head, last, has_cr, size = b"", b"", False, 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
            head = head or block
            has_cr = has_cr or b"\r" in block
            last, size = block[-1:], size + len(block)
    return _Scan(h.hexdigest(), size, head, last, has_cr)


def _hash_problems(item: _Resource, scan: _Scan) -> list[Problem]:
    out = []
    expected = str(item.desc.get("hash", "")).removeprefix("sha256:")
    if not expected:
        out.append(Problem(item.rel, "has no sha256 hash in the descriptor", item.name, check="hash"))
    elif expected != scan.sha256:
        out.append(Problem(item.rel, f"sha256 {scan.sha256[:12]}… does not match the descriptor's {expected[:12]}…; "
                                     "the file was changed after publication", item.name, check="hash"))
    if "bytes" in item.desc and item.desc["bytes"] != scan.size:
        out.append(Problem(item.rel, f"has {scan.size} bytes, the descriptor says {item.desc['bytes']}",
                           item.name, check="hash"))
    return out


def _read_parquet(path: Path, table: Table, where: str, problems: list[Problem]) -> pl.DataFrame | None:
    """The Parquet file as a frame with vocabulary columns as strings, after checking its Arrow schema (names,
    order, types, dictionaries) against the Table Schema."""
    try:
        schema = pq.read_schema(path)
        expected = table.arrow_schema()
        if schema.names != expected.names:
            problems.append(Problem(where, f"columns {schema.names} differ from the schema's {expected.names}",
                                    table.name, check="columns"))
            return None
        wrong = [Problem(where, f"type {f.type} differs from the schema's {e.type}", table.name, column=f.name,
                         check="types") for f, e in zip(schema, expected) if f.type != e.type]
        if wrong:
            problems += wrong
            return None
        df = pl.read_parquet(path, use_pyarrow=False)
    except (Exception, pl.exceptions.PanicException) as exc:  # noqa: BLE001 - any reader failure means a damaged file
        problems.append(Problem(where, f"cannot be read as Parquet ({type(exc).__name__}: {_one_line(exc)}); "
                                       f"the file is damaged: rebuild it", table.name, check="parquet"))
        return None
    return df.with_columns(pl.col(pl.Categorical).cast(pl.Utf8))


def _read_csv(path: Path, scan: _Scan, table: Table, where: str, problems: list[Problem],
              row_hashes: bool = False) -> pl.DataFrame | pl.Series | None:
    """Parse a CSV strictly: UTF-8 without BOM, LF line endings, the schema's header, one field per column on
    every row, every value of the column's type. With `row_hashes`, only one hash per row is kept, block by
    block, so that a large file never sits in memory as a whole."""
    if scan.head.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(where, "starts with a byte-order mark; save as UTF-8 without BOM", table.name, check="encoding"))
        return None
    if scan.has_cr:
        problems.append(Problem(where, "has CR (\\r) line endings; the dialect says \\n", table.name, check="dialect"))
        return None
    try:
        header = scan.head.split(b"\n", 1)[0].decode("utf-8").split(",")
    except UnicodeDecodeError as exc:
        problems.append(Problem(where, f"not valid UTF-8 at byte {exc.start}; save as UTF-8", table.name, check="encoding"))
        return None
    if header != table.field_names:
        problems.append(Problem(where, f"header {header} differs from the schema's fields {table.field_names}",
                                table.name, check="columns"))
        return None
    if scan.last != b"\n":
        problems.append(Problem(where, "does not end with a line break; the file is truncated or was not written by "
                                       "`datapkg build`", table.name, check="dialect"))
        return None
    types = {f.name: (pa.string() if f.enum is not None else f.arrow_type()) for f in table.fields}
    parts: list[Any] = []
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=1 << 22, use_threads=False),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=types, null_values=[""], strings_can_be_null=True,
                                                 quoted_strings_can_be_null=True))
        for batch in reader:
            df = pl.from_arrow(pa.Table.from_batches([batch]))
            parts.append(df.hash_rows() if row_hashes else df)  # type: ignore[union-attr]
    except pa.ArrowInvalid as exc:
        problems.append(_csv_problem(path, exc, table, where))
        return None
    finally:
        pa.default_memory_pool().release_unused()  # arrow's allocator keeps freed blocks otherwise
    if row_hashes:
        return pl.concat(parts) if parts else pl.Series(dtype=pl.UInt64)
    return pl.concat(parts) if parts else pl.from_arrow(reader.schema.empty_table())  # type: ignore[return-value]


def _csv_problem(path: Path, exc: Exception, table: Table, where: str) -> Problem:
    text = _one_line(exc)
    if "invalid UTF8" in text:
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as err:
            return Problem(where, f"not valid UTF-8 at byte {err.start}; save as UTF-8", table.name, check="encoding")
    column = None
    m = _CSV_COLUMN.search(text)
    if m and int(m[1]) < len(table.fields):
        column = table.fields[int(m[1])].name
        text = text[m.end():]
    if "Expected" in text and "columns, got" in text:
        return Problem(where, f"ragged row: {text}; every row needs one field per column", table.name, check="csv")
    return Problem(where, f"cannot be parsed with the schema's types ({text})", table.name, column=column, check="csv")


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:197] + "..."


def _compare(csv: pl.DataFrame, parquet: pl.DataFrame, table: Table, where: str) -> list[Problem]:
    if csv.height != parquet.height:
        return [Problem(where, f"has {csv.height} rows but the Parquet file has {parquet.height}", table.name,
                        check="csv_parquet")]
    if csv.equals(parquet, null_equal=True):
        return []
    for name in table.field_names:
        a, b = csv[name], parquet[name]
        diff = ~(a.eq_missing(b))
        if diff.any():
            row = int(diff.arg_max())  # type: ignore[arg-type]
            return [Problem(where, f"CSV has {a[row]!r} but Parquet has {b[row]!r}", table.name, row, name,
                            check="csv_parquet")]
    return []


def _check_table(base: str, items: list[_Resource]) -> _Checked:
    """Hash and read the files of one table, check that its CSV holds the same rows as its Parquet file, then
    run its pandera schema on the Parquet frame (the CSV one when the Parquet file is unreadable).

    The CSV is first compared with the Parquet frame written out by the project's CSV writer: the same bytes
    prove both the dialect and the values, without parsing the file. Otherwise the CSV is parsed strictly and
    compared row by row, to name what differs."""
    out = _Checked()
    csv: tuple[_Resource, _Scan] | None = None
    parquet: _Resource | None = None
    frame: pl.DataFrame | None = None
    for item in sorted(items, key=lambda r: FORMATS.index(r.fmt)):
        scan = _scan(item.path)
        out.file_problems.setdefault(item.index, []).extend(_hash_problems(item, scan))
        if item.fmt == "csv" and csv is None:
            csv = (item, scan)
        elif item.fmt == "parquet" and parquet is None:
            frame = _read_parquet(item.path, item.table, item.rel, out.file_problems[item.index])
            parquet = item if frame is not None else None
    if parquet is not None and frame is not None:
        table, where = parquet.table, parquet.rel
        if csv is not None and not _writes_as(frame, csv[0].path):
            item, scan = csv
            hashes = _read_csv(item.path, scan, item.table, item.rel, out.file_problems[item.index], row_hashes=True)
            if isinstance(hashes, pl.Series):
                out.table_problems += _compare_rows(item, hashes, frame, table)
    elif csv is not None:
        item, scan = csv
        table, where = item.table, item.rel
        read = _read_csv(item.path, scan, item.table, item.rel, out.file_problems[item.index])
        frame = read if isinstance(read, pl.DataFrame) else None
    if frame is None:
        return out
    out.frame, out.where = frame, where
    if frame.height == 0 and base in NON_EMPTY:
        out.table_problems.append(Problem(where, "table is empty; a package without it is unusable", base, check="empty"))
    out.schema_problems = check_schema(table, frame, where)
    return out


class _SameBytes:
    """A write-only file that compares what is written to it with the bytes of an existing file."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("rb")
        self.same = True

    def write(self, data: bytes) -> int:
        self.same = self.same and self.file.read(len(data)) == data
        return len(data)

    def flush(self) -> None:
        pass


def _writes_as(frame: pl.DataFrame, path: Path) -> bool:
    """Whether the project's CSV writer turns `frame` into exactly the bytes of `path` (compared as they are
    written: the CSV is never held in memory)."""
    sink = _SameBytes(path)
    try:
        write_csv(frame, sink)  # type: ignore[arg-type]
        return sink.same and sink.file.read(1) == b""
    finally:
        sink.file.close()


def _compare_rows(csv: _Resource, csv_rows: pl.Series, parquet: pl.DataFrame, table: Table) -> list[Problem]:
    if csv_rows.len() == parquet.height and (csv_rows == parquet.hash_rows()).all():
        return []
    again = _read_csv(csv.path, _scan(csv.path), csv.table, csv.rel, [])
    return _compare(again, parquet, table, csv.rel) if isinstance(again, pl.DataFrame) else []


def _missing_tables(desc: dict[str, Any], tables: dict[str, Table]) -> list[Problem]:
    """Every table of the product declared in both formats, and every table a foreign key points at."""
    formats: dict[str, set[str]] = {}
    for res in desc["resources"]:
        if isinstance(res, dict) and isinstance(res.get("name"), str):
            formats.setdefault(res["name"].removesuffix(PARQUET_SUFFIX), set()).add(str(res.get("format")))
    out = []
    for base in TABLE_ORDER:
        for fmt in FORMATS:
            if fmt not in formats.get(base, set()):
                out.append(Problem(DESCRIPTOR, f"has no {fmt} resource for table {base!r}; every table is published "
                                               f"as CSV and Parquet: rebuild with `datapkg build`", base, check="descriptor"))
    for name, table in tables.items():
        for fk in table.all_foreign_keys():
            if fk.table not in formats and fk.table not in TABLE_ORDER:
                kind = "vocabulary table" if fk.table.startswith(VOCAB_PREFIX) else "table"
                out.append(Problem(DESCRIPTOR, f"{name}.{'/'.join(fk.fields)} refers to {kind} {fk.table!r}, which the "
                                               f"package does not have", name, check="descriptor"))
    return out


def validate_package(pkg: Path, source_root: Path | None = None) -> Report:
    """Validate the package in `pkg`. Sources are looked up under `source_root` (default: the package itself)."""
    if not (pkg / DESCRIPTOR).is_file():
        raise UsageError(f"{pkg}: no {DESCRIPTOR} here; give the folder of a data package")
    report = Report()
    desc = _read_descriptor(pkg, report)
    if desc is None:
        return report
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        profile = pool.submit(_profile_problems, desc)
        resources, file_problems = _resources(pkg, desc, report)
        by_table: dict[str, list[_Resource]] = {}
        for r in resources:
            by_table.setdefault(r.base, []).append(r)
        # The sources table first (its paths are needed to read the sources meanwhile), then the largest files,
        # so that the longest job does not start last.
        order = sorted(by_table, key=lambda b: (b != "sources", -sum(r.path.stat().st_size for r in by_table[b])))
        jobs = {base: pool.submit(_check_table, base, by_table[base]) for base in order}
        sources = jobs["sources"].result().frame if "sources" in jobs else None
        texts, text_problems = _source_texts(source_root or pkg, sources)
        checked = {base: jobs[base].result() for base in by_table}
        report.problems += profile.result()
        for c in checked.values():
            for i, found in c.file_problems.items():
                file_problems[i] += found
        for i in sorted(file_problems):
            report.problems += file_problems[i]
        tables = {r.base: r.table for r in sorted(resources, key=lambda r: FORMATS.index(r.fmt))}
        report.problems += _missing_tables(desc, tables)
        frames = {base: c.frame for base, c in checked.items() if c.frame is not None}
        where_of = {base: c.where for base, c in checked.items()}
        for base, c in checked.items():
            report.problems += c.table_problems
            if c.frame is not None:
                report.rows[base] = c.frame.height
        for c in checked.values():
            report.problems += c.schema_problems
        present = {n: t for n, t in tables.items() if n in frames}
        keys = pool.submit(lambda: check_keys(present, frames, where_of) + check_vocabularies(present, frames, where_of))
        rules = pool.submit(check_rules, present, frames, where_of)
        report.problems += keys.result() + rules.result() + text_problems
        # Spans last, once the key checks have released their memory.
        report.problems += check_spans(present, frames, where_of, texts) if texts is not None else []
    return report


def _source_texts(root: Path, sources: pl.DataFrame | None) -> tuple[SourceTexts | None, list[Problem]]:
    """Texts of the sources, when `root` has them; their sha256 must match the sources table and they must be
    UTF-8. When some sources are present, all must be."""
    if sources is None or not {"source_id", "path", "sha256"} <= set(sources.columns):
        return None, []
    problems: list[Problem] = []
    files: list[tuple[str, str, int]] = []
    expected: dict[str, tuple[str, str]] = {}
    missing: list[tuple[str, str]] = []
    real_dirs: dict[str, str] = {}
    for sid, rel, digest in zip(sources["source_id"].to_list(), sources["path"].to_list(), sources["sha256"].to_list()):
        path, problem = safe_path(root, rel, f"sources table ({sid})", real_dirs)
        if problem and problem.check == "file":
            missing.append((sid, str(rel)))
        elif problem:
            problems.append(problem)
        elif sid not in expected:
            assert path is not None
            files.append((sid, str(path), path.stat().st_size))
            expected[sid] = (str(rel), digest)
    if not files:
        return None, problems
    for sid, rel in missing[:20]:
        problems.append(Problem(rel, f"source {sid} is missing while other sources are present; restore the file so "
                                     f"that its spans can be checked", "sources", check="provenance"))
    if len(missing) > 20:
        problems.append(Problem("sources/", f"... and {len(missing) - 20} more missing sources", "sources",
                                check="provenance"))
    texts, digests = SourceTexts.read(files)
    good = set(texts.ids)
    for sid, digest in zip(texts.ids, digests):
        rel, recorded = expected[sid]
        if digest != recorded:
            problems.append(Problem(rel, f"sha256 differs from the sources table; the source {sid} was edited",
                                    "sources", check="provenance"))
            good.discard(sid)
    for sid in texts.invalid_utf8():
        if sid in good:
            problems.append(Problem(expected[sid][0], "not valid UTF-8", "sources", check="provenance"))
            good.discard(sid)
    if not good:
        return None, problems
    return (texts if len(good) == len(texts.ids) else texts.select(good)), problems
