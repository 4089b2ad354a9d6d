"""Official accounts: one normal form, stored as foaf:OnlineAccount, read back in GraphQL and Popolo."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from starlette.testclient import TestClient

from humasgraph.api.app import create_app
from humasgraph.exports import export
from humasgraph.model.accounts import Account, from_url, normalise
from humasgraph.services import Services

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://humasgraph.id/id/"
CHECK_POPOLO = ROOT.parent / "shared" / "tools" / "check_popolo.py"


@pytest.mark.parametrize(("platform", "handle", "url", "expected"), [
    ("instagram", "@HumasJateng", None, Account("instagram", "humasjateng", "https://www.instagram.com/humasjateng/")),
    ("Instagram", None, "instagram.com/humasjateng/", Account("instagram", "humasjateng",
                                                               "https://www.instagram.com/humasjateng/")),
    ("instagram", "humasjateng", "https://www.instagram.com/HumasJateng?hl=id",
     Account("instagram", "humasjateng", "https://www.instagram.com/humasjateng/")),
    ("twitter", "@Ganjar_Pranowo", None, Account("x", "ganjar_pranowo", "https://x.com/ganjar_pranowo")),
    ("x", None, "https://mobile.twitter.com/ganjar_pranowo/", Account("x", "ganjar_pranowo",
                                                                       "https://x.com/ganjar_pranowo")),
    ("facebook", None, "https://m.facebook.com/humas.jateng", Account("facebook", "humas.jateng",
                                                                       "https://www.facebook.com/humas.jateng")),
    ("youtube", None, "youtube.com/@HumasJateng/videos", Account("youtube", "humasjateng",
                                                                  "https://www.youtube.com/@humasjateng")),
    ("tiktok", "@humas.jateng", None, Account("tiktok", "humas.jateng", "https://www.tiktok.com/@humas.jateng")),
    ("website", None, "https://JatengProv.go.id", Account("website", "jatengprov.go.id", "https://jatengprov.go.id/")),
])
def test_one_account_named_several_ways(platform: str, handle: str | None, url: str | None,
                                        expected: Account) -> None:
    assert normalise(platform, handle, url) == expected


@pytest.mark.parametrize(("platform", "handle", "url", "message"), [
    ("myspace", "x", None, "unknown platform 'myspace'; valid: instagram, x, facebook"),
    ("instagram", "humas jateng", None, "'humas jateng' is not a valid instagram handle"),
    ("instagram", None, "https://x.com/humasjateng", "is not the URL of an account on instagram"),
    ("instagram", "@a", "https://www.instagram.com/b/", "name two different accounts"),
    ("instagram", None, None, "give the account's handle or its url"),
    ("website", "jatengprov", None, "a website account needs its url"),
])
def test_what_is_not_an_account(platform: str, handle: str | None, url: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise(platform, handle, url)


@pytest.mark.parametrize("url", ["https://www.instagram.com/p/Cx1/", "https://x.com/home", "https://example.org/a",
                                 "https://www.youtube.com/watch?v=abc", "https://www.facebook.com/"])
def test_urls_that_are_not_profiles(url: str) -> None:
    assert from_url(url) is None


def _doc(**parts: Any) -> dict[str, Any]:
    return {"article": {"url": "https://example.go.id/berita/akun", "title": "Akun resmi"}, **parts}


@pytest.fixture
def with_accounts(services: Services, tmp_path: Path) -> Services:
    doc = _doc(agencies=[{"key": "dk", "name": "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah",
                          "accounts": [{"platform": "instagram", "handle": "@HumasJateng"},
                                       {"platform": "website", "url": "https://diskominfo.jatengprov.go.id"}]}],
               people=[{"key": "g", "name": "Ganjar Pranowo",
                        "accounts": [{"platform": "twitter", "url": "https://twitter.com/ganjarpranowo"}]}])
    path = tmp_path / "akun.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert [o.status for o in services.import_paths([path])] == ["imported"]
    return services


def test_accounts_are_stored_as_foaf_online_accounts(with_accounts: Services) -> None:
    rows = with_accounts.store.select(f"""SELECT ?acct ?service ?name ?url ?same WHERE {{ GRAPH <{BASE}graph/all> {{
        <{BASE}person/ganjar-pranowo> foaf:account ?acct ; schema:sameAs ?same .
        ?acct a foaf:OnlineAccount ; foaf:accountServiceHomepage ?service ; foaf:accountName ?name ;
              schema:url ?url }} }}""")
    assert [(r["acct"].value, r["service"].value, r["name"].value, r["url"].value, r["same"].value)
            for r in rows] == [(BASE + "account/x/ganjarpranowo", "https://x.com/", "ganjarpranowo",
                                "https://x.com/ganjarpranowo", "https://x.com/ganjarpranowo")]


def test_a_bad_account_is_refused_by_field(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("article: {url: 'https://example.go.id/x', title: X}\npeople:\n  - name: Ganjar Pranowo\n"
                    "    accounts:\n      - {platform: instagram, handle: 'ganjar pranowo'}\n", encoding="utf-8")
    (outcome,) = services.import_paths([path])
    assert outcome.status == "failed"
    assert [(p.path, p.line) for p in outcome.problems] == [("people[0].accounts[0]", 5)]
    assert "'ganjar pranowo' is not a valid instagram handle" in outcome.problems[0].message


def test_accounts_in_graphql(with_accounts: Services) -> None:
    fields = "accounts { platform handle url }"
    query = (f'{{ person: node(id: "{BASE}person/ganjar-pranowo") {{ ... on Person {{ {fields} }} }} '
             f'agency: node(id: "{BASE}agency/dinas-komunikasi-dan-informatika-provinsi-jawa-tengah") '
             f'{{ ... on Agency {{ {fields} }} }} }}')
    body = TestClient(create_app(with_accounts.settings, with_accounts)).post("/graphql", json={"query": query}).json()
    assert body["data"]["person"]["accounts"] == [
        {"platform": "X", "handle": "ganjarpranowo", "url": "https://x.com/ganjarpranowo"}]
    assert body["data"]["agency"]["accounts"] == [
        {"platform": "INSTAGRAM", "handle": "humasjateng", "url": "https://www.instagram.com/humasjateng/"},
        {"platform": "WEBSITE", "handle": "diskominfo.jatengprov.go.id", "url": "https://diskominfo.jatengprov.go.id/"}]


def test_accounts_in_popolo(with_accounts: Services, tmp_path: Path) -> None:
    out = io.BytesIO()
    export(with_accounts, "popolo", out)
    doc = json.loads(out.getvalue())
    (ganjar,) = doc["persons"]
    assert ganjar["contact_details"] == [{"type": "x", "value": "ganjarpranowo"}]
    assert ganjar["links"] == [{"url": "https://x.com/ganjarpranowo", "note": "x"}]
    (agency,) = doc["organizations"]
    assert [c["type"] for c in agency["contact_details"]] == ["instagram", "website"]
    if not CHECK_POPOLO.is_file():
        pytest.skip(f"{CHECK_POPOLO} is not there")
    path = tmp_path / "popolo.json"
    path.write_bytes(out.getvalue())
    done = subprocess.run([sys.executable, str(CHECK_POPOLO), str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_accounts_compact_to_context_terms(with_accounts: Services) -> None:
    context = json.loads((ROOT / "schema" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    quads = with_accounts.store.quads(with_accounts.store.all_graph)
    nt = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph().parse(data=nt, format="nt")
    compact = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    keys = {k for node in compact["@graph"] for k in node}
    assert {"account", "accountName", "accountServiceHomepage", "sameAsPage"} <= keys
