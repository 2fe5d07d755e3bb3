"""Synthetic packages shaped like the real one, rendered through the project's own writers.

`write_package(root, n)` writes a valid package whose largest table (mentions) has `n` rows: every table of the
contract, per-source fan-out close to the real corpus (about 156 mentions, 19 statements, 7 events and 6
exclusions per source), French text with « », both apostrophes, non-breaking spaces and line breaks, and one
source text per source under sources/, so that `datapkg validate` checks every provenance span.

Rows are generated column-wise with numpy and polars; a million mentions take a few seconds. The same seed gives
byte-identical packages.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from datapkg.build import vocabulary_frame
from datapkg.checks import POLARS_TYPES
from datapkg.contract import Contract, Table, load_contract
from datapkg.publish import descriptor, write_json, write_tables
from datapkg.yamlio import load_yaml, strip_lines

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "schema"

# Per source, as in the real corpus (782 mentions, 96 statements, 37 events over 5 sources).
MENTIONS_PER_SOURCE = 156
ACTORS_PER_SOURCE = 10
EVENTS_PER_SOURCE = 7.4
STATEMENTS_PER_SOURCE = 19.2
MEASURE_IDS_PER_SOURCE = 1.2
EXCLUSIONS_PER_SOURCE = 5

FIRST = ["Vladimir", "Dmitri", "Sergueï", "Kirill", "Iouri", "Volodymyr", "Andriï", "Donald", "Marco", "Steve",
         "Keith", "Emmanuel", "Friedrich", "Keir", "Ursula", "Mark", "Alexander", "Recep Tayyip", "Maria", "Jean-Noël",
         "Kaja", "Giorgia", "Narendra", "Xi", "Oleksandr", "Rustem", "Iulia", "Hakan", "Antonio", "Pete"]
LAST = ["Poutine", "Peskov", "Lavrov", "Dmitriev", "Ouchakov", "Zelensky", "Iermak", "Trump", "Rubio", "Witkoff",
        "Kellogg", "Macron", "Merz", "Starmer", "von der Leyen", "Rutte", "Stubb", "Erdoğan", "Zakharova", "Barrot",
        "Kallas", "Meloni", "Modi", "Jinping", "Syrsky", "Oumerov", "Svyrydenko", "Fidan", "Costa", "Hegseth"]
PLACES = ["Moscou", "Washington", "Kyiv", "Istanbul", "Riyad", "Genève", "Anchorage", "Budapest", "Paris",
          "Bruxelles", "Djeddah", "Abou Dhabi", "Saint-Pétersbourg", "la Maison Blanche", "le Kremlin"]
COUNTRIES = ["USA", "RUS", "UKR", "FRA", "DEU", "GBR", "FIN", "TUR", "IND", "CHN", "SAU", "HUN", "ITA", "CHE"]
ROLES = ["President", "Kremlin spokesperson", "Foreign minister", "Special envoy", "Prime minister",
         "Chief of staff", "Secretary-General", "Head of delegation", "Defence minister"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
EVIDENCE = [
    "Le président américain {a} a déclaré {d} qu’il pourrait rencontrer personnellement {b}, « très bientôt »",
    "Selon des sources proches du projet, {a} envisage de s’asseoir avec {b} dès la semaine prochaine à {p}",
    "{a} a rencontré la direction russe à {p} pour des pourparlers qualifiés de « productifs » par le Kremlin",
    "02/04/25 - 18:52 - {a} rencontrera le négociateur {b} aujourd’hui à {p}",
    "L'émissaire s'est rendu à {p} {d}, a indiqué l'agence.\nLes discussions ont duré trois heures.",
    "{a} a donné jusqu’à vendredi à {b} pour faire des progrès vers la paix, sous peine de nouvelles sanctions",
    "Washington imposera des droits de douane de {n}\u00a0% sur le pétrole en provenance de Russie, a prévenu {a}",
    "Trois rondes de pourparlers à {p} n’ont pas permis d’avancer vers un cessez-le-feu, selon {b}.",
    "« C'est une bonne nouvelle », a réagi {a} {d} soir, après l’appel avec {b}.\n",
    "Le sommet entre {a} et {b}, prévu à {p}, a été reporté « sine die » ; aucune date n’a été fixée.",
]
QUOTES = [
    "Oui, je confirme. Une telle visite est possible. Nous continuons à communiquer avec les Américains",
    "Nous n’accepterons pas de cessez-le-feu sans garanties de sécurité",
    "il y a des désaccords sur différents points, mais il y a un processus",
    "« grands progrès »",
    "qu’il pensait que {p} et {q} étaient proches d’une solution diplomatique",
    "Si la Russie ne fait pas de progrès d'ici vendredi, il y aura des sanctions",
    "Le dialogue reprendra\u00a0: « nous verrons » la semaine prochaine",
    "Je ne suis pas content de lui.\nPas content du tout",
]
SPEAKERS = ["le porte-parole du Kremlin, {a}", "l’émissaire économique spécial de {a}", "{a}",
            "le chef de la diplomatie, {a}", "un haut responsable cité par l'agence"]
DATE_WORDS = ["ce {d}", "{d} soir", "hier", "02/04/25 - 15:01", "la semaine prochaine", "ce {d} 16 octobre",
              "dans les deux prochaines semaines"]
CONDITIONS = ["Si la Russie et moi-même ne parvenons pas à trouver un accord", "en échange d'un accord de cessez-le-feu",
              "tant que Moscou n’aura pas accepté une trêve de 30 jours"]
EXCLUDED = ["Droits d’auteur © 2024 – exemple.fr – Tous droits réservés", "Lire la suite",
            "{a} et {b}, en 2017.", "Recevez nos alertes\nS'abonner à la newsletter", "You may also like"]
NOTES = ["Described by the source as « sine die »; the other source's date is used.",
         "The text says \"mercredi\"; resolved against the entry's timestamp.",
         "Claim asserted by {a} only,\nnot confirmed by the Kremlin.", "Same remarks as in the l’AFP dispatch."]


@dataclass
class Synthetic:
    frames: dict[str, pl.DataFrame]
    texts: dict[str, str]  # source_id -> text


def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_).split())


def _typed(table: Table, cols: dict[str, object]) -> pl.DataFrame:
    """A frame with exactly the table's columns and types (missing columns null), sorted by primary key."""
    n = max(len(v) for v in cols.values())  # type: ignore[arg-type]
    series = []
    for f in table.fields:
        dtype = POLARS_TYPES[f.type]
        v = cols.get(f.name)
        s = pl.Series(f.name, [None] * n, dtype=dtype) if v is None else pl.Series(f.name, v).cast(dtype)
        series.append(s)
    return pl.DataFrame(series).sort(list(table.primary_key), maintain_order=True)


