"""Errors and problems. Every message is one line: where (file:line, or table/row/column), what, what to do."""

from __future__ import annotations

from dataclasses import dataclass


class InputError(Exception):
    """Bad input that stops the build before anything is written: the message is one line, ready to print."""


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of a check on tables or files. `where` is a file path, `table` names the table (if any),
    `row` is the 0-based row index in the published (sorted) table, `key` the row's primary-key values."""

    where: str
    message: str
    table: str | None = None
    row: int | None = None
    column: str | None = None
    key: tuple | None = None
    check: str = "check"

    def line(self) -> str:
        parts = [self.where]
        if self.table and self.table not in self.where:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return f"{': '.join(parts)}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.where, "table": self.table, "row": self.row, "column": self.column,
                "key": list(self.key) if self.key is not None else None, "check": self.check,
                "message": self.message}
