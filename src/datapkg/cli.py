"""The `datapkg` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Build, validate and inspect the source-grounded US–Russia–Ukraine 2025 dataset.")

RootOpt = Annotated[Path, typer.Option("--root", help="Project root (holds schema/, sources/, annotations/).")]


def _err(line: str) -> None:
    typer.echo(line, err=True)


@app.command()
def build(
    root: RootOpt = Path("."),
    check: Annotated[bool, typer.Option("--check", help="Do not publish; exit 1 if the committed outputs are stale.")] = False,
) -> None:
    """Build datasets/ and datapackage.json from sources/ and annotations/, publishing atomically."""
    from .build import BuildFailed
    from .build import build as run

    try:
        result = run(root.resolve(), check=check)
    except (InputError, BuildFailed) as exc:
        lines = exc.lines if isinstance(exc, BuildFailed) else [str(exc)]
        for line in lines[:50]:
            _err(f"error: {line}")
        if len(lines) > 50:
            _err(f"error: ... and {len(lines) - 50} more")
        _err(f"build failed ({len(lines)} problem{'s' if len(lines) != 1 else ''}); the published package is unchanged")
        raise typer.Exit(1)
    if check:
        if result.stale:
            for rel in result.stale:
                _err(f"stale: {rel} differs from what the build produces; run `datapkg build` and commit")
            raise typer.Exit(1)
        typer.echo("up to date: committed outputs match a fresh build")
        return
    width = max(len(t) for t in result.counts)
    for table, n in result.counts.items():
        typer.echo(f"{table:<{width}}  {n:>7} rows")


@app.command()
def validate(
    directory: Annotated[Path, typer.Argument(help="Folder holding datapackage.json.")] = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable report on stdout.")] = False,
) -> None:
    """Validate a published package: descriptor, hashes, schemas, keys, CSV ≡ Parquet and provenance spans.

    Exit status: 0 valid, 1 invalid, 2 usage error."""
    from .validate import UsageError, validate_package

    try:
        report = validate_package(directory)
    except UsageError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        for p in report.problems:
            typer.echo(p.line())
        total = sum(report.rows.values())
        status = "valid" if report.valid else f"INVALID: {len(report.problems)} problem(s)"
        typer.echo(f"{status} — {report.files} files, {len(report.rows)} tables, {total} rows checked")
    raise typer.Exit(0 if report.valid else 1)


@app.command()
def stats(directory: Annotated[Path, typer.Argument(help="Folder holding datapackage.json.")] = Path(".")) -> None:
    """Per-source summary of the published package: events, statements, measures and mentions."""
    from .report import per_source

    try:
        table = per_source(directory)
    except InputError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    typer.echo(table)


# Further command groups live in their own modules, each exposing `register(app)`.
from . import diff, drafting, export, release, timeline  # noqa: E402

for _module in (export, release, diff, timeline, drafting):
    _module.register(app)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