def _null(values: list, keep: np.ndarray) -> list:
    return [v if k else None for v, k in zip(values, keep)]


def _pick(rng: np.random.Generator, options, n: int, p=None) -> list:
    options = list(options)
    return [options[i] for i in rng.choice(len(options), size=n, p=p)]


class _Names:
    """French surface forms, English names and slugs for actor i."""

    def __init__(self, n: int):
        k = len(FIRST) * len(LAST)
        self.fr = [f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}" + ("" if i < k else f" {i // k + 1}")
                   for i in range(n)]
        self.last = [LAST[(i // len(FIRST)) % len(LAST)] + ("" if i < k else f" {i // k + 1}") for i in range(n)]
        self.ids = [f"{slug(name)}-{i}" for i, name in enumerate(self.fr)]


def _dates(rng: np.random.Generator, n: int, precisions: tuple[str, ...], bases: tuple[str, ...],
           dated: float = 0.85) -> dict[str, list]:
    """Coherent date_start/date_end/date_precision/date_basis columns."""
    start = [date(2025, 1, 1) + timedelta(days=d) for d in rng.integers(0, 330, n).tolist()]
    prec = _pick(rng, precisions, n, p=_weights(precisions, {"day": 0.7, "month": 0.15, "week": 0.07, "range": 0.05,
                                                             "year": 0.03}))
    s_out, e_out = [], []
    for s, p in zip(start, prec):
        if p == "day":
            s_out.append(s), e_out.append(s)
        elif p == "month":
            first = s.replace(day=1)
            nxt = (first.replace(year=first.year + 1, month=1) if first.month == 12 else first.replace(month=first.month + 1))
            s_out.append(first), e_out.append(nxt - timedelta(days=1))
        elif p == "year":
            s_out.append(s.replace(month=1, day=1)), e_out.append(s.replace(month=12, day=31))
        else:
            s_out.append(s), e_out.append(s + timedelta(days=6 if p == "week" else 13))
    keep = rng.random(n) < dated
    return {"date_start": _null(s_out, keep), "date_end": _null(e_out, keep), "date_precision": _null(prec, keep),
            "date_basis": _null(_pick(rng, bases, n), keep)}


def _weights(options: tuple[str, ...], w: dict[str, float]) -> list[float]:
    raw = [w.get(o, 0.01) for o in options]
    return [x / sum(raw) for x in raw]


def _fill(template: str, rng_vals: dict[str, str]) -> str:
    return template.format(**rng_vals)


def generate(n: int, seed: int = 0, contract: Contract | None = None) -> Synthetic:
    contract = contract or load_contract(SCHEMA)
    t = contract.tables
    rng = np.random.default_rng(seed)
    n_src = max(3, round(n / MENTIONS_PER_SOURCE))
    n_act = max(12, round(n_src * ACTORS_PER_SOURCE))
    n_ev = max(4, round(n_src * EVENTS_PER_SOURCE))
    n_st = max(4, round(n_src * STATEMENTS_PER_SOURCE))
    n_mid = max(2, round(n_src * MEASURE_IDS_PER_SOURCE))
    enum = {name: {f.name: f.enum for f in tab.fields if f.enum} for name, tab in t.items()}
    names = _Names(n_act)
    sids = [f"{i:04d}_{hashlib.sha256(str(i).encode()).hexdigest()[:16]}" for i in range(n_src)]

    def words(k: int) -> list[dict[str, str]]:
        a, b = rng.integers(0, n_act, k), rng.integers(0, n_act, k)
        return [{"a": names.fr[x], "b": names.fr[y], "p": PLACES[x % len(PLACES)], "q": PLACES[y % len(PLACES)],
                 "d": DAYS[x % 7], "n": str(25 * (1 + y % 4))} for x, y in zip(a.tolist(), b.tolist())]

    def texts(pool: list[str], k: int) -> list[str]:
        return [_fill(pool[i], w) for i, w in zip(rng.integers(0, len(pool), k).tolist(), words(k))]

    # actors and aliases
    idx = np.arange(n_act)
    parent = (rng.random(n_act) * idx).astype(int)
    actors = {
        "actor_id": names.ids, "name": [slug(x).replace("-", " ").title() for x in names.fr], "name_fr": names.fr,
        "actor_type": _pick(rng, enum["actors"]["actor_type"], n_act),
        "country_iso3": _null(_pick(rng, COUNTRIES, n_act), rng.random(n_act) < 0.85),
        "role_title": _null(_pick(rng, ROLES, n_act), rng.random(n_act) < 0.7),
        "affiliation_actor_id": _null([names.ids[p] for p in parent], (idx > 0) & (rng.random(n_act) < 0.6)),
        "wikidata_qid": _null([f"Q{q}" for q in rng.integers(1, 10**8, n_act).tolist()], rng.random(n_act) < 0.3),
        "description": _null(texts(NOTES, n_act), rng.random(n_act) < 0.9),
    }
    second = rng.random(n_act) < 0.26
    aliases = {"alias": names.fr + [f"M. {names.last[i]} ({i})" for i in idx[second].tolist()],
               "actor_id": names.ids + [names.ids[i] for i in idx[second].tolist()],
               "language": ["fr"] * (n_act + int(second.sum()))}
    alias_actor = np.concatenate([idx, idx[second]])

    # events and participants
    ev_type = _pick(rng, enum["events"]["event_type"], n_ev)
    ev_ids = [f"{slug(ty)}-{slug(names.last[a])}-{i}" for i, (ty, a) in
              enumerate(zip(ev_type, rng.integers(0, n_act, n_ev).tolist()))]
    ev_dates = _dates(rng, n_ev, enum["events"]["date_precision"], enum["events"]["date_basis"])
    related = (rng.random(n_ev) * np.arange(n_ev)).astype(int)
    events = {"event_id": ev_ids, "event_type": ev_type,
              "title": [f"{names.last[a]} meets {names.last[b]} in {PLACES[a % len(PLACES)]}"
                        for a, b in zip(rng.integers(0, n_act, n_ev).tolist(), rng.integers(0, n_act, n_ev).tolist())],
              "status": _pick(rng, enum["events"]["status"], n_ev), **ev_dates,
              "location_name": _null(_pick(rng, PLACES, n_ev), rng.random(n_ev) < 0.6),
              "location_country_iso3": _null(_pick(rng, COUNTRIES, n_ev), rng.random(n_ev) < 0.6),
              "related_event_id": _null([ev_ids[r] for r in related], (np.arange(n_ev) > 0) & (rng.random(n_ev) < 0.1)),
              "notes": _null(texts(NOTES, n_ev), rng.random(n_ev) < 0.5)}
    n_part = rng.integers(1, 5, n_ev)
    p_event = np.repeat(np.arange(n_ev), n_part)
    p_offset = np.concatenate([np.arange(k) for k in n_part])
    p_actor = (np.repeat(rng.integers(0, n_act, n_ev), n_part) + p_offset) % n_act
    k_part = len(p_event)
    participants = {"event_id": [ev_ids[e] for e in p_event.tolist()],
                    "actor_id": [names.ids[a] for a in p_actor.tolist()],
                    "role": _pick(rng, enum["event_participants"]["role"], k_part),
                    "on_behalf_of_actor_id": _null([names.ids[a] for a in rng.integers(0, n_act, k_part).tolist()],
                                                   rng.random(k_part) < 0.3)}

    # sanction measures: 1 to 3 statuses per measure
    statuses = enum["sanction_measures"]["status"]
    n_stat = rng.integers(1, 4, n_mid)
    m_mid = np.repeat(np.arange(n_mid), n_stat)
    m_status = (np.repeat(rng.integers(0, len(statuses), n_mid), n_stat)
                + np.concatenate([np.arange(k) for k in n_stat])) % len(statuses)
    n_mrow = len(m_mid)
    mid_names = [f"{slug(ty)}-{slug(names.last[a])}-{i}" for i, (ty, a) in enumerate(zip(
        _pick(rng, enum["sanction_measures"]["measure_type"], n_mid), rng.integers(0, n_act, n_mid).tolist()))]
    rate = rng.integers(0, 5, n_mrow) * 25.0
    has_cond = rng.random(n_mrow) < 0.3
    conditions = texts(CONDITIONS, n_mrow)
    measures = {"measure_id": [mid_names[m] for m in m_mid.tolist()], "status": [statuses[s] for s in m_status.tolist()],
                **_dates(rng, n_mrow, enum["sanction_measures"]["date_precision"],
                         enum["sanction_measures"]["date_basis"]),
                "imposer_actor_id": [names.ids[a] for a in rng.integers(0, n_act, n_mrow).tolist()],
                "target_actor_id": _null([names.ids[a] for a in rng.integers(0, n_act, n_mrow).tolist()],
                                         rng.random(n_mrow) < 0.8),
                "pressure_on_actor_id": _null([names.ids[a] for a in rng.integers(0, n_act, n_mrow).tolist()],
                                              rng.random(n_mrow) < 0.2),
                "measure_type": [None] * n_mrow,
                "sector": _null(_pick(rng, enum["sanction_measures"]["sector"], n_mrow), rng.random(n_mrow) < 0.5),
                "rate_prior_pct": _null(list(rate / 2), rng.random(n_mrow) < 0.2),
                "rate_new_pct": _null(list(rate), rng.random(n_mrow) < 0.3),
                "rate_min_pct": _null(list(rate), rng.random(n_mrow) < 0.1),
                "rate_max_pct": _null(list(rate * 2), rng.random(n_mrow) < 0.1),
                "condition_text": _null(conditions, has_cond),
                "deadline_date": _null([date(2025, 8, 8)] * n_mrow, rng.random(n_mrow) < 0.2),
                "evidence_level": _pick(rng, enum["sanction_measures"]["evidence_level"], n_mrow),
                "event_id": _null([ev_ids[e] for e in rng.integers(0, n_ev, n_mrow).tolist()], rng.random(n_mrow) < 0.3),
                "notes": _null(texts(NOTES, n_mrow), rng.random(n_mrow) < 0.5)}
    mtypes = _pick(rng, enum["sanction_measures"]["measure_type"], n_mid)
    measures["measure_type"] = [mtypes[m] for m in m_mid.tolist()]

    # statements
    st_ids = [f"{slug(names.last[a])}-says-{i}" for i, a in enumerate(rng.integers(0, n_act, n_st).tolist())]
    st_src = rng.integers(0, n_src, n_st)
    st_speaker = rng.integers(0, n_act, n_st)
    st_has_speaker = rng.random(n_st) < 0.7
    st_quote = texts(QUOTES, n_st)
    st_measure = rng.integers(0, n_mrow, n_st)
    st_has_measure = rng.random(n_st) < 0.1
    statements = {"statement_id": st_ids, "source_id": [sids[s] for s in st_src.tolist()],
                  "speaker_actor_id": [names.ids[a] for a in st_speaker.tolist()],
                  "speaker_text": _null(texts(SPEAKERS, n_st), st_has_speaker),
                  **_dates(rng, n_st, enum["statements"]["date_precision"], enum["statements"]["date_basis"]),
                  "quote_text": st_quote,
                  "quote_type": _pick(rng, enum["statements"]["quote_type"], n_st),
                  "channel": _pick(rng, enum["statements"]["channel"], n_st),
                  "reported_via_actor_id": _null([names.ids[a] for a in rng.integers(0, n_act, n_st).tolist()],
                                                 rng.random(n_st) < 0.15),
                  "event_id": _null([ev_ids[e] for e in rng.integers(0, n_ev, n_st).tolist()], rng.random(n_st) < 0.3),
                  "measure_id": _null([measures["measure_id"][m] for m in st_measure.tolist()], st_has_measure),
                  "measure_status": _null([measures["status"][m] for m in st_measure.tolist()], st_has_measure),
                  "notes": _null(texts(NOTES, n_st), rng.random(n_st) < 0.3)}

    # mentions: one quote and (when given) one speaker span per statement, evidence for every event and measure
    # status, conditions, some dates, then actor names and further evidence up to n rows.
    parts: list[pl.DataFrame] = []

    def mention(kind: str, src: np.ndarray, text: list[str], **target: list) -> None:
        cols = {"source": src.astype(np.int64), "text": text, "kind": [kind] * len(text)}
        for col in ("event_id", "statement_id", "measure_id", "measure_status", "actor_id"):
            cols[col] = target.get(col, [None] * len(text))
        parts.append(pl.DataFrame(cols, schema={"source": pl.Int64, "text": pl.Utf8, "kind": pl.Utf8,
                                                **{c: pl.Utf8 for c in ("event_id", "statement_id", "measure_id",
                                                                        "measure_status", "actor_id")}}))

    sp = np.flatnonzero(st_has_speaker)
    dated_st = np.flatnonzero((rng.random(n_st) < 0.5) & np.array([d is not None for d in statements["date_start"]]))
    mention("quote", st_src, st_quote, statement_id=st_ids)
    mention("speaker", st_src[sp], [statements["speaker_text"][i] for i in sp.tolist()],
            statement_id=[st_ids[i] for i in sp.tolist()])
    mention("date", st_src[dated_st], texts(DATE_WORDS, len(dated_st)), statement_id=[st_ids[i] for i in dated_st.tolist()])
    mention("evidence", rng.integers(0, n_src, n_ev), texts(EVIDENCE, n_ev), event_id=ev_ids)
    mention("evidence", rng.integers(0, n_src, n_mrow), texts(EVIDENCE, n_mrow),
            measure_id=measures["measure_id"], measure_status=measures["status"])
    cond = np.flatnonzero(has_cond)
    mention("condition", rng.integers(0, n_src, len(cond)), [conditions[i] for i in cond.tolist()],
            measure_id=[measures["measure_id"][i] for i in cond.tolist()],
            measure_status=[measures["status"][i] for i in cond.tolist()])
    rest = n - sum(p.height for p in parts)
    if rest < 0:
        raise ValueError(f"n={n} is too small for the fixed mentions; use n >= {n - rest}")
    n_extra_ev = rest * 2 // 5
    e = rng.integers(0, n_ev, n_extra_ev)
    mention("evidence", rng.integers(0, n_src, n_extra_ev), texts(EVIDENCE, n_extra_ev), event_id=[ev_ids[i] for i in e.tolist()])
    n_actor = rest - n_extra_ev
    # A few actors are named far more often than the rest, as in the news.
    al = np.minimum((rng.pareto(1.2, n_actor) * len(aliases["alias"]) / 50).astype(np.int64), len(aliases["alias"]) - 1)
    mention("actor", rng.integers(0, n_src, n_actor), [aliases["alias"][i] for i in al.tolist()],
            actor_id=[names.ids[alias_actor[i]] for i in al.tolist()])
    mentions = pl.concat(parts).with_row_index("seg")

    # exclusions: the leading date token, then boilerplate
    n_ex = n_src * EXCLUSIONS_PER_SOURCE
    ex_src = np.concatenate([np.arange(n_src), rng.integers(0, n_src, n_ex - n_src)])
    ex_text = [" date 2025-04-02 "] * n_src + texts(EXCLUDED, n_ex - n_src)
    ex_reason = ["metadata"] * n_src + _pick(rng, [r for r in enum["source_exclusions"]["reason"] if r != "metadata"],
                                              n_ex - n_src)
    # Segments: each span is its own passage; passages are shuffled within a source, the date token first.
    segments = pl.concat([
        mentions.select(pl.col("source"), pl.col("text"), pl.lit("m").alias("what"), pl.col("seg")),
        pl.DataFrame({"source": ex_src.astype(np.int64), "text": ex_text, "what": ["x"] * n_ex,
                      "seg": np.arange(n_ex, dtype=np.uint32)}),
    ]).with_columns(order=pl.Series(rng.random(n + n_ex)))
    segments = segments.with_columns(order=pl.when(pl.col("text") == " date 2025-04-02 ").then(-1.0)
                                     .otherwise(pl.col("order"))).sort(["source", "order"])
    length = pl.col("text").str.len_chars().cast(pl.Int64) + 1
    segments = segments.with_columns(char_start=(length.cum_sum().over("source") - length),
                                     char_end=(length.cum_sum().over("source") - 1))
    by_source = segments.group_by("source", maintain_order=True).agg(pl.col("text").str.join("\n"))
    source_text = dict(zip(by_source["source"].to_list(), by_source["text"].to_list()))

    spans_m = segments.filter(pl.col("what") == "m").select("seg", "char_start", "char_end")
    mentions = mentions.join(spans_m, on="seg").sort("seg")
    ids = [f"m-{(i * 0x9E3779B97F4A7C15 + seed) % (1 << 64):016x}" for i in range(mentions.height)]
    mentions = mentions.with_columns(mention_id=pl.Series(ids),
                                     source_id=pl.Series(sids)[mentions["source"]])
    quote_spans = mentions.filter(pl.col("kind") == "quote").select("statement_id", "char_start", "char_end")
    statements_df = pl.DataFrame({"statement_id": st_ids}).join(quote_spans, on="statement_id", how="left")
    statements["char_start"] = statements_df["char_start"]
    statements["char_end"] = statements_df["char_end"]
    spans_x = segments.filter(pl.col("what") == "x").sort("seg")
    exclusions = {"source_id": [sids[s] for s in spans_x["source"].to_list()], "char_start": spans_x["char_start"],
                  "char_end": spans_x["char_end"], "reason": [ex_reason[i] for i in spans_x["seg"].to_list()],
                  "text": spans_x["text"]}

    texts_by_id = {sids[i]: source_text.get(i, "") for i in range(n_src)}
    genres = _pick(rng, enum["sources"]["genre"], n_src)
    sources = {"source_id": sids, "path": [f"sources/{s}.txt" for s in sids],
               "sha256": [hashlib.sha256(texts_by_id[s].encode()).hexdigest() for s in sids],
               "n_chars": [len(texts_by_id[s]) for s in sids], "language": ["fr"] * n_src,
               "outlet": _null(_pick(rng, ["RTL", "onemedia.fr", "Le Monde", "Ouest-France"], n_src), rng.random(n_src) < 0.5),
               "url": _null([f"https://www.exemple.fr/international/article-{i}" for i in range(n_src)], rng.random(n_src) < 0.5),
               "title": _null(texts(["{a} envisage une rencontre « imminente » avec {b}", "L’émissaire de {a} à {p}"], n_src),
                              rng.random(n_src) < 0.8),
               "byline": _null(_pick(rng, ["Sara", "AFP", "Rédaction"], n_src), rng.random(n_src) < 0.4),
               "published_date": [date(2025, 4, 2)] * n_src,
               "published_precision": ["day"] * n_src, "published_basis": ["metadata_hint"] * n_src,
               "date_hint": ["2025-04-02"] * n_src, "genre": genres,
               "notes": _null(texts(NOTES, n_src), rng.random(n_src) < 0.5)}

    frames = {
        "sources": _typed(t["sources"], sources),
        "actors": _typed(t["actors"], actors),
        "actor_aliases": _typed(t["actor_aliases"], aliases),
        "events": _typed(t["events"], events),
        "event_participants": _typed(t["event_participants"], participants),
        "sanction_measures": _typed(t["sanction_measures"], measures),
        "statements": _typed(t["statements"], statements),
        "mentions": _typed(t["mentions"], {c: mentions[c] for c in t["mentions"].field_names}),
        "source_exclusions": _typed(t["source_exclusions"], exclusions),
    }
    for vocab in contract.vocabularies.values():
        frames[vocab.as_table().name] = vocabulary_frame(vocab)
    return Synthetic(frames, texts_by_id)


def write_package(root: Path, n: int, seed: int = 0) -> dict[str, int]:
    """Write a valid synthetic package (datasets/, datapackage.json, sources/) into `root`; returns rows per table."""
    contract = load_contract(SCHEMA)
    meta = strip_lines(load_yaml(SCHEMA / "package.yaml"))
    syn = generate(n, seed, contract)
    root.mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    for sid, text in syn.texts.items():
        (root / "sources" / f"{sid}.txt").write_bytes(text.encode("utf-8"))
    write_tables(contract, syn.frames, root)
    write_json(descriptor(contract, meta, root, syn.frames["sources"].to_dicts()), root / "datapackage.json")
    return {name: df.height for name, df in syn.frames.items()}
