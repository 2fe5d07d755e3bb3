"""`datapkg build`: sources + annotations → checked tables → datasets/ + datapackage.json (and the codebook and
timeline rendered from them), published atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from .annotations import Assembled, assemble
from .checks import check_all, frame
from .codebook import render_codebook
from .contract import VOCAB_PREFIX, Contract, Table, Vocabulary, load_contract
from .errors import InputError, Problem
from .publish import DATASETS, descriptor, write_json, write_tables
from .sources import load_sources
from .timeline import write_timeline
from .validate import validate_package
from .yamlio import load_yaml, strip_lines

DESCRIPTOR = "datapackage.json"
CODEBOOK = "docs/codebook.md"
TIMELINE = "docs/timeline.svg"


class BuildFailed(Exception):
    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class BuildResult:
    counts: dict[str, int]
    stale: list[str]  # with check=True: outputs that differ from the committed ones


_PY_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "date": (date,)}


def _coerce(table: Table, rows: list[dict], origins: dict[tuple, str], problems: list[str]) -> None:
    """Type-check annotation values before they enter a typed frame; a wrong type is reported at its line."""
    for row in rows:
        for f in table.fields:
            v = row.get(f.name)
            if v is None:
                continue
            ok = isinstance(v, _PY_TYPES[f.type]) and not (f.type in ("integer", "number") and isinstance(v, bool))
            if f.type == "date" and not isinstance(v, date):
                ok = False
            if not ok:
                where = origins.get(tuple(row.get(k) for k in table.primary_key), f"table {table.name}")
                problems.append(f"{where}: {f.name} is {v!r} ({type(v).__name__}); expected {f.type}"
                                + (" (ISO YYYY-MM-DD)" if f.type == "date" else ""))
                row[f.name] = None
            elif f.type == "number":
                row[f.name] = float(v)


def vocabulary_frame(vocab: Vocabulary) -> pl.DataFrame:
    """The published vocab_<name> table: its values in the vocabulary's own order."""
    t = vocab.as_table()
    return frame(t, [dict(v) for v in vocab.values]).sort(
        pl.col("code").replace_strict({c: i for i, c in enumerate(vocab.codes)}, return_dtype=pl.Int32))


def assemble_frames(root: Path, contract: Contract) -> tuple[dict[str, pl.DataFrame], Assembled, dict[str, str], list[str]]:
    sources = load_sources(root)
    asm = assemble(root, contract, sources)
    problems = list(asm.problems)
    frames: dict[str, pl.DataFrame] = {}
    for table in contract.tables.values():
        rows = asm.rows.get(table.name, [])
        _coerce(table, rows, asm.origins.get(table.name, {}), problems)
        frames[table.name] = frame(table, rows)
    for vocab in contract.vocabularies.values():
        frames[vocab.as_table().name] = vocabulary_frame(vocab)
    texts = {s.source_id: s.text for s in sources}
    return frames, asm, texts, problems


def _origin(p: Problem, asm: Assembled) -> str:
    if p.table and p.table.startswith(VOCAB_PREFIX):
        return f"schema/vocabularies/{p.table[len(VOCAB_PREFIX):]}.yaml: {p.message}"
    where = asm.origins.get(p.table or "", {}).get(p.key) if p.key is not None else None
    col = f" ({p.table}.{p.column})" if p.column else f" ({p.table})"
    return f"{where}:{col} {p.message}" if where else f"table {p.table}, row {p.row}{col}: {p.message}"


def _stage(root: Path) -> Path:
    (root / "build").mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".staging-", dir=root / "build"))


def _outputs(base: Path) -> list[str]:
    files = sorted(str(p.relative_to(base)) for p in (base / DATASETS).glob("*") if p.is_file())
    return [*files, DESCRIPTOR, CODEBOOK, TIMELINE]


def build(root: Path, check: bool = False) -> BuildResult:
    contract = load_contract(root / "schema")
    meta = strip_lines(load_yaml(root / "schema" / "package.yaml", "schema/package.yaml"))
    frames, asm, texts, problems = assemble_frames(root, contract)
    if not problems:
        tables = {t.name: t for t in contract.all_tables()}
        where_of = {name: name for name in tables}
        problems = [_origin(p, asm) for p in check_all(tables, frames, where_of, texts)]
    if problems:
        raise BuildFailed(sorted(set(problems), key=problems.index))
    staging = _stage(root)
    try:
        write_tables(contract, frames, staging)
        desc = descriptor(contract, meta, staging, frames["sources"].to_dicts())
        write_json(desc, staging / DESCRIPTOR)
        (staging / "docs").mkdir()
        (staging / CODEBOOK).write_text(render_codebook(contract, root), encoding="utf-8")
        # The written package goes through the same validation users run, before anything is published.
        report = validate_package(staging, source_root=root)
        if report.problems:
            raise BuildFailed([f"written package failed validation: {p.line()}" for p in report.problems])
        write_timeline(staging, staging / TIMELINE)
        counts = {t.name: frames[t.name].height for t in contract.tables.values()}
        if check:
            stale = [rel for rel in _outputs(staging)
                     if not (root / rel).is_file() or (root / rel).read_bytes() != (staging / rel).read_bytes()]
            committed = {str(p.relative_to(root)) for p in (root / DATASETS).glob("*") if p.is_file()}
            stale += sorted(committed - set(_outputs(staging)))
            return BuildResult(counts, stale)
        _swap(staging, root)
        return BuildResult(counts, [])
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, root: Path) -> None:
    """Replace datasets/, datapackage.json and the codebook with the staged ones. Everything was validated
    before this point; each step is a rename on one file system."""
    old = root / "build" / f".old-datasets-{os.getpid()}"
    target = root / DATASETS
    if target.exists():
        os.replace(target, old)
    os.replace(staging / DATASETS, target)
    (root / "docs").mkdir(exist_ok=True)
    os.replace(staging / CODEBOOK, root / CODEBOOK)
    os.replace(staging / TIMELINE, root / TIMELINE)
    os.replace(staging / DESCRIPTOR, root / DESCRIPTOR)
    shutil.rmtree(old, ignore_errors=True)


__all__ = ["build", "BuildFailed", "BuildResult", "InputError"]
