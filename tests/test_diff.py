"""`datapkg diff`: two builds that differ by one edited annotation show exactly that change."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import edit_annotations, run

SOURCE = "002_143ed8875dc38cf2"


def _first_event(doc: dict) -> dict:
    return next(e for e in doc["events"] if "event_id" in e)


@pytest.fixture(scope="module")
def edited(built, tmp_path_factory):
    """A rebuilt copy of `built` whose only change is one event title in one annotation file."""
    root = tmp_path_factory.mktemp("edited") / "project"
    shutil.copytree(built, root, symlinks=True)
    seen = {}

    def change(doc):
        event = _first_event(doc)
        seen.update(event_id=event["event_id"], old=event["title"])
        event["title"] = event["title"] + " (edited)"

    edit_annotations(root, SOURCE, change)
    result = run("build", "--root", str(root))
    assert result.exit_code == 0, result.stderr
    return root, seen


def test_json_diff_shows_exactly_the_edited_field(built, edited):
    root, seen = edited
    result = run("diff", str(built), str(root), "--format", "json")
    assert result.exit_code == 0, result.stderr
    d = json.loads(result.stdout)
    assert d["summary"] == {"added": 0, "removed": 0, "changed": 1}
    assert d["metadata"] == []
    changed = {name: t for name, t in d["tables"].items() if t["status"] != "unchanged"}
    assert list(changed) == ["events"]
    assert changed["events"]["changed"] == [{
        "key": {"event_id": seen["event_id"]},
        "fields": {"title": {"old": seen["old"], "new": seen["old"] + " (edited)"}},
    }]


def test_markdown_diff_is_readable_in_a_pull_request(built, edited):
    root, seen = edited
    result = run("diff", str(built), str(root))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"| `events` | {_rows(built, 'events')} → {_rows(built, 'events')} | 0 | 0 | 1 |" in out
    assert f"| `{seen['event_id']}` | `title` | {seen['old']} | {seen['old']} (edited) |" in out
    assert out.count("### ") == 1  # one table section
    tables = {r["name"].removesuffix("-parquet") for r in _descriptor(built)["resources"]}
    assert f"{len(tables) - 1} other tables unchanged." in out


def _descriptor(root):
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def _rows(root, table):
    return len((root / "datasets" / f"{table}.csv").read_text(encoding="utf-8").splitlines()) - 1


def test_identical_packages_have_no_changes(built):
    result = run("diff", str(built), str(built), "--exit-code")
    assert result.exit_code == 0
    assert "No changes" in result.stdout


def test_added_and_removed_rows_by_primary_key(built, project):
    def drop_navigation(doc):
        doc["not_reporting"] = [x for x in doc["not_reporting"] if x["text"] != "2 min de lecture"]

    edit_annotations(project, SOURCE, drop_navigation)
    assert run("build", "--root", str(project)).exit_code == 0
    result = run("diff", str(built), str(project), "--format", "json", "--exit-code")
    assert result.exit_code == 1  # --exit-code: the packages differ
    d = json.loads(result.stdout)
    assert d["summary"] == {"added": 0, "removed": 1, "changed": 0}
    removed = d["tables"]["source_exclusions"]["removed"]
    assert [(r["source_id"], r["text"]) for r in removed] == [(SOURCE, "2 min de lecture")]
    back = json.loads(run("diff", str(project), str(built), "--format", "json").stdout)
    assert back["tables"]["source_exclusions"]["added"] == removed
    md = run("diff", str(built), str(project)).stdout
    assert f"| `{SOURCE}` | `{removed[0]['char_start']}` | 2 min de lecture |" in md


def test_diff_errors_name_the_folder(built, tmp_path):
    result = run("diff", str(tmp_path), str(built))
    assert result.exit_code == 2
    assert f"{tmp_path}: no datapackage.json here" in result.stderr
