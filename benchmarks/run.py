"""Benchmarks: `datapkg validate` against `frictionless validate` on synthetic packages, `datapkg build` on
synthetic projects, and which kinds of damage each validator catches. Prints the figures and writes them, with
the command, machine and date, to BENCHMARKS.md.

    .venv/bin/python benchmarks/run.py                                  # everything, 3 runs each (about 30 min)
    .venv/bin/python benchmarks/run.py --sizes 10000 --build-sources 100 --repeat 3 --out /tmp/B.md   # quick

Each timing runs the command line in a child process; wall time is measured around it and peak memory is the
child's maximum resident set size (os.wait4). Figures are medians over --repeat runs. Rows are table rows, each
counted once (both tools check the CSV and the Parquet copy of every table, so each reads twice as many).

This process stays small on purpose: a child's maximum resident set size starts from its parent's size at the
fork, so synthetic data are generated in child processes too, and the libraries are not imported here until the
timings are done.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

BIN = Path(sys.executable).parent
TARGET_ROWS_PER_S = 2_000_000
TARGET_RATIO = 50
TARGET_MEMORY_MB = 1024
TARGET_BUILD_S = 60


@dataclass
class Run:
    wall: float
    peak_mb: float
    cpu: float
    code: int | None  # None: killed at the time cap
    output: str


def tool(name: str) -> list[str]:
    exe = BIN / name
    if exe.exists():
        return [str(exe)]
    if name == "datapkg":
        return [sys.executable, "-c", "import sys; from datapkg.cli import app; sys.exit(app())"]
    return [sys.executable, "-m", name]


def run(cmd: list[str], cwd: Path | None = None, cap: float | None = None) -> Run:
    """Run `cmd`, measuring wall time, the child's peak RSS and CPU time; kill it after `cap` seconds."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        killed = threading.Event()

        def watchdog() -> None:
            if not finished.wait(cap):
                killed.set()
                proc.kill()

        finished = threading.Event()
        if cap:
            threading.Thread(target=watchdog, daemon=True).start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        finished.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime,
               None if killed.is_set() else proc.returncode, text)


def median_run(cmd: list[str], repeat: int, cwd: Path | None = None, expect: int | None = 0) -> tuple[float, float, float]:
    runs = [run(cmd, cwd) for _ in range(repeat)]
    for r in runs:
        if expect is not None and r.code != expect:
            raise SystemExit(f"{' '.join(cmd)} exited {r.code}, expected {expect}:\n{r.output[-2000:]}")
    return (statistics.median(r.wall for r in runs), statistics.median(r.peak_mb for r in runs),
            statistics.median(r.cpu for r in runs))


def machine() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
        ram = f"{mem_kb / 2**20:.1f} GiB"
    except (OSError, StopIteration):
        ram = "?"
    data = os.urandom(1 << 26)
    start = time.perf_counter()
    hashlib.sha256(data).digest()
    speed = f"{64 / (time.perf_counter() - start):,.0f} MB/s"
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram, "os": platform.platform(), "sha256": speed,
            "python": platform.python_version(),
            "libraries": ", ".join(f"{lib} {version(lib)}" for lib in ("polars", "pyarrow", "pandera", "frictionless"))}


