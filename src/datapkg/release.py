"""`datapkg release`: the published package as one deterministic zip, ready to deposit and cite.

build/<name>-<version>.zip holds datapackage.json, datasets/, sources/ (raw articles and manifest, so that the
provenance spans can be checked), docs/codebook.md, the licences, CITATION.cff and SHA256SUMS. Entries are
sorted, dated with the package's `created` time and given fixed permissions, so the same package gives the
same bytes. Nothing is released that does not pass `datapkg validate`.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .citation import render_citation
from .errors import InputError
from .published import DESCRIPTOR, load_package

CITATION = "CITATION.cff"
LICENSE_FILES = ("LICENSE", "LICENSE-DATA.md")
CODEBOOK = "docs/codebook.md"
MANIFEST = "sources/manifest.yaml"
SUMS = "SHA256SUMS"
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
DATA_LICENCE = re.compile(r"^(CC|ODC|ODbL|PDDL)", re.IGNORECASE)
FILE_MODE = 0o100644


class ReleaseFailed(Exception):
    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def metadata_problems(desc: dict[str, Any]) -> list[str]:
    """What a citable release needs from the descriptor and is missing, each as one line naming the fix."""
    fix = "; set it in schema/package.yaml and rebuild"
    out = []
    name = desc.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        out.append(f"{DESCRIPTOR}: name {name!r} must be lower-case letters, digits, '.', '_' or '-'{fix}")
    if not isinstance(desc.get("title"), str) or not desc["title"].strip():
        out.append(f"{DESCRIPTOR}: title is missing{fix}")
    version = desc.get("version")
    if not isinstance(version, str) or not SEMVER.match(version):
        out.append(f"{DESCRIPTOR}: version {version!r} is not semantic (MAJOR.MINOR.PATCH){fix}")
    created = desc.get("created")
    try:
        when = datetime.fromisoformat(str(created).replace("Z", "+00:00"))
        if when.year < 1980:
            out.append(f"{DESCRIPTOR}: created {created!r} is before 1980, which a zip cannot record{fix}")
    except ValueError:
        out.append(f"{DESCRIPTOR}: created {created!r} is not an ISO 8601 date-time{fix}")
    licenses = [lic for lic in desc.get("licenses") or [] if isinstance(lic, dict) and lic.get("name")]
    if not any(DATA_LICENCE.match(lic["name"]) for lic in licenses):
        out.append(f"{DESCRIPTOR}: licenses has no data licence (such as CC-BY-4.0){fix}")
    if not any(not DATA_LICENCE.match(lic["name"]) for lic in licenses):
        out.append(f"{DESCRIPTOR}: licenses has no code licence (such as MIT){fix}")
    sources = desc.get("sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, dict) and s.get("title") for s in sources):
        out.append(f"{DESCRIPTOR}: sources must list every source with a title; rebuild the package")
    contributors = desc.get("contributors")
    if not isinstance(contributors, list) or not any(isinstance(c, dict) and c.get("title") for c in contributors):
        out.append(f"{DESCRIPTOR}: contributors must name at least one author{fix}")
    return out


def _release_files(root: Path) -> list[str]:
    """Paths (relative to `root`) that go into the release, besides SHA256SUMS; all must exist."""
    pkg = load_package(root)
    files = {DESCRIPTOR, CODEBOOK, MANIFEST, CITATION, *LICENSE_FILES}
    files |= {str(r["path"]) for r in pkg.descriptor["resources"] if isinstance(r, dict) and "path" in r}
    if "sources" in pkg.resources:
        files |= {str(p) for p in pkg.read("sources")["path"].to_list()}
    missing = sorted(f for f in files if not (root / f).is_file())
    if missing:
        raise ReleaseFailed([f"{root / f}: missing; a release needs it"
                             + ("; run `datapkg release --write-citation`" if f == CITATION else "")
                             for f in missing])
    return sorted(files)


def _zip_time(created: str) -> tuple[int, int, int, int, int, int]:
    when = datetime.fromisoformat(created.replace("Z", "+00:00"))
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)


def write_zip(entries: list[tuple[str, bytes]], path: Path, date_time: tuple[int, int, int, int, int, int]) -> None:
    """A zip of `entries` in the given order, every entry with the same time and permissions."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=date_time)
                info.create_system = 3  # Unix, so that external_attr holds the permissions
                info.external_attr = FILE_MODE << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def release(root: Path, out_dir: Path | None = None, write_citation: bool = False) -> tuple[Path, list[str]]:
    """Check the package in `root` and write the release zip; returns its path and the files it holds."""
    from .validate import validate_package

    pkg = load_package(root)
    desc = pkg.descriptor
    problems = metadata_problems(desc)
    if problems:
        raise ReleaseFailed(problems)
    report = validate_package(root)
    if not report.valid:
        lines = [p.line() for p in report.problems[:20]]
        raise ReleaseFailed([*lines, f"{root}: the package is invalid ({len(report.problems)} problem(s)); "
                                     f"fix and rebuild before releasing"])
    citation = render_citation(desc)
    if write_citation:
        (root / CITATION).write_text(citation, encoding="utf-8")
    elif (root / CITATION).is_file() and (root / CITATION).read_text(encoding="utf-8") != citation:
        raise ReleaseFailed([f"{root / CITATION}: out of date with {DESCRIPTOR} (version {desc['version']}); "
                             f"run `datapkg release --write-citation` and commit it"])
    files = _release_files(root)
    entries = [(rel, (root / rel).read_bytes()) for rel in files]
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {rel}\n" for rel, data in entries).encode("utf-8")
    entries = sorted([*entries, (SUMS, sums)])
    out_dir = out_dir if out_dir is not None else root / "build"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{desc['name']}-{desc['version']}.zip"
    write_zip(entries, path, _zip_time(str(desc["created"])))
    return path, [name for name, _ in entries]


def register(app: typer.Typer) -> None:
    @app.command("release")
    def release_cmd(
        root: Annotated[Path, typer.Option("--root", help="Project root (holds datapackage.json).")] = Path("."),
        out: Annotated[Optional[Path], typer.Option("--out", help="Folder of the zip (default: <root>/build).")] = None,
        write_citation: Annotated[bool, typer.Option("--write-citation",
                                                     help="Render CITATION.cff from the descriptor first.")] = False,
    ) -> None:
        """Zip the validated package with sources, codebook, licences, CITATION.cff and SHA256SUMS (deterministic)."""
        try:
            path, files = release(root, out, write_citation)
        except (InputError, ReleaseFailed) as exc:
            for line in exc.lines if isinstance(exc, ReleaseFailed) else [str(exc)]:
                typer.echo(f"error: {line}", err=True)
            typer.echo("release failed; no zip was written", err=True)
            raise typer.Exit(1)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        typer.echo(f"wrote {path}: {len(files)} files, {path.stat().st_size} bytes, sha256 {digest}")


__all__ = ["release", "ReleaseFailed", "metadata_problems"]
