"""`datapkg timeline`: a deterministic SVG with every event, coloured by type, shaped by status."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pyarrow.parquet as pq

from conftest import ROOT, run
from datapkg.published import load_package
from datapkg.timeline import PALETTE, render_timeline

SVG = "{http://www.w3.org/2000/svg}"


def _events(root):
    return pq.read_table(root / "datasets" / "events.parquet").to_pylist()


def test_timeline_draws_every_event_with_its_type_colour_and_status(built, tmp_path):
    out = tmp_path / "t.svg"
    result = run("timeline", "--out", str(out), str(built))
    assert result.exit_code == 0, result.stderr
    events = _events(built)
    assert f"{len(events)} events" in result.stdout
    tree = ET.parse(out).getroot()
    types = [r["code"] for r in pq.read_table(built / "datasets" / "vocab_event_types.parquet").to_pylist()]
    groups = {}
    for g in tree.iter(f"{SVG}g"):
        title = g.find(f"{SVG}title")
        if title is not None:
            groups[title.text.split(":", 1)[0]] = (title.text, g)
    assert sorted(groups) == sorted(e["event_id"] for e in events)
    for e in events:
        tooltip, g = groups[e["event_id"]]
        assert f"({e['status']}, " in tooltip
        colour = PALETTE[types.index(e["event_type"]) % len(PALETTE)]
        assert colour in ET.tostring(g, encoding="unicode"), e["event_id"]
        if e["status"] == "occurred":  # a filled circle
            circle = g.find(f"{SVG}circle")
            assert circle is not None and circle.get("fill") == colour
    undated = [e for e in events if e["date_start"] is None]
    text = out.read_text(encoding="utf-8")
    assert f"Undated events ({len(undated)})" in text
    for e in undated:
        assert f"{e['event_id']}: " in text and ", undated)</title>" in text


def test_dated_events_are_in_date_order_and_labelled(built):
    svg = render_timeline(load_package(built))
    dated = sorted((e for e in _events(built) if e["date_start"] is not None),
                   key=lambda e: (e["date_start"], e["date_end"], e["event_id"]))
    ids = [m for m in re.findall(r"<g><title>([^:]+): ", svg)]
    assert ids[: len(dated)] == [e["event_id"] for e in dated]
    for e in dated:
        assert f">{e['date_start'].isoformat()}" in svg  # the date printed beside the title


def test_timeline_is_deterministic(built, tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    assert run("timeline", "--out", str(a), str(built)).exit_code == 0
    assert run("timeline", "--out", str(b), str(built)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_committed_timeline_matches_the_committed_package():
    committed = (ROOT / "docs" / "timeline.svg").read_text(encoding="utf-8")
    assert committed == render_timeline(load_package(ROOT)), \
        "docs/timeline.svg is stale: run `datapkg timeline` at the repository root and commit it"


def test_timeline_error_names_the_folder(tmp_path):
    result = run("timeline", "--out", str(tmp_path / "x.svg"), str(tmp_path))
    assert result.exit_code == 1
    assert "no datapackage.json here" in result.stderr
    assert not (tmp_path / "x.svg").exists()
