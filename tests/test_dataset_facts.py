"""Facts a reader of the articles can check, computed from the built tables and their verified evidence."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from datapkg.report import source_counts


@pytest.fixture(scope="module")
def t(built):
    def read(name: str) -> pl.DataFrame:
        return pl.read_parquet(built / "datasets" / f"{name}.parquet").with_columns(pl.col(pl.Categorical).cast(pl.Utf8))

    names = ("sources", "events", "event_participants", "statements", "sanction_measures", "mentions",
             "source_exclusions", "actors")
    return {n: read(n) for n in names}


def evidence_of(t, **target) -> list[str]:
    m = t["mentions"]
    for k, v in target.items():
        m = m.filter(pl.col(k) == v)
    return m.filter(pl.col("kind") != "actor")["text"].to_list()


def one(df: pl.DataFrame) -> dict:
    assert df.height == 1, df
    return df.row(0, named=True)


def test_india_tariff_raised_from_25_to_50_to_pressure_russia(t):
    row = one(t["sanction_measures"].filter((pl.col("target_actor_id") == "india") & (pl.col("rate_new_pct") == 50)))
    assert (row["rate_prior_pct"], row["imposer_actor_id"], row["pressure_on_actor_id"]) == (25, "united-states", "russia")
    assert row["measure_type"] in ("tariff", "secondary_tariff") and row["status"] == "announced"
    texts = evidence_of(t, measure_id=row["measure_id"], measure_status=row["status"])
    assert any("50%" in x and "25%" in x and "Inde" in x for x in texts), texts


def test_secondary_oil_tariff_threat_of_25_to_50_percent(t):
    row = one(t["sanction_measures"].filter((pl.col("rate_min_pct") == 25) & (pl.col("rate_max_pct") == 50)))
    assert row["status"] == "threatened" and row["date_start"] == date(2025, 3, 30)
    assert row["pressure_on_actor_id"] == "russia" and row["sector"] in ("oil", "crude_oil")
    assert any("25 à 50%" in x for x in evidence_of(t, measure_id=row["measure_id"], measure_status="threatened"))


def test_16_october_call_and_the_budapest_plan(t):
    e = t["events"]
    call = one(e.filter((pl.col("event_type") == "phone_call") & (pl.col("date_start") == date(2025, 10, 16))))
    assert call["date_precision"] == "day" and call["date_basis"] == "stated"
    people = set(t["event_participants"].filter(pl.col("event_id") == call["event_id"])["actor_id"])
    assert {"donald-trump", "vladimir-putin"} <= people
    dates = [x for x in evidence_of(t, event_id=call["event_id"]) if "16 octobre" in x]
    assert dates and date(2025, 10, 16).weekday() == 3 and any("jeudi" in x for x in dates)

    summit = one(e.filter(pl.col("location_name").str.contains("Budapest")))
    assert summit["event_type"] == "summit" and summit["status"] == "planned"
    assert summit["location_country_iso3"] == "HUN"
    assert call["event_id"] in (summit["related_event_id"], None) or summit["event_id"] == call["related_event_id"]
    assert summit["date_start"] > call["date_start"]


def test_temporary_lifting_of_sanctions_on_dmitriev(t):
    row = one(t["sanction_measures"].filter((pl.col("target_actor_id") == "kirill-dmitriev") & (pl.col("status") == "lifted")))
    assert row["imposer_actor_id"] in ("us-treasury", "united-states")
    assert row["date_start"] is None  # the text does not say when
    assert any("temporairement levé les sanctions contre Dmitriev" in x
               for x in evidence_of(t, measure_id=row["measure_id"], measure_status="lifted"))


def test_every_record_is_grounded_and_every_text_date_cites_its_words(t):
    m = t["mentions"]
    for table, key, mkey in (("events", "event_id", "event_id"), ("statements", "statement_id", "statement_id"),
                             ("sanction_measures", "measure_id", "measure_id")):
        grounded = set(m.filter(pl.col("kind") != "actor")[mkey].drop_nulls())
        assert set(t[table][key]) <= grounded, table
        worded = t[table].filter(pl.col("date_basis").is_in(["stated", "relative"]))[key]
        dated = set(m.filter(pl.col("kind") == "date")[mkey].drop_nulls())
        assert set(worded) <= dated, table


def test_no_evidence_from_captions_teasers_or_boilerplate(t):
    spans = t["mentions"].join(t["source_exclusions"], on="source_id", suffix="_x")
    overlapping = spans.filter((pl.col("char_start") < pl.col("char_end_x")) & (pl.col("char_start_x") < pl.col("char_end")))
    assert overlapping.height == 0, overlapping.select("source_id", "kind", "text", "reason")
    captions = t["source_exclusions"].filter(pl.col("reason") == "caption")["text"].to_list()
    assert any("10 mai 2025" in c for c in captions)  # the ceremony no article reports
    assert t["events"].filter(pl.col("date_start") == date(2025, 5, 10)).height == 0


def test_statement_dates_come_from_the_passage_not_the_page(t):
    """In the live blog, each statement is dated by its entry, so they spread over several days."""
    live = one(t["sources"].filter(pl.col("genre") == "live_blog"))["source_id"]
    days = t["statements"].filter((pl.col("source_id") == live) & (pl.col("date_precision") == "day"))["date_start"]
    assert days.n_unique() >= 4
    assert days.min() == date(2025, 3, 30)


def test_every_source_has_rows_in_every_table_it_supports(built):
    counts = source_counts(built)
    assert len(counts) == 5
    for sid, row in counts.items():
        assert row["events"] > 0 and row["statements"] > 0 and row["measures"] > 0, (sid, row)
        assert row["actor_mentions"] > 0, sid
