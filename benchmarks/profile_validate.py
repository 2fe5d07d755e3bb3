"""Where `datapkg validate` spends its time: the same steps as `validate_package`, run one after another in
this process, each timed (wall and CPU of all threads). `datapkg validate` overlaps these steps in a thread
pool, so its wall time is less than the sum.

    .venv/bin/python benchmarks/profile_validate.py PACKAGE_DIR
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def phases(pkg: Path) -> list[tuple[str, float, float]]:
    """(step, wall seconds, CPU seconds) for each step of a validation of `pkg`."""
    out: list[tuple[str, float, float]] = []
    clock = [time.perf_counter(), time.process_time()]

    def mark(step: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        out.append((step, wall - clock[0], cpu - clock[1]))
        clock[:] = [wall, cpu]

    import polars  # noqa: F401
    import pyarrow.parquet  # noqa: F401
    mark("import polars, pyarrow")
    import pandera.polars  # noqa: F401
    mark("import pandera")
    from datapkg import checks
    from datapkg import validate as v
    mark("import datapkg")
    report = v.Report()
    desc = v._read_descriptor(pkg, report)
    assert desc is not None
    resources, _ = v._resources(pkg, desc, report)
    mark("descriptor: read, paths")
    v._profile_problems(desc)
    mark("descriptor: frictionless profile check")
    by_table: dict[str, list] = {}
    for r in resources:
        by_table.setdefault(r.base, []).append(r)
    checked = {}
    small = []
    for base, items in sorted(by_table.items(), key=lambda kv: -sum(r.path.stat().st_size for r in kv[1])):
        checked[base] = v._check_table(base, items)
        if len(out) < 12:
            mark(f"table {base}: hash, parse CSV + Parquet, compare, pandera")
        else:
            small.append(base)
    mark(f"{len(small)} smaller tables")
    tables = {r.base: r.table for r in sorted(resources, key=lambda r: v.FORMATS.index(r.fmt))}
    frames = {b: c.frame for b, c in checked.items() if c.frame is not None}
    where = {b: c.where for b, c in checked.items()}
    checks.check_keys(tables, frames, where)
    checks.check_vocabularies(tables, frames, where)
    mark("primary and foreign keys, vocabularies")
    checks.check_rules(tables, frames, where)
    mark("row rules, grounding")
    texts, _ = v._source_texts(pkg, frames.get("sources"))
    mark("sources: read, sha256, UTF-8")
    if texts is not None:
        checks.check_spans(tables, frames, where, texts)
    mark("provenance spans, n_chars")
    return out


def render(rows: list[tuple[str, float, float]]) -> str:
    lines = ["| step | wall s | CPU s |", "|---|---:|---:|"]
    lines += [f"| {step} | {wall:.3f} | {cpu:.3f} |" for step, wall, cpu in rows]
    lines.append(f"| **sum** | {sum(r[1] for r in rows):.3f} | {sum(r[2] for r in rows):.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(phases(Path(sys.argv[1]))))