def generate(call: str) -> dict:
    """Run `call` (a function of benchmarks.synth or benchmarks.synth_project) in a child process; its result."""
    module, _ = call.split(".", 1)
    code = (f"import json, sys; sys.path.insert(0, {str(REPO)!r}); from pathlib import Path; "
            f"from benchmarks import {module}; print(json.dumps({call}))")
    r = run([sys.executable, "-c", code])
    if r.code != 0:
        raise SystemExit(f"generating synthetic data failed:\n{r.output[-3000:]}")
    return json.loads(r.output.strip().splitlines()[-1])


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def cpu_ticks() -> tuple[int, int]:
    """(steal, total) CPU ticks since boot, from /proc/stat; (0, 0) elsewhere."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0, 0
    return (values[7] if len(values) > 7 else 0), sum(values)


def startup(repeat: int) -> float:
    """Median wall time of `datapkg --help`: the fixed cost of every command (interpreter and imports)."""
    return median_run([*tool("datapkg"), "--help"], repeat)[0]


def bench_validate(work: Path, sizes: list[int], repeat: int, fl_max: int, fl_cap: float) -> tuple[list[dict], str]:
    rows = []
    profile = ""
    for n in sizes:
        pkg = work / f"package-{n}"
        t0 = time.perf_counter()
        counts = generate(f"synth.write_package(Path({str(pkg)!r}), {n})")
        os.sync()  # the files are on disk before the timings: no write-back competing with them
        made = time.perf_counter() - t0
        total = sum(counts.values())
        print(f"\n== package with {n:,} mentions: {total:,} table rows, {du_mb(pkg):.0f} MB (generated in {made:.1f} s)")
        wall, peak, cpu = median_run([*tool("datapkg"), "validate", str(pkg)], repeat)
        row = {"mentions": n, "rows": total, "mb": du_mb(pkg), "datapkg_s": wall, "datapkg_mb": peak,
               "datapkg_cpu": cpu, "datapkg_rate": total / wall}
        print(f"datapkg validate      {wall:8.2f} s  {total / wall:12,.0f} rows/s  peak {peak:6.0f} MB")
        if n <= fl_max:
            fwall, fpeak, fcpu = median_run([*tool("frictionless"), "validate", "datapackage.json"], repeat, cwd=pkg)
            row.update(frictionless_s=fwall, frictionless_mb=fpeak, frictionless_how=f"median of {repeat}")
        else:
            r = run([*tool("frictionless"), "validate", "datapackage.json"], cwd=pkg, cap=fl_cap) if fl_cap else None
            if r is not None and r.code == 0:
                row.update(frictionless_s=r.wall, frictionless_mb=r.peak_mb, frictionless_how="1 run")
            else:
                base = max((x for x in rows if "frictionless_s" in x and x["frictionless_how"] != "extrapolated"),
                           key=lambda x: x["rows"], default=None)
                if base is None:
                    raise SystemExit("no frictionless figure to extrapolate from: include a smaller size")
                capped = f", killed at the {fl_cap:.0f} s cap" if r is not None else ""
                row.update(frictionless_s=total / (base["rows"] / base["frictionless_s"]), frictionless_mb=None,
                           frictionless_how=f"extrapolated from {base['mentions']:,} at its rows/s{capped}")
        row["frictionless_rate"] = total / row["frictionless_s"]
        row["ratio"] = row["frictionless_s"] / wall
        print(f"frictionless validate {row['frictionless_s']:8.2f} s  {row['frictionless_rate']:12,.0f} rows/s  "
              f"({row['frictionless_how']})  → datapkg is {row['ratio']:.0f}× faster")
        rows.append(row)
        if n == max(sizes):  # in a fresh process, so that imports count
            profile = run([sys.executable, str(REPO / "benchmarks" / "profile_validate.py"), str(pkg)]).output.strip()
        shutil.rmtree(pkg, ignore_errors=True)
    return rows, profile


def bench_build(work: Path, counts: list[int], repeat: int) -> list[dict]:
    rows = []
    for n in counts:
        root = work / f"project-{n}"
        made = generate(f"synth_project.write_project(Path({str(root)!r}), {n})")
        os.sync()
        size = du_mb(root / "annotations") + du_mb(root / "sources")
        print(f"\n== project with {n:,} sources ({size:.0f} MB of sources and annotations)")
        wall, peak, cpu = median_run([*tool("datapkg"), "build", "--root", str(root)], repeat)
        out_rows = sum(1 for _ in (root / "datasets" / "mentions.csv").open(encoding="utf-8")) - 1
        rows.append({"sources": n, "mb": size, "build_s": wall, "build_mb": peak, "events": made["events"],
                     "statements": made["statements"], "mentions": out_rows})
        print(f"datapkg build         {wall:8.2f} s  {n / wall:8,.0f} sources/s  peak {peak:6.0f} MB")
        shutil.rmtree(root, ignore_errors=True)
    return rows


def bench_corruptions(work: Path, n: int) -> list[dict]:
    sys.path.insert(0, str(REPO))
    from benchmarks.corruptions import KINDS  # imported last: memory figures are done
    from benchmarks.synth import write_package

    pristine = work / "pristine"
    write_package(pristine, n)
    out = []
    print(f"\n== corruption suite on a package with {n} mentions")
    for damage in KINDS:
        case = work / f"case-{damage.name}" / "pkg"
        shutil.copytree(pristine, case, symlinks=True)
        expect = damage.apply(case)
        r = run([*tool("datapkg"), "validate", str(case), "--json"])
        try:
            problems = json.loads(r.output)["problems"]
        except (json.JSONDecodeError, KeyError):
            problems = []
        hit = next((p for p in problems if expect.matches(p)), None)
        f = run([*tool("frictionless"), "validate", "datapackage.json"], cwd=case, cap=120)
        fl = "timeout" if f.code is None else "yes" if f.code != 0 else "no"
        message = ""
        if hit:
            where = [hit["file"], f"row {hit['row']}" if hit["row"] is not None else "",
                     f"column {hit['column']}" if hit["column"] else ""]
            message = ": ".join(x for x in [*where, hit["message"]] if x)
        out.append({"name": damage.name, "description": damage.description, "datapkg": r.code == 1 and hit is not None,
                    "message": message, "frictionless": fl})
        print(f"{damage.name:34s} datapkg {'caught' if out[-1]['datapkg'] else 'MISSED'}   frictionless {fl}")
        shutil.rmtree(case.parent, ignore_errors=True)
    return out


def markdown(args: argparse.Namespace, info: dict, validate: list[dict], profile: str, build: list[dict],
             corruptions: list[dict], command: str) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Benchmarks", "",
             "Generated by `benchmarks/run.py`; rerun it to refresh this file. Synthetic packages and projects are "
             "written through the project's own writers and contract (`benchmarks/synth.py`, "
             "`benchmarks/synth_project.py`), so they are valid packages shaped like the real one: every table, "
             "about 156 mentions, 19 statements and 7 events per source, French text with « », both apostrophes "
             "and line breaks, and the source texts, so that every provenance span is checked.", "",
             f"- Command: `{command}`",
             f"- Date: {now}",
             f"- Machine: {info['nproc']} cores ({info['cpu']}), {info['ram']} RAM, {info['os']}; one core hashes "
             f"sha256 at {info['sha256']} (a yardstick for comparing runs)",
             f"- Python {info['python']}; {info['libraries']}",
             f"- 1-minute load average: {info['load']}; CPU time stolen by the hypervisor during the run: "
             f"{info['steal']} (other work on the machine slows every figure)",
             f"- Start-up of the `datapkg` command (`datapkg --help`: interpreter and imports): {info['startup']} s",
             f"- Each figure is the median of {args.repeat} runs of the command line in a child process; peak memory "
             "is the child's maximum resident set size.",
             "- Rows are table rows, each counted once; both tools read each row twice (CSV and Parquet).", ""]
    if validate:
        lines += ["## `datapkg validate` vs `frictionless validate datapackage.json`", "",
                  "| mentions | table rows | package MB | datapkg s | datapkg rows/s | datapkg peak MB | "
                  "frictionless s | frictionless rows/s | frictionless peak MB | datapkg faster by | frictionless figure |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in validate:
            fmb = f"{r['frictionless_mb']:.0f}" if r.get("frictionless_mb") else "–"
            lines.append(f"| {r['mentions']:,} | {r['rows']:,} | {r['mb']:.0f} | {r['datapkg_s']:.2f} | "
                         f"{r['datapkg_rate']:,.0f} | {r['datapkg_mb']:.0f} | {r['frictionless_s']:.1f} | "
                         f"{r['frictionless_rate']:,.0f} | {fmb} | {r['ratio']:.0f}× | {r['frictionless_how']} |")
        big = validate[-1]
        lines += ["", "Targets on the largest package:", "",
                  f"- ≥ {TARGET_ROWS_PER_S:,} rows/s end to end: {big['datapkg_rate']:,.0f} rows/s — "
                  + ("met" if big["datapkg_rate"] >= TARGET_ROWS_PER_S else "**not met** (see the profile below)"),
                  f"- ≥ {TARGET_RATIO}× faster than frictionless: {big['ratio']:.0f}× — "
                  + ("met" if big["ratio"] >= TARGET_RATIO else "**not met**"),
                  f"- peak memory < {TARGET_MEMORY_MB} MB: {big['datapkg_mb']:.0f} MB — "
                  + ("met" if big["datapkg_mb"] < TARGET_MEMORY_MB else "**not met**"), ""]
    if validate:
        big = validate[-1]
        work_s = max(big["datapkg_s"] - float(info["startup"]), 1e-3)
        lines += ["Of the largest package's "
                  f"{big['datapkg_s']:.2f} s, {info['startup']} s is the command's start-up (Python, polars, pyarrow, "
                  "pandera with pandas, the other command modules), paid whatever the size; the checks themselves "
                  f"run at {big['rows'] / work_s:,.0f} rows/s. Each row is read twice (CSV and Parquet), hashed, "
                  "type-checked by pandera, joined for keys, and each span compared with its source; on "
                  f"{info['nproc']} cores the CPU work ({big['datapkg_cpu']:.1f} s of CPU for the largest package) "
                  "bounds the wall time.", ""]
    if profile:
        lines += ["### Where the time goes (largest package)", "",
                  "`benchmarks/profile_validate.py` runs the steps of `datapkg validate` one after another in one "
                  "process and times each (CPU counts all threads). The command overlaps the table steps, the "
                  "descriptor check and the cross-table checks in a thread pool, so its wall time is below the sum.",
                  "", profile, ""]
    if build:
        lines += ["## `datapkg build`", "",
                  "Synthetic project roots: sources/ + manifest, one annotation file per source (3 events defined, "
                  "1 attested from another source, 8 statements, 1 sanction measure, 1 caption excluded), and an "
                  "actor registry of 60 + 1 per source actors whose aliases are matched over every source.", "",
                  "| sources | sources + annotations MB | events | statements | mentions built | build s | sources/s | peak MB |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in build:
            lines.append(f"| {r['sources']:,} | {r['mb']:.0f} | {r['events']:,} | {r['statements']:,} | "
                         f"{r['mentions']:,} | {r['build_s']:.1f} | {r['sources'] / r['build_s']:,.0f} | {r['build_mb']:.0f} |")
        lines += ["", f"Target: 10,000 sources in < {TARGET_BUILD_S} s, growing linearly.", ""]
    if corruptions:
        caught = sum(c["datapkg"] for c in corruptions)
        fcaught = sum(c["frictionless"] == "yes" for c in corruptions)
        lines += ["## Corruption suite", "",
                  f"{len(corruptions)} kinds of damage from `benchmarks/corruptions.py`, each applied to a valid synthetic "
                  f"package with {args.corruption_size} mentions (the same suite runs in `tests/test_corruptions.py`). "
                  "\"caught\" for datapkg means exit status 1 and a problem naming the damaged file (and column) with "
                  "the expected reason; for frictionless, a non-zero exit status.", "",
                  f"datapkg validate caught {caught}/{len(corruptions)}; frictionless validate {fcaught}/{len(corruptions)}.",
                  "", "| damage | datapkg | frictionless | datapkg's message |", "|---|---|---|---|"]
        for c in corruptions:
            msg = c["message"].replace("|", "\\|")
            msg = msg if len(msg) <= 160 else msg[:157] + "..."
            lines.append(f"| `{c['name']}`: {c['description']} | {'✓' if c['datapkg'] else '✗'} | "
                         f"{'✓' if c['frictionless'] == 'yes' else '✗' if c['frictionless'] == 'no' else c['frictionless']} | {msg} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000],
                    help="mentions (rows of the largest table) of the synthetic packages")
    ap.add_argument("--build-sources", type=int, nargs="*", default=[1_000, 10_000], help="sources of the synthetic projects")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--frictionless-max", type=int, default=100_000,
                    help="largest package frictionless is timed on; above it its time is extrapolated")
    ap.add_argument("--frictionless-cap", type=float, default=0,
                    help="above --frictionless-max, run frictionless once with this time cap (seconds) first")
    ap.add_argument("--corruption-size", type=int, default=600)
    ap.add_argument("--no-corruptions", action="store_true")
    ap.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    ap.add_argument("--workdir", type=Path, default=None, help="where to write the synthetic data (default: a temp dir)")
    args = ap.parse_args()
    command = " ".join([".venv/bin/python", "benchmarks/run.py", *sys.argv[1:]])
    info = machine()
    print(f"{info['nproc']} cores, {info['cpu']}, {info['ram']}")
    load_before, ticks_before = os.getloadavg()[0], cpu_ticks()
    info["startup"] = f"{startup(args.repeat):.2f}"
    work = Path(tempfile.mkdtemp(prefix="datapkg-bench-", dir=args.workdir))
    try:
        validate, profile = bench_validate(work, sorted(args.sizes), args.repeat, args.frictionless_max,
                                           args.frictionless_cap) if args.sizes else ([], "")
        build = bench_build(work, sorted(args.build_sources), args.repeat) if args.build_sources else []
        corruptions = [] if args.no_corruptions else bench_corruptions(work, args.corruption_size)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    info["load"] = f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    steal, total = (a - b for a, b in zip(cpu_ticks(), ticks_before))
    info["steal"] = f"{100 * steal / total:.0f} %" if total else "?"
    if profile:
        print("\n" + profile)
    text = markdown(args, info, validate, profile, build, corruptions, command)
    args.out.write_text(text + kept_sections(args.out, text), encoding="utf-8")
    print(f"\nwrote {args.out}")


def kept_sections(path: Path, new: str) -> str:
    """Sections of the existing file that this script does not write (such as the machine-drafting figures of
    `datapkg evaluate`), kept verbatim after the ones it does."""
    if not path.is_file():
        return ""
    ours = {line for line in new.splitlines() if line.startswith("## ")}
    kept = [part for part in path.read_text(encoding="utf-8").split("\n## ")[1:]
            if "## " + part.splitlines()[0] not in ours]
    return "".join("\n## " + part.rstrip("\n") + "\n" for part in kept)


if __name__ == "__main__":
    main()
