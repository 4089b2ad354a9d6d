"""Hypothesis strategies: names as Indonesian articles write them, and document-shaped data, valid or not."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

HONORIFICS = ["Drs.", "Dra.", "Dr.", "Ir.", "H.", "Hj.", "Prof.", "Bapak", "Ibu", "Kombes Pol", "dr."]
DEGREES = ["M.Si", "S.Sos", "S.H.", "M.H.", "SE", "MM", "M.AP", "S.Kom", "Ph.D", "M.Pd", "S.IP"]
WORDS = ["Agung", "Hikmati", "Siti", "Nur'aini", "Ganjar", "Pranowo", "Gabjar", "I Made", "Ni Luh", "Ahmad",
         "Muh.", "Sri", "Dewi", "Zulkifli", "O'Neil", "Van", "Der", "Al-Farabi"]

# Any text at all, including what breaks naive code: quotes, brackets, control and combining
# characters, and lone surrogates.
any_text = st.text(st.characters(exclude_categories=()), max_size=40)
name_text = st.builds(
    lambda pre, words, degrees, noise: " ".join([*pre, *words]) + "".join(f", {d}" for d in degrees) + noise,
    st.lists(st.sampled_from(HONORIFICS), max_size=2),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
    st.lists(st.sampled_from(DEGREES), max_size=3),
    st.sampled_from(["", " ", ".", ",", "  ", "\t"]),
) | any_text

json_leaf = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | any_text
json_any = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(any_text, inner, max_size=3), max_leaves=8)

KEYS = ["a", "b", "p", "q", "e", "x"]
ref = st.sampled_from(KEYS) | name_text
date = st.sampled_from(["2018-09-26", "2018-09-27", "2019-02-29", "2020-02-29", "26/9", "", "2018-13-01"]) \
    | st.dates().map(str)


def sometimes_wrong(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly ``strategy``, now and then any JSON value at all."""
    return st.one_of(strategy, strategy, strategy, json_any)


def _item(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({k: sometimes_wrong(v) for k, v in required.items()},
                                 optional={k: sometimes_wrong(v) for k, v in optional.items()})


article = _item({"url": st.sampled_from(["https://example.go.id/h/1", "https://example.go.id/h/2", "urn:h:3"])
                 | any_text,
                 "title": name_text},
                {"publisher": name_text, "published": date, "language": st.sampled_from(["id", "en", "x"])})
agency = _item({"name": name_text}, {"key": st.sampled_from(KEYS), "aliases": st.lists(name_text, max_size=2),
                                     "parent": ref, "type": st.sampled_from(["ministry", "office", "bogus"])})
position = _item({"title": name_text}, {"agency": ref, "start": date, "end": date})
person = _item({"name": name_text}, {"key": st.sampled_from(KEYS), "honorific_prefix": name_text,
                                     "honorific_suffix": name_text, "aliases": st.lists(name_text, max_size=2),
                                     "positions": st.lists(position, max_size=2)})
post = _item({"title": name_text}, {"key": st.sampled_from(KEYS), "agency": ref})
speaker = _item({"person": ref}, {"roles": st.lists(st.sampled_from(["keynote", "opening", "dj"]), max_size=2),
                                  "on_behalf_of": ref})
event = _item({"name": name_text}, {"key": st.sampled_from(KEYS), "type": st.sampled_from(["training", "party"]),
                                    "start": date, "end": date, "venue": name_text, "city": name_text,
                                    "province": name_text, "organizer": ref,
                                    "participant_count": st.integers(-5, 10**8),
                                    "participants": st.lists(ref, max_size=2),
                                    "speakers": st.lists(speaker, max_size=2)})
statement = _item({"speaker": ref, "text": any_text},
                  {"event": ref, "on_behalf_of": ref, "role": st.sampled_from(["keynote", "remarks", "x"]),
                   "direct": st.booleans(), "date": date})
delegation = _item({"delegate": ref, "principal": ref},
                   {"event": ref, "act": st.sampled_from(["reading_speech", "representing", "juggling"])})

document = st.fixed_dictionaries(
    {"article": sometimes_wrong(article)},
    optional={"agencies": st.lists(agency, max_size=3), "people": st.lists(person, max_size=3),
              "posts": st.lists(post, max_size=2), "events": st.lists(event, max_size=2),
              "statements": st.lists(statement, max_size=3), "delegations": st.lists(delegation, max_size=2),
              "extra": json_any},
)
