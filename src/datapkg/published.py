"""Reading a published package (datapackage.json + datasets/) as its users do, without schema/.

The tables are rebuilt from the Table Schemas the descriptor carries, so everything here works on a downloaded
package as well as on the project's own. Errors are `InputError`s: one line naming the file and what to do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from .checks import POLARS_TYPES
from .contract import Table, table_from_table_schema
from .errors import InputError
from .fingerprint import sha256
from .publish import PARQUET_SUFFIX
from .validate import safe_path

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Resource:
    """One table of the package: its contract, and the file it is read from (Parquet when published)."""

    table: Table
    path: str  # relative to the package root
    format: str  # "parquet" or "csv"
    hash: str  # "sha256:<hex>" as the descriptor gives it, or ""


@dataclass(frozen=True)
class Package:
    root: Path
    descriptor: dict[str, Any]
    resources: dict[str, Resource]  # table name → resource, in descriptor order

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name") or "package")

    @property
    def version(self) -> str | None:
        v = self.descriptor.get("version")
        return str(v) if v is not None else None

    @property
    def tables(self) -> dict[str, Table]:
        return {name: r.table for name, r in self.resources.items()}

    def file(self, name: str, verify: bool = True) -> Path:
        """The file of table `name`, refused if it leaves the package or (with `verify`) its sha256 differs."""
        res = self.resources.get(name)
        if res is None:
            raise InputError(f"{self.root / DESCRIPTOR}: no table {name!r} in the package")
        path, problem = safe_path(self.root, res.path, f"{self.root / DESCRIPTOR} ({name})")
        if problem is not None:
            raise InputError(problem.line())
        assert path is not None
        if verify and res.hash:
            expected = res.hash.removeprefix("sha256:")
            if sha256(path) != expected:
                raise InputError(f"{self.root / res.path}: sha256 does not match the descriptor; the file was "
                                 f"changed after publication: run `datapkg validate {self.root}`")
        return path

    def read(self, name: str, verify: bool = True) -> pl.DataFrame:
        """Table `name` with the contract's column types; vocabulary columns as plain strings."""
        res = self.resources[name]
        path = self.file(name, verify)
        try:
            if res.format == "parquet":
                data = pq.read_table(path)
                cols = [c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c for c in data.columns]
                df = pl.from_arrow(pa.Table.from_arrays(cols, names=data.column_names))
            else:
                schema = {f.name: POLARS_TYPES[f.type] for f in res.table.fields}
                df = pl.read_csv(path, schema=schema, null_values=[""], raise_if_empty=False)
        except Exception as exc:  # noqa: BLE001 - any reader failure means a damaged file
            msg = " ".join(str(exc).split())[:200]
            raise InputError(f"{path}: cannot be read as {res.format} ({type(exc).__name__}: {msg}); "
                             f"run `datapkg validate {self.root}`") from None
        assert isinstance(df, pl.DataFrame)
        if df.columns != res.table.field_names:
            raise InputError(f"{path}: columns {df.columns} differ from the Table Schema's {res.table.field_names}; "
                             f"run `datapkg validate {self.root}`")
        return df


def load_package(root: Path) -> Package:
    """The package in folder `root`: its descriptor and one resource per table (Parquet preferred over CSV)."""
    path = root / DESCRIPTOR
    if not path.is_file():
        raise InputError(f"{root}: no {DESCRIPTOR} here; give the folder of a data package")
    try:
        desc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON ({' '.join(str(exc).split())}); restore or rebuild the package") from None
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        raise InputError(f"{path}: must be an object with a `resources` list; restore or rebuild the package")
    resources: dict[str, Resource] = {}
    for i, res in enumerate(desc["resources"]):
        where = f"{path}: resources[{i}]"
        if not isinstance(res, dict) or not isinstance(res.get("name"), str):
            raise InputError(f"{where}: resource without a name; restore or rebuild the package")
        fmt = res.get("format")
        if fmt not in ("parquet", "csv"):
            continue
        base = res["name"].removesuffix(PARQUET_SUFFIX)
        if fmt == "csv" and base in resources:
            continue
        schema = res.get("schema")
        if not isinstance(schema, dict):
            raise InputError(f"{where} ({res['name']}): no inline Table Schema; restore or rebuild the package")
        try:
            table = table_from_table_schema(base, res.get("title", base), res.get("description", ""), schema)
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{where} ({res['name']}): malformed Table Schema ({exc!r})") from None
        entry = Resource(table, str(res.get("path")), fmt, str(res.get("hash", "")))
        if fmt == "parquet" or base not in resources:
            resources[base] = entry
    if not resources:
        raise InputError(f"{path}: no CSV or Parquet resources; restore or rebuild the package")
    order = [str(r.get("name", "")).removesuffix(PARQUET_SUFFIX) for r in desc["resources"] if isinstance(r, dict)]
    ordered = {n: resources[n] for n in dict.fromkeys(order) if n in resources}
    return Package(root, desc, ordered)
