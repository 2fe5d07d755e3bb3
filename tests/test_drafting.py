"""Machine drafting: add-source, extract and evaluate. Facts checked against the source texts; spaCy is not
needed (alias-only mode) except in the one test that says so."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_inputs, run
from datapkg.extraction.date_expressions import find_dates
from datapkg.extraction.draft_yaml import q
from datapkg.extraction.pipeline import extract
from datapkg.extraction.registry import load_registry
from datapkg.sources import load_sources

FIXTURE = Path(__file__).parent / "fixtures" / "witkoff_putin_kremlin.txt"


@pytest.fixture(scope="module")
def drafts() -> dict:
    """Alias-only drafts of the five sources with the full registry."""
    registry = load_registry(ROOT)
    return {s.source_id[:3]: extract(s, registry, None) for s in load_sources(ROOT)}


def _statement(draft, quote_start: str):
    hits = [s for s in draft.statements if draft.text[s.quote[0]:s.quote[1]].startswith(quote_start)]
    assert len(hits) == 1, f"{len(hits)} statements start with {quote_start!r}"
    return hits[0]


def _quote(draft, st) -> str:
    return draft.text[st.quote[0]:st.quote[1]]


# ---- quotes and speakers, facts read in the sources ------------------------------------------------------

def test_direct_quote_with_title_and_name_incise(drafts):
    # 000: '"Oui, je confirme. ...", a déclaré le porte-parole de la présidence russe, Dmitri Peskov.'
    st = _statement(drafts["000"], "Oui, je confirme.")
    assert st.quote_type == "direct"
    assert st.speaker.actor_id == "dmitry-peskov"
    assert _quote(drafts["000"], st).endswith("Nous continuons à communiquer avec les Américains")
    assert st.date.start == date(2025, 4, 2)  # the 02/04/25 - 15:01 entry


def test_inverted_pronoun_resolves_to_last_named_speaker(drafts):
    # 000: Sara Cook is quoted, then '"Le département du Trésor a ...", poursuit-elle.'
    st = _statement(drafts["000"], "Le département du Trésor a temporairement levé")
    assert st.speaker.actor_id == "sara-cook"
    # 004: Ouchakov announces "jeudi", then '"Il est essentiel ...", a-t-il souligné.' dated by that "jeudi"
    st = _statement(drafts["004"], "Il est essentiel que cette rencontre")
    assert st.speaker.actor_id == "yuri-ushakov"
    assert (st.date.start, st.date.basis, st.date.text) == (date(2025, 8, 7), "relative", "jeudi")


def test_partial_quote_speaker_from_title_subject(drafts):
    # 002: 'Le président américain, ce vendredi 11 avril ..., a exhorté la Russie à "se bouger"'
    st = _statement(drafts["002"], "se bouger")
    assert st.quote_type == "partial"
    assert st.speaker.actor_id == "donald-trump"
    assert (st.date.start, st.date.basis) == (date(2025, 4, 11), "stated")
    assert st.channel == "truth_social"


def test_selon_at_sentence_end_attributes_partial_quote(drafts):
    # 002: 'Le Kremlin ne s'attend pas à des "percées immédiates" ..., selon Dmitri Peskov, porte-parole ...'
    st = _statement(drafts["002"], "percées immédiates")
    assert st.speaker.actor_id == "dmitry-peskov"


def test_indirect_speech_from_end_incise_and_pronoun(drafts):
    # 000, 30/03/25 entry: 'Des droits de douane alors de 25 à 50%, a-t-il lancé.' after Donald Trump's quote
    st = _statement(drafts["000"], "Des droits de douane alors de 25 à 50%")
    assert st.quote_type == "indirect"
    assert st.speaker.actor_id == "donald-trump"
    assert st.date.start == date(2025, 3, 30) and st.date.text == "30/03/25 - 16:59"


def test_next_sentence_declaration_by_title(drafts):
    # 000: 'Vladimir Poutine "reste ouvert à tout contact" ... Cette déclaration ... a été prononcé aujourd'hui
    # par le porte-parole du Kremlin.'
    st = _statement(drafts["000"], "reste ouvert à tout contact")
    assert st.speaker.actor_id == "dmitry-peskov"
    assert (st.date.start, st.date.text) == (date(2025, 3, 31), "aujourd'hui")


def test_feminine_pronoun_finds_feminine_antecedent(drafts):
    # 004: '... rien n'indique que la Russie a abandonné ses conditions ... Elle réclame que l'Ukraine lui cède ...'
    st = _statement(drafts["004"], "que l'Ukraine lui cède quatre régions")
    assert st.speaker.actor_id == "russia"
    assert st.quote_type == "indirect"


def test_coordinated_subjects_give_one_statement_each(drafts):
    # 003: 'Selon Moscou, Poutine et Trump ont confirmé leur « intérêt mutuel »'
    hits = [s for s in drafts["003"].statements if _quote(drafts["003"], s) == "intérêt mutuel"]
    assert {s.speaker.actor_id for s in hits} == {"vladimir-putin", "donald-trump"}
    assert all(s.reported_via == "russia" for s in hits)


def test_no_statement_from_captions_or_boilerplate(drafts):
    d = drafts["002"]
    texts = [d.text[a:b] for a, b, _ in d.not_reporting]
    assert "Crédit : JORGE SILVA / POOL / AFP" in "\n".join(texts)
    assert any("newsletter" in t for t in texts)
    for st in d.statements:
        assert not any(a < st.quote[1] and st.quote[0] < b for a, b, _ in d.not_reporting)
    # 003: the "Lire la suite" teaser lines carry « immunisée » and « alternative »: only the summaries count
    d3 = drafts["003"]
    for st in d3.statements:
        assert not d3.text[d3.text.rfind("\n", 0, st.quote[0]) + 1:].startswith("Lire la suite")


# ---- dates ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ref, hint, expected", [
    ("Avant-hier, Donald Trump avait annoncé", date(2025, 4, 2), None, ("2025-03-31", "relative")),
    ("pourrait se tenir la semaine prochaine", date(2025, 8, 7), None, ({"start": "2025-08-11", "end": "2025-08-17"}, "relative")),
    ("Putin ce jeudi 16 octobre, à la veille", None, 2025, ("2025-10-16", "stated")),
    ("avait indiqué en février qu'il", date(2025, 4, 2), None, ("2025-02", "stated")),
    ("a appelé mardi soir les États-Unis", date(2025, 4, 1), None, ("2025-04-01", "relative")),
    ("ce week-end, des responsables", date(2025, 4, 2), None, ({"start": "2025-03-29", "end": "2025-03-30"}, "relative")),
])
def test_date_expressions(text, ref, hint, expected):
    found = find_dates(text, 0, len(text), ref, hint)
    assert [(v.form(), v.basis) for v in found] == [expected]


def test_weekday_without_reference_date_is_left_undated():
    assert find_dates("a déclaré vendredi qu'il", 0, 24, None, None) == []


def test_future_weekday_is_the_next_one():
    # 004: "un ultimatum qui expire vendredi" in an article of Thursday 7 August 2025
    v = find_dates("un ultimatum qui expire vendredi", 0, 32, date(2025, 8, 7), None, future=True)
    assert v[0].form() == "2025-08-08"


# ---- the YAML draft ----------------------------------------------------------------------------------------

def test_yaml_scalar_round_trip():
    for s in ['a "b" « c »\u00a0d', "line\nbreak", "x\u2028y", "back\\slash: colon"]:
        assert yaml.safe_load(f"k: {q(s)}")["k"] == s


# ---- the commands ------------------------------------------------------------------------------------------

def test_add_source_extract_accept_build(tmp_path):
    root = copy_inputs(tmp_path)
    manifest_before = (root / "sources" / "manifest.yaml").read_text(encoding="utf-8")
    r = run("add-source", str(FIXTURE), "--outlet", "Test outlet", "--root", str(root))
    assert r.exit_code == 0, r.stderr
    sid = "005_" + hashlib.sha256(FIXTURE.read_bytes()).hexdigest()[:16]
    assert sid in r.stdout
    assert (root / "sources" / f"{sid}.txt").read_bytes() == FIXTURE.read_bytes()
    manifest = (root / "sources" / "manifest.yaml").read_text(encoding="utf-8")
    assert manifest.startswith(manifest_before)  # appended as text: comments kept
    entry = yaml.safe_load(manifest)["sources"][-1]
    assert (str(entry["published"]), entry["published_basis"], entry["genre"]) == ("2025-11-21", "metadata_hint", "article")

    r = run("extract", sid, "--root", str(root), "--no-nlp")
    assert r.exit_code == 0, r.stderr
    draft_path = root / "build" / "drafts" / f"{sid}.yaml"
    doc = yaml.safe_load(draft_path.read_text(encoding="utf-8"))
    quotes = {s["quote"]: s for s in doc["statements"]}
    st = quotes["La conversation a été constructive et très utile"]
    assert (st["speaker_actor_id"], st["quote_type"], st["channel"]) == ("yuri-ushakov", "direct", "remarks_to_press")
    assert any(n["text"].startswith("Crédit : Alexander Kazakov") for n in doc["not_reporting"])
    meeting = [e for e in doc["events"] if {p["actor_id"] for p in e["participants"]} >= {"vladimir-putin", "steve-witkoff"}]
    assert meeting and str(meeting[0]["date"]) == "2025-11-21" and meeting[0]["date_text"] == "vendredi"

    # A curator accepts the draft: proposed actors go to the registry, TODO values get resolved.
    proposed = doc.pop("proposed_actors", None) or []
    if proposed:
        (root / "annotations" / "actors" / "proposed.yaml").write_text(
            yaml.safe_dump({"actors": proposed}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
    assert "TODO" not in text
    (root / "annotations" / f"{sid}.yaml").write_text(text, encoding="utf-8")
    r = run("build", "--root", str(root))
    assert r.exit_code == 0, r.stderr
    import polars as pl
    stmts = pl.read_parquet(root / "datasets" / "statements.parquet").filter(pl.col("source_id") == sid)
    row = stmts.filter(pl.col("quote_text") == "La conversation a été constructive et très utile").row(0, named=True)
    assert row["speaker_actor_id"] == "yuri-ushakov"


def test_unresolved_speaker_is_rejected_by_the_build_with_its_line(tmp_path):
    root = copy_inputs(tmp_path)
    assert run("add-source", str(FIXTURE), "--root", str(root)).exit_code == 0
    sid = "005_" + hashlib.sha256(FIXTURE.read_bytes()).hexdigest()[:16]
    assert run("extract", sid, "--root", str(root), "--no-nlp").exit_code == 0
    draft = (root / "build" / "drafts" / f"{sid}.yaml").read_text(encoding="utf-8")
    # what the draft writes when it cannot name the speaker
    draft = draft.replace("speaker_actor_id: yuri-ushakov", "speaker_actor_id: TODO  # TODO: speaker not resolved", 1)
    (root / "annotations" / f"{sid}.yaml").write_text(draft, encoding="utf-8")
    r = run("build", "--root", str(root))
    assert r.exit_code == 1
    line = next(i for i, t in enumerate(draft.splitlines(), 1) if "speaker_actor_id: TODO" in t) - 1
    assert f"annotations/{sid}.yaml:{line}:" in r.stderr and "'TODO' has no match in actors" in r.stderr


def test_add_source_refuses_a_file_already_present(tmp_path):
    root = copy_inputs(tmp_path)
    before = (root / "sources" / "manifest.yaml").read_bytes()
    r = run("add-source", str(ROOT / "sources" / "004_6120cd35d94417e6.txt"), "--root", str(root))
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "already in the project as sources/004_6120cd35d94417e6.txt" in lines[0]
    assert (root / "sources" / "manifest.yaml").read_bytes() == before


def test_add_source_detects_live_blog_and_refuses_bad_input(tmp_path):
    root = copy_inputs(tmp_path)
    blog = tmp_path / "blog.txt"
    blog.write_text("En direct\n\n21/11/25 - 10:00 - Titre Le Kremlin a réagi.\n\n21/11/25 - 09:00 - Autre Texte.\n",
                    encoding="utf-8")
    r = run("add-source", str(blog), "--published", "2025-11-21", "--root", str(root))
    assert r.exit_code == 0, r.stderr
    entry = yaml.safe_load((root / "sources" / "manifest.yaml").read_text(encoding="utf-8"))["sources"][-1]
    assert (entry["genre"], str(entry["published"]), entry["published_basis"]) == ("live_blog", "2025-11-21", "stated")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Moscou a déclaré".encode("latin-1"))
    r = run("add-source", str(bad), "--root", str(root))
    assert r.exit_code == 1 and "latin1.txt: not valid UTF-8" in r.stderr
    r = run("add-source", str(blog.with_name("other.txt")), "--published", "avril", "--root", str(root))
    assert r.exit_code == 1


def test_extract_unknown_source_is_one_line_error(tmp_path):
    root = copy_inputs(tmp_path)
    r = run("extract", "999_nope", "--root", str(root), "--no-nlp")
    assert r.exit_code == 1
    assert r.stderr.strip().count("\n") == 0 and "no source '999_nope'" in r.stderr


def test_extract_is_deterministic(tmp_path):
    root = copy_inputs(tmp_path)
    outs = []
    for _ in range(2):
        assert run("extract", "001_193be2da69fb9b6e", "--root", str(root), "--no-nlp").exit_code == 0
        outs.append((root / "build" / "drafts" / "001_193be2da69fb9b6e.yaml").read_bytes())
    assert outs[0] == outs[1]


def test_evaluate_prints_figures_as_json():
    r = run("evaluate", "--root", str(ROOT), "--json", "--no-nlp")
    assert r.exit_code == 0, r.stderr
    figures = json.loads(r.stdout)
    assert figures["protocol"] == "leave-one-source-out" and len(figures["per_source"]) == 5
    st = figures["total"]["statements"]
    assert st["gold"] >= 90 and st["predictions"] > 0
    # alias-only floor: regressions of the rules show here
    assert st["precision"] >= 0.8 and st["recall"] >= 0.7
    assert figures["total"]["actor links"]["precision"] >= 0.9


def test_with_spacy_proposes_names_the_registry_lacks():
    pytest.importorskip("spacy")
    from datapkg.extraction.entities import load_nlp
    from datapkg.extraction.registry import attested_in

    nlp = load_nlp()
    if nlp is None:
        pytest.skip("fr_core_news_md is not installed")
    sources = load_sources(ROOT)
    src = next(s for s in sources if s.source_id.startswith("000"))
    others = [s.text for s in sources if s is not src]
    draft = extract(src, attested_in(load_registry(ROOT), others, set()), nlp)
    proposed = {p.actor_id: p for p in draft.proposals if p.links_to is None}
    assert "wang-yi" in proposed and proposed["wang-yi"].actor_type == "person"  # "le ministre chinois ..., Wang Yi"
    st = _statement(draft, "rôle constructif")
    assert st.speaker.actor_id == "wang-yi"
