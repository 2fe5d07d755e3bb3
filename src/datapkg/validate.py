"""`datapkg validate`: a published package checked against the contract it carries.

Descriptor (frictionless' own profile check), path policy, sha256 of every file (Parquet included), Parquet
schema, pandera per table, keys across tables, CSV ≡ Parquet, and every provenance span against the sources
when they are present.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from .checks import POLARS_TYPES, check_all
from .contract import Table, table_from_table_schema
from .errors import Problem

DESCRIPTOR = "datapackage.json"
PARQUET_SUFFIX = "-parquet"
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://|^[a-zA-Z][a-zA-Z0-9+.-]*:(?![\\/])")


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


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def safe_path(base: Path, rel: Any, where: str) -> tuple[Path | None, Problem | None]:
    """Resolve a path from the descriptor or the sources table, refusing anything that could leave the package."""
    if not isinstance(rel, str) or not rel:
        return None, Problem(where, f"path {rel!r} must be a single relative path string", check="path")
    if _URL.match(rel):
        return None, Problem(where, f"path {rel!r} is a URL; only files inside the package are allowed (no network)", check="path")
    if rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel):
        return None, Problem(where, f"path {rel!r} is absolute; use a path relative to the package root", check="path")
    if ".." in re.split(r"[\\/]", rel):
        return None, Problem(where, f"path {rel!r} contains '..'; paths may not leave the package", check="path")
    full = base / rel
    real_base = os.path.realpath(base)
    if os.path.commonpath([real_base, os.path.realpath(full)]) != real_base:
        return None, Problem(where, f"path {rel!r} is a symlink leading outside the package; copy the file in instead", check="path")
    if not full.is_file():
        return None, Problem(where, f"file {rel!r} is missing; rebuild the package or restore the file", check="file")
    return full, None


def _descriptor(pkg: Path, report: Report) -> dict[str, Any] | None:
    path = pkg / DESCRIPTOR
    try:
        desc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        report.problems.append(Problem(DESCRIPTOR, f"not valid JSON ({exc}); rebuild with `datapkg build`", check="descriptor"))
        return None
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        report.problems.append(Problem(DESCRIPTOR, "must be an object with a `resources` list", check="descriptor"))
        return None
    from frictionless import Package  # imported here: it is slow to import and only the descriptor needs it

    for err in Package.validate_descriptor(desc).flatten(["type", "note"])[:20]:
        report.problems.append(Problem(DESCRIPTOR, f"{err[0]}: {err[1]}", check="descriptor"))
    return desc


def _read_parquet(path: Path, table: Table, where: str, report: Report) -> pl.DataFrame | None:
    try:
        data = pq.read_table(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure means a damaged file
        report.problems.append(Problem(where, f"cannot be read as Parquet ({type(exc).__name__}: {_one_line(exc)}); "
                                              f"the file is damaged: rebuild it", table.name, check="parquet"))
        return None
    expected = table.arrow_schema()
    if data.schema.names != expected.names:
        report.problems.append(Problem(where, f"columns {data.schema.names} differ from the schema's {expected.names}",
                                       table.name, check="columns"))
        return None
    for f, e in zip(data.schema, expected):
        if f.type != e.type:
            report.problems.append(Problem(where, f"type {f.type} differs from the schema's {e.type}", table.name,
                                           column=f.name, check="types"))
    if any(p.check == "types" and p.table == table.name for p in report.problems):
        return None
    cols = []
    for f in data.schema:
        col = data.column(f.name)
        if pa.types.is_dictionary(f.type):
            col = col.cast(pa.string())
        cols.append(col)
    plain = pa.Table.from_arrays(cols, names=data.schema.names)
    return pl.from_arrow(plain)  # type: ignore[return-value]


def _read_csv(path: Path, table: Table, where: str, report: Report) -> pl.DataFrame | None:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        report.problems.append(Problem(where, "starts with a byte-order mark; save as UTF-8 without BOM", table.name, check="encoding"))
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.problems.append(Problem(where, f"not valid UTF-8 at byte {exc.start}; save as UTF-8", table.name, check="encoding"))
        return None
    if b"\r" in raw:
        report.problems.append(Problem(where, "has CR (\\r) line endings; the dialect says \\n", table.name, check="dialect"))
        return None
    header = raw.split(b"\n", 1)[0].decode("utf-8").split(",")
    if header != table.field_names:
        report.problems.append(Problem(where, f"header {header} differs from the schema's fields {table.field_names}",
                                       table.name, check="columns"))
        return None
    schema = {f.name: POLARS_TYPES[f.type] for f in table.fields}
    try:
        return pl.read_csv(raw, schema=schema, null_values=[""],
                           try_parse_dates=False, raise_if_empty=False)
    except Exception as exc:  # noqa: BLE001 - polars raises several kinds for malformed CSV
        report.problems.append(Problem(where, f"cannot be parsed with the schema's types ({_one_line(exc)})",
                                       table.name, check="csv"))
        return None


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:197] + "..."


def _compare(csv: pl.DataFrame, parquet: pl.DataFrame, table: Table, where: str, report: Report) -> None:
    if csv.height != parquet.height:
        report.problems.append(Problem(where, f"has {csv.height} rows but the Parquet file has {parquet.height}",
                                       table.name, check="csv_parquet"))
        return
    if csv.equals(parquet, null_equal=True):
        return
    for name in table.field_names:
        a, b = csv[name], parquet[name]
        diff = ~(a.eq_missing(b))
        if diff.any():
            row = int(diff.arg_max())  # type: ignore[arg-type]
            report.problems.append(Problem(where, f"CSV has {a[row]!r} but Parquet has {b[row]!r}", table.name, row,
                                           name, check="csv_parquet"))
            return


def validate_package(pkg: Path, source_root: Path | None = None) -> Report:
    """Validate the package in `pkg`. Sources are looked up under `source_root` (default: the package itself)."""
    if not (pkg / DESCRIPTOR).is_file():
        raise UsageError(f"{pkg}: no {DESCRIPTOR} here; give the folder of a data package")
    report = Report()
    desc = _descriptor(pkg, report)
    if desc is None:
        return report
    tables: dict[str, Table] = {}
    csv_frames: dict[str, pl.DataFrame] = {}
    frames: dict[str, pl.DataFrame] = {}
    where_of: dict[str, str] = {}
    seen_names: set[str] = set()
    for i, res in enumerate(desc["resources"]):
        name = res.get("name") if isinstance(res, dict) else None
        where = f"{DESCRIPTOR}: resources[{i}]"
        if not isinstance(res, dict) or not isinstance(name, str):
            report.problems.append(Problem(where, "resource without a name", check="descriptor"))
            continue
        if name in seen_names:
            report.problems.append(Problem(where, f"duplicate resource name {name!r}", check="descriptor"))
        seen_names.add(name)
        path, problem = safe_path(pkg, res.get("path"), f"{where} ({name})")
        if problem:
            report.problems.append(problem)
            continue
        assert path is not None
        report.files += 1
        rel = res["path"]
        expected = str(res.get("hash", "")).removeprefix("sha256:")
        actual = _sha256(path)
        if not expected:
            report.problems.append(Problem(rel, "has no sha256 hash in the descriptor", name, check="hash"))
        elif expected != actual:
            report.problems.append(Problem(rel, f"sha256 {actual[:12]}… does not match the descriptor's {expected[:12]}…; "
                                                "the file was changed after publication", name, check="hash"))
        if "bytes" in res and res["bytes"] != path.stat().st_size:
            report.problems.append(Problem(rel, f"has {path.stat().st_size} bytes, the descriptor says {res['bytes']}",
                                           name, check="hash"))
        schema = res.get("schema")
        if not isinstance(schema, dict):
            report.problems.append(Problem(rel, "resource has no inline Table Schema", name, check="descriptor"))
            continue
        base = name.removesuffix(PARQUET_SUFFIX)
        try:
            table = table_from_table_schema(base, res.get("title", base), res.get("description", ""), schema)
        except (KeyError, TypeError) as exc:
            report.problems.append(Problem(rel, f"Table Schema is malformed ({exc})", name, check="descriptor"))
            continue
        fmt = res.get("format")
        if fmt == "parquet":
            tables[base] = table
            where_of[base] = rel
            df = _read_parquet(path, table, rel, report)
            if df is not None:
                frames[base] = df
        elif fmt == "csv":
            tables.setdefault(base, table)
            df = _read_csv(path, table, rel, report)
            if df is not None:
                csv_frames[base] = df
        else:
            report.problems.append(Problem(rel, f"format {fmt!r} is neither csv nor parquet", name, check="descriptor"))
    for base, table in tables.items():
        if base not in frames and base in csv_frames:
            frames[base], where_of[base] = csv_frames[base], f"datasets/{base}.csv"
        if base in frames and base in csv_frames and where_of[base].endswith(".parquet"):
            _compare(csv_frames[base], frames[base], table, f"datasets/{base}.csv", report)
        if base in frames:
            report.rows[base] = frames[base].height
            if frames[base].height == 0 and not base.startswith("vocab_") and base in ("sources", "actors", "events", "mentions"):
                report.problems.append(Problem(where_of[base], "table is empty; a package without it is unusable",
                                               base, check="empty"))
    texts = _source_texts(pkg, source_root or pkg, frames.get("sources"), report)
    report.problems += check_all({n: t for n, t in tables.items() if n in frames}, frames, where_of, texts)
    return report


def _source_texts(pkg: Path, root: Path, sources: pl.DataFrame | None, report: Report) -> dict[str, str] | None:
    """Texts of the sources, when the package (or `root`) has them; their sha256 must match the sources table."""
    if sources is None or not {"source_id", "path", "sha256"} <= set(sources.columns):
        return None
    texts: dict[str, str] = {}
    present = 0
    for sid, rel, digest in zip(sources["source_id"], sources["path"], sources["sha256"]):
        candidate = root / str(rel)
        if not candidate.exists() and not candidate.is_symlink():
            continue
        path, problem = safe_path(root, rel, f"sources table ({sid})")
        if problem:
            report.problems.append(problem)
            continue
        assert path is not None
        present += 1
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            report.problems.append(Problem(str(rel), f"sha256 differs from the sources table; the source {sid} was edited",
                                           "sources", check="provenance"))
            continue
        try:
            texts[sid] = data.decode("utf-8")
        except UnicodeDecodeError:
            report.problems.append(Problem(str(rel), "not valid UTF-8", "sources", check="provenance"))
    return texts if present else None
