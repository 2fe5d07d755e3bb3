"""Summaries of a published package, read from its Parquet files."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from .errors import InputError

COLUMNS = ("events", "statements", "measures", "mentions", "actor_mentions", "exclusions")


def _read(pkg: Path, table: str) -> pl.DataFrame:
    path = pkg / "datasets" / f"{table}.parquet"
    if not path.is_file():
        raise InputError(f"{path}: missing; run `datapkg build` first")
    return pl.read_parquet(path).with_columns(pl.col(pl.Categorical).cast(pl.Utf8))


def source_counts(pkg: Path) -> dict[str, dict[str, int]]:
    """Per source: distinct events, statements and measure statuses it grounds, its mentions and exclusions."""
    sources, mentions = _read(pkg, "sources"), _read(pkg, "mentions")
    statements, exclusions = _read(pkg, "statements"), _read(pkg, "source_exclusions")
    out: dict[str, dict[str, int]] = {}
    for sid in sources["source_id"].to_list():
        ms = mentions.filter(pl.col("source_id") == sid)
        out[sid] = {
            "events": ms["event_id"].drop_nulls().n_unique(),
            "statements": statements.filter(pl.col("source_id") == sid).height,
            "measures": ms.select("measure_id", "measure_status").drop_nulls().unique().height,
            "mentions": ms.height,
            "actor_mentions": ms.filter(pl.col("kind") == "actor").height,
            "exclusions": exclusions.filter(pl.col("source_id") == sid).height,
        }
    return out


def per_source(pkg: Path) -> str:
    counts = source_counts(pkg)
    width = max([len("source"), *(len(s) for s in counts)])
    lines = [f"{'source':<{width}}  " + "  ".join(f"{c:>14}" for c in COLUMNS)]
    for sid, row in counts.items():
        lines.append(f"{sid:<{width}}  " + "  ".join(f"{row[c]:>14}" for c in COLUMNS))
    totals = {c: sum(r[c] for r in counts.values()) for c in COLUMNS}
    lines.append(f"{'all (sum)':<{width}}  " + "  ".join(f"{totals[c]:>14}" for c in COLUMNS))
    return "\n".join(lines)
