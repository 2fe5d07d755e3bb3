"""Bad input stops the build with one clear line per problem, exit 1, and the published package untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit_annotations, line_of, run, tree_hashes

SOURCE = "004_6120cd35d94417e6"
ANNOTATION = f"annotations/{SOURCE}.yaml"


def new_event(**overrides) -> dict:
    event = {
        "event_id": "test-kremlin-announcement",
        "event_type": "announcement",
        "status": "occurred",
        "title": "Test event",
        "participants": [{"actor_id": "kremlin", "role": "initiator"}],
        "evidence": ["Le Kremlin a annoncé jeudi"],
    }
    event.update(overrides)
    return event


def add_event(root: Path, **overrides) -> str:
    return edit_annotations(root, SOURCE, lambda doc: doc.setdefault("events", []).append(new_event(**overrides)))


def build_fails(root: Path) -> list[str]:
    """Run a build expected to fail; check the exit code and that nothing published changed."""
    before = tree_hashes(root)
    result = run("build", "--root", str(root))
    assert result.exit_code == 1, result.output
    assert tree_hashes(root) == before, "a failed build changed the published package"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors, result.stderr
    assert result.stderr.rstrip().endswith("the published package is unchanged")
    return errors


def test_missing_evidence_names_file_line_and_closest_passage(project):
    text = add_event(project, evidence=["Le Kremlin a annoncé vendredi qu'une rencontre"])
    errors = build_fails(project)
    line = line_of(text, "test-kremlin-announcement")
    [err] = [e for e in errors if "test-kremlin-announcement" in e or f"{ANNOTATION}:{line}" in e]
    assert f"{ANNOTATION}:{line}:" in err
    assert "is not in the source" in err
    assert "closest passage: " in err and "Le Kremlin a annoncé jeudi qu'une rencontre" in err.split("closest passage: ")[1]


def test_unknown_actor_reference(project):
    text = add_event(project, participants=[{"actor_id": "nobody-at-all", "role": "initiator"}])
    errors = build_fails(project)
    [err] = [e for e in errors if "nobody-at-all" in e]
    assert f"{ANNOTATION}:{line_of(text, 'nobody-at-all')}" in err
    assert "has no match in actors.actor_id" in err


def test_duplicate_event_id(project):
    def dup(doc):
        first = doc["events"][0]
        doc["events"].append(new_event(event_id=first["event_id"]))

    edit_annotations(project, SOURCE, dup)
    errors = build_fails(project)
    assert any("duplicate event_id" in e and ANNOTATION in e for e in errors), errors


def test_duplicate_statement_id_across_files(project):
    existing = None

    def dup(doc):
        nonlocal existing
        existing = doc["statements"][0]["statement_id"]
        copy = dict(doc["statements"][0])
        doc["statements"].append(copy)

    edit_annotations(project, SOURCE, dup)
    errors = build_fails(project)
    assert any(existing in e and "duplicate" in e and "statement_id" in e for e in errors), errors


def test_unknown_vocabulary_value(project):
    text = add_event(project, event_type="coup_de_fil")
    errors = build_fails(project)
    [err] = [e for e in errors if "coup_de_fil" in e]
    assert f"{ANNOTATION}:{line_of(text, 'test-kremlin-announcement')}" in err
    assert "events.event_type" in err and "not in vocabulary event_types" in err


def test_malformed_yaml(project):
    path = project / ANNOTATION
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "  - event_id: [unclosed")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = build_fails(project)
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {ANNOTATION}:") and "malformed YAML" in errors[0]


def test_weekday_contradicting_the_date(project):
    # 8 August 2025 was a Friday; the evidence says "jeudi".
    text = add_event(project, date="2025-08-08", date_basis="relative", date_text="jeudi")
    errors = build_fails(project)
    [err] = [e for e in errors if "names jeudi" in e]
    assert f"{ANNOTATION}:{line_of(text, 'test-kremlin-announcement')}" in err
    assert "2025-08-08 is a vendredi" in err


def test_relative_date_without_its_words(project):
    add_event(project, date="2025-08-07", date_basis="relative")
    errors = build_fails(project)
    assert any("needs date_text" in e for e in errors), errors


def test_evidence_inside_a_caption_is_refused(project):
    caption = "A gauche, le président américain Donald Trump, photographié à Morristown"
    add_event(project, evidence=[caption])
    errors = build_fails(project)
    assert any("not_reporting" in e for e in errors), errors


def test_edited_source_file(project):
    path = project / "sources" / f"{SOURCE}.txt"
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    errors = build_fails(project)
    assert len(errors) == 1
    assert errors[0].startswith(f"error: sources/{SOURCE}.txt: sha256 ")
    assert "does not match the manifest" in errors[0]


def test_unknown_key_is_refused(project):
    text = add_event(project, particpants=[])  # misspelt
    errors = build_fails(project)
    [err] = [e for e in errors if "particpants" in e]
    assert f"{ANNOTATION}:{line_of(text, 'test-kremlin-announcement')}" in err


@pytest.mark.parametrize("value", ["2025-02-30", "le 7 août"])
def test_impossible_or_free_text_date(project, value):
    add_event(project, date=value, date_basis="inferred")
    errors = build_fails(project)
    assert any("date" in e and value in e for e in errors), errors


def test_attesting_an_unknown_measure_status(project):
    def add(doc):
        doc.setdefault("sanction_measures", []).append(
            {"attest": "no-such-measure", "status": "threatened", "evidence": ["Le Kremlin a annoncé jeudi"]})

    text = edit_annotations(project, SOURCE, add)
    errors = build_fails(project)
    [err] = [e for e in errors if "no-such-measure" in e]
    assert f"{ANNOTATION}:{line_of(text, 'no-such-measure')}" in err
    assert "attest names unknown measure status" in err


def test_statement_without_quote(project):
    def add(doc):
        doc["statements"].append({"statement_id": "test-no-quote", "speaker_actor_id": "kremlin",
                                  "quote_type": "indirect", "channel": "unknown"})

    text = edit_annotations(project, SOURCE, add)
    errors = build_fails(project)
    [err] = [e for e in errors if f"{ANNOTATION}:{line_of(text, 'test-no-quote')}" in e and "needs quote" in e]
    assert "verbatim" in err


def test_date_text_must_be_a_string(project):
    add_event(project, date="2025-08-07", date_basis="stated", date_text=7)
    errors = build_fails(project)
    assert any("date_text must be the verbatim words" in e for e in errors), errors
