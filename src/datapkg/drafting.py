"""Machine drafting commands: `datapkg add-source`, `datapkg extract` and `datapkg evaluate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import InputError

RootOpt = Annotated[Path, typer.Option("--root", help="Project root (holds schema/, sources/, annotations/).")]
NoNlpOpt = Annotated[bool, typer.Option("--no-nlp", help="Do not load spaCy even when installed (alias-only actors).")]


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _nlp(disabled: bool):
    from .extraction.entities import NLP_MODEL, load_nlp

    nlp = load_nlp(not disabled)
    if nlp is None and not disabled:
        typer.echo(f"note: spaCy or {NLP_MODEL} is not installed; new names are not detected (alias-only). "
                   f"Install the `nlp` extra: pip install -e '.[nlp]'", err=True)
    return nlp


def add_source_cmd(
    file: Annotated[Path, typer.Argument(help="The article's text (UTF-8), archived byte-identical.")],
    url: Annotated[Optional[str], typer.Option("--url", help="Address of the page.")] = None,
    outlet: Annotated[Optional[str], typer.Option("--outlet", help="Publishing outlet.")] = None,
    published: Annotated[Optional[str], typer.Option("--published", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
    published_basis: Annotated[Optional[str], typer.Option("--published-basis", help="What --published rests on (default stated).")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Headline.")] = None,
    genre: Annotated[Optional[str], typer.Option("--genre", help="article, live_blog or tag_archive (default: detected).")] = None,
    language: Annotated[str, typer.Option("--language", help="Language code of the text.")] = "fr",
    root: RootOpt = Path("."),
) -> None:
    """Archive a new article under sources/ and append its entry to sources/manifest.yaml."""
    from .intake import add_source

    try:
        added = add_source(root.resolve(), file, url=url, outlet=outlet, published=published,
                           published_basis=published_basis, title=title, genre=genre, language=language)
    except InputError as exc:
        _fail(str(exc))
    pub = f", published {added.published} ({added.published_basis})" if added.published else ""
    typer.echo(f"added {added.source_id}: sources/{added.path.name} ({added.genre}{pub}); "
               f"next: datapkg extract {added.source_id}")


def extract_cmd(
    source_id: Annotated[str, typer.Argument(help="The source to draft (see sources/manifest.yaml).")],
    root: RootOpt = Path("."),
    no_nlp: NoNlpOpt = False,
) -> None:
    """Draft annotations for one source into build/drafts/<source_id>.yaml, in the curated format."""
    from .extraction.draft_yaml import render
    from .extraction.pipeline import extract
    from .extraction.registry import load_registry
    from .sources import load_sources
    from .yamlio import load_yaml, strip_lines

    root = root.resolve()
    try:
        sources = {s.source_id: s for s in load_sources(root)}
        if source_id not in sources:
            _fail(f"sources/manifest.yaml: no source {source_id!r}; known: {', '.join(sorted(sources))}")
        registry = load_registry(root)
        taken: set[str] = set()
        others = [p for p in sorted((root / "build" / "drafts").glob("*.yaml")) if p.stem != source_id]
        for path in [*sorted((root / "annotations").glob("*.yaml")), *others]:
            if path.stem == source_id:
                continue  # a curated file of this very source is what the draft replaces
            doc = strip_lines(load_yaml(path))
            for key, id_key in (("statements", "statement_id"), ("events", "event_id"), ("sanction_measures", "measure_id")):
                for rec in (doc or {}).get(key) or []:
                    if isinstance(rec, dict) and rec.get(id_key):
                        taken.add(rec[id_key])
    except InputError as exc:
        _fail(str(exc))
    nlp = _nlp(no_nlp)
    draft = extract(sources[source_id], registry, nlp)
    names = {a.actor_id: a.name for a in registry.actors.values()}
    names.update({p.actor_id: p.name for p in draft.proposals})
    text = render(draft, taken, names)
    out = root / "build" / "drafts" / f"{source_id}.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    new = sum(1 for p in draft.proposals if p.links_to is None)
    typer.echo(f"wrote {out.relative_to(root)}: {len(draft.statements)} statements, {len(draft.events)} events, "
               f"{len(draft.measures)} measures, {len(draft.not_reporting)} not_reporting, {new} proposed actors")


def evaluate_cmd(
    root: RootOpt = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable figures on stdout.")] = False,
    no_nlp: NoNlpOpt = False,
) -> None:
    """Compare machine drafts with the curated annotations, leave-one-source-out: precision and recall."""
    from .extraction.evaluation import evaluate, render_table

    nlp = _nlp(no_nlp)
    try:
        result = evaluate(root.resolve(), nlp)
    except InputError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_table(result))


def register(app: typer.Typer) -> None:
    app.command("add-source")(add_source_cmd)
    app.command("extract")(extract_cmd)
    app.command("evaluate")(evaluate_cmd)
