"""CITATION.cff, rendered from the package metadata (schema/package.yaml, carried by datapackage.json).

The file at the repository root is this rendering, committed; `datapkg release` refuses a CITATION.cff that
no longer matches the descriptor it releases, and `datapkg release --write-citation` rewrites it.
"""

from __future__ import annotations

from typing import Any

import yaml

CFF_VERSION = "1.2.0"
HEADER = ("# Rendered from schema/package.yaml by `datapkg release --write-citation`; edit that file, rebuild, "
          "and render again.\n")


def _author(contributor: dict[str, Any]) -> dict[str, Any]:
    """A CFF author: a person when the contributor has given/family names, an entity otherwise."""
    given = contributor.get("givenName") or contributor.get("given-names")
    family = contributor.get("familyName") or contributor.get("family-names")
    if given or family:
        out: dict[str, Any] = {}
        if family:
            out["family-names"] = family
        if given:
            out["given-names"] = given
        if contributor.get("organization"):
            out["affiliation"] = contributor["organization"]
    else:
        out = {"name": contributor.get("title") or contributor.get("organization")}
    if contributor.get("email"):
        out["email"] = contributor["email"]
    if contributor.get("path"):
        out["website"] = contributor["path"]
    return out


def authors(meta: dict[str, Any]) -> list[dict[str, Any]]:
    """Contributors whose role is author (all contributors when none says so)."""
    people = [c for c in meta.get("contributors") or [] if isinstance(c, dict)]
    named = [c for c in people if c.get("role") in (None, "author")] or people
    return [_author(c) for c in named]


def render_citation(meta: dict[str, Any]) -> str:
    """CITATION.cff text for the package metadata `meta` (keys as in schema/package.yaml)."""
    cff: dict[str, Any] = {
        "cff-version": CFF_VERSION,
        "message": "If you use this dataset, please cite it as below, with the version you used.",
        "type": "dataset",
        "title": meta["title"],
        "version": str(meta["version"]),
        "date-released": str(meta["created"])[:10],
        "authors": authors(meta),
    }
    if meta.get("description"):
        cff["abstract"] = " ".join(str(meta["description"]).split())
    if meta.get("keywords"):
        cff["keywords"] = list(meta["keywords"])
    names = [lic["name"] for lic in meta.get("licenses") or [] if isinstance(lic, dict) and lic.get("name")]
    if names:
        cff["license"] = names[0] if len(names) == 1 else names
    if meta.get("homepage"):
        cff["url"] = meta["homepage"]
    body = yaml.safe_dump(cff, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return HEADER + body
