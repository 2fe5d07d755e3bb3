"""The contract: tables and vocabularies defined in schema/, and every rendering of them.

schema/ is read once into `Contract`; pyarrow schemas, pandera schemas, Frictionless Table Schemas, the
published vocabulary tables and the codebook are all rendered from these objects. `datapkg validate` rebuilds the
same objects from the Table Schemas inside a published datapackage.json, so a package is checked against the
contract it carries, not against whatever schema/ a user may (not) have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from .errors import InputError
from .yamlio import load_yaml

TYPES = ("string", "integer", "number", "boolean", "date")
VOCAB_PREFIX = "vocab_"
VOCAB_BASE_FIELDS = (
    {"name": "code", "type": "string", "required": True, "pattern": "^[a-z0-9_]+$",
     "description": "Code used in the data tables."},
    {"name": "label", "type": "string", "required": True, "description": "Human-readable label."},
    {"name": "definition", "type": "string", "required": True, "description": "What the code means and when to use it."},
)
_FIELD_KEYS = {"name", "type", "required", "description", "vocabulary", "pattern", "minimum", "maximum", "unique"}
_TABLE_KEYS = {"name", "title", "description", "primary_key", "foreign_keys", "fields"}
_VOCAB_KEYS = {"name", "description", "fields", "values"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    required: bool = False
    vocabulary: str | None = None
    enum: tuple[str, ...] | None = None  # the vocabulary's codes, in its fixed order
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False

    def arrow_type(self) -> pa.DataType:
        if self.enum is not None:
            return pa.dictionary(pa.int16(), pa.string())
        return {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
                "boolean": pa.bool_(), "date": pa.date32()}[self.type]

    def table_schema(self, with_enum: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "date":
            out["format"] = "default"
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.enum is not None and with_enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    vocabulary_values: tuple[dict[str, Any], ...] | None = None  # set for vocab_* tables

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def all_foreign_keys(self) -> list[ForeignKey]:
        """Declared foreign keys plus one per vocabulary column, to its vocab_ table."""
        fks = list(self.foreign_keys)
        for f in self.fields:
            if f.vocabulary:
                fks.append(ForeignKey((f.name,), VOCAB_PREFIX + f.vocabulary, ("code",)))
        return fks

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(f.name, f.arrow_type(), nullable=not f.required) for f in self.fields])


@dataclass(frozen=True)
class Vocabulary:
    name: str
    description: str
    extra_fields: tuple[Field, ...]
    values: tuple[dict[str, Any], ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(v["code"] for v in self.values)

    def as_table(self) -> Table:
        fields = tuple(Field(**f) for f in VOCAB_BASE_FIELDS) + self.extra_fields
        return Table(
            name=VOCAB_PREFIX + self.name,
            title=f"Vocabulary: {self.name}",
            description=self.description,
            fields=fields,
            primary_key=("code",),
            vocabulary_values=self.values,
        )


@dataclass
class Contract:
    tables: dict[str, Table] = field(default_factory=dict)  # data tables, in publication order
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)

    def all_tables(self) -> list[Table]:
        """Data tables, then one table per vocabulary."""
        return list(self.tables.values()) + [v.as_table() for v in self.vocabularies.values()]


# Publication order: referenced tables first, so that readers can load them in order.
TABLE_ORDER = ("sources", "actors", "actor_aliases", "events", "event_participants", "sanction_measures",
               "statements", "mentions", "source_exclusions")


def _field(raw: dict[str, Any], where: str, vocabularies: dict[str, Vocabulary] | None) -> Field:
    unknown = set(raw) - _FIELD_KEYS - {"__line__"}
    if unknown:
        raise InputError(f"{where}: unknown field key(s) {sorted(unknown)}; allowed: {sorted(_FIELD_KEYS)}")
    for key in ("name", "type", "description"):
        if not raw.get(key):
            raise InputError(f"{where}: field {raw.get('name', '?')!r} has no {key}; every field needs one")
    if raw["type"] not in TYPES:
        raise InputError(f"{where}: field {raw['name']!r} has type {raw['type']!r}; use one of {list(TYPES)}")
    enum = None
    vocab = raw.get("vocabulary")
    if vocab is not None:
        if vocabularies is None or vocab not in vocabularies:
            raise InputError(f"{where}: field {raw['name']!r} names unknown vocabulary {vocab!r}; "
                             f"add schema/vocabularies/{vocab}.yaml")
        enum = vocabularies[vocab].codes
    return Field(name=raw["name"], type=raw["type"], description=" ".join(str(raw["description"]).split()),
                 required=bool(raw.get("required", False)), vocabulary=vocab, enum=enum,
                 pattern=raw.get("pattern"), minimum=raw.get("minimum"), maximum=raw.get("maximum"),
                 unique=bool(raw.get("unique", False)))


def _check_keys(raw: Any, allowed: set[str], where: str) -> None:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected a mapping at the top level")
    unknown = set(raw) - allowed - {"__line__"}
    if unknown:
        raise InputError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")


def load_contract(schema_dir: Path) -> Contract:
    contract = Contract()
    for path in sorted((schema_dir / "vocabularies").glob("*.yaml")):
        where = f"schema/vocabularies/{path.name}"
        raw = load_yaml(path, where)
        _check_keys(raw, _VOCAB_KEYS, where)
        extra = tuple(_field(f, where, None) for f in raw.get("fields") or [])
        allowed = {"code", "label", "definition"} | {f.name for f in extra}
        values = []
        for v in raw["values"]:
            line = v.pop("__line__", "?")
            bad = set(v) - allowed
            if bad:
                raise InputError(f"{where}:{line}: unknown key(s) {sorted(bad)} in vocabulary value; allowed: {sorted(allowed)}")
            values.append({k: v.get(k) for k in ["code", "label", "definition", *[f.name for f in extra]]})
        codes = [v["code"] for v in values]
        if len(set(codes)) != len(codes):
            raise InputError(f"{where}: duplicate codes in vocabulary {raw['name']!r}")
        contract.vocabularies[raw["name"]] = Vocabulary(raw["name"], " ".join(raw["description"].split()), extra, tuple(values))
    tables: dict[str, Table] = {}
    for path in sorted((schema_dir / "tables").glob("*.yaml")):
        where = f"schema/tables/{path.name}"
        raw = load_yaml(path, where)
        _check_keys(raw, _TABLE_KEYS, where)
        fields = tuple(_field(f, f"{where}:{f.get('__line__', '?')}", contract.vocabularies) for f in raw["fields"])
        fks = tuple(
            ForeignKey(tuple(fk["fields"]), fk["reference"]["table"], tuple(fk["reference"]["fields"]))
            for fk in raw.get("foreign_keys") or []
        )
        names = [f.name for f in fields]
        for col in [*raw["primary_key"], *[c for fk in fks for c in fk.fields]]:
            if col not in names:
                raise InputError(f"{where}: key column {col!r} is not a field of {raw['name']!r}")
        tables[raw["name"]] = Table(raw["name"], raw.get("title", raw["name"]), " ".join(raw["description"].split()),
                                    fields, tuple(raw["primary_key"]), fks)
    missing = [t for t in TABLE_ORDER if t not in tables]
    if missing:
        raise InputError(f"schema/tables: missing table definition(s) {missing}")
    contract.tables = {name: tables[name] for name in [*TABLE_ORDER, *sorted(set(tables) - set(TABLE_ORDER))]}
    for t in contract.tables.values():
        for fk in t.foreign_keys:
            if fk.table not in contract.tables:
                raise InputError(f"schema/tables/{t.name}.yaml: foreign key to unknown table {fk.table!r}")
    return contract


def table_from_table_schema(name: str, title: str, description: str, schema: dict[str, Any]) -> Table:
    """Rebuild a Table from a Frictionless Table Schema written by `render.table_schema`."""
    vocab_of = {}
    fks = []
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]["resource"]
        fields = tuple([fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"])
        rfields = fk["reference"]["fields"]
        rfields = tuple([rfields] if isinstance(rfields, str) else rfields)
        base = ref.removesuffix("-parquet")
        if base.startswith(VOCAB_PREFIX) and len(fields) == 1:
            vocab_of[fields[0]] = base[len(VOCAB_PREFIX):]
        else:
            fks.append(ForeignKey(fields, base, rfields))
    out = []
    for f in schema["fields"]:
        c = f.get("constraints", {})
        enum = tuple(c["enum"]) if "enum" in c else None
        out.append(Field(name=f["name"], type=f["type"], description=f.get("description", ""),
                         required=bool(c.get("required", False)), vocabulary=vocab_of.get(f["name"]),
                         enum=enum, pattern=c.get("pattern"), minimum=c.get("minimum"),
                         maximum=c.get("maximum"), unique=bool(c.get("unique", False))))
    pk = schema.get("primaryKey", [])
    pk = (pk,) if isinstance(pk, str) else tuple(pk)
    return Table(name, title, description, tuple(out), pk, tuple(fks))
