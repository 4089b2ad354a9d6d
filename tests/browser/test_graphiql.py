"""GraphiQL in a real browser: served from the package alone, the flagship query typed and run."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

from browsing import Visit
from playwright.sync_api import expect

# Typed key by key, on one line: the editor closes brackets itself and types over them.
TYPED = ("{ events(where: {type: COORDINATION_MEETING}) { nodes { name speakers { person { name } "
         "onBehalfOf { __typename ... on Post { label } } } } } }")


def _editor_text(visit: Visit) -> str:
    text: str = visit.page.locator(".graphiql-query-editor .CodeMirror").first.evaluate(
        "e => e.CodeMirror.getValue()")
    return text


def test_graphiql_runs_the_flagship_query_typed_into_the_editor(visit: Visit) -> None:
    visit.open("/graphql")
    editor = visit.page.locator(".graphiql-query-editor .CodeMirror").first
    expect(editor).to_be_visible()
    # The example is put in the editor after it appears: keys pressed before that land in a text that is then
    # replaced (seen once on a loaded machine: the typed query came out in pieces around the example's place).
    expect(editor).to_contain_text("Flagship")
    editor.click()
    visit.page.keyboard.press("Control+A")
    visit.page.keyboard.press("Delete")
    visit.page.keyboard.type(TYPED)
    visit.page.keyboard.press("Escape")  # the completion list, if one is open
    assert _editor_text(visit) == TYPED
    # GraphiQL reads the operation names out of the editor a moment after the last key (debounced);
    # run before that, it sends the example's name (Flagship) with the new anonymous query, and the
    # server answers 400 "Unknown operation named 'Flagship'". A person does not click that fast.
    visit.page.wait_for_timeout(500)
    visit.page.locator(".graphiql-execute-button").click()
    result = visit.page.locator(".result-window")
    expect(result).to_contain_text("Agung Hikmati")
    expect(result).to_contain_text("Sekretaris Daerah Provinsi Jawa Tengah")
    expect(result).to_contain_text("Helmi Hafid")
    visit.page.get_by_role("button", name="Prettify query").click()
    expect(visit.page.locator(".graphiql-query-editor .CodeMirror-line").nth(1)).to_contain_text("events(")
    visit.screenshot("flagship")
    visit.assert_clean()


def test_graphiql_loads_only_files_of_the_server(visit: Visit) -> None:
    response = visit.open("/graphql")
    assert response.status == 200
    expect(visit.page.locator(".graphiql-execute-button")).to_be_visible()
    # The schema came over (introspection): the documentation explorer lists the root type.
    visit.page.get_by_role("button", name="Show Documentation Explorer").click()
    expect(visit.page.locator(".graphiql-doc-explorer")).to_contain_text("Query")
    visit.screenshot("docs")
    # Its dialogs add <style> elements: allowed for GraphiQL alone (GRAPHIQL_CSP), and seen here.
    visit.page.get_by_role("button", name="Open settings dialog").click()
    expect(visit.page.get_by_role("dialog")).to_contain_text("Settings")
    visit.page.keyboard.press("Escape")
    scripts = [u for u in visit.requests if ".js" in u]
    assert len(scripts) == 4 and all("/static/" in u for u in scripts), scripts
    visit.assert_clean()


def test_graphiql_speaks_indonesian_by_default_and_english_on_request(visit: Visit, visit_en: Visit) -> None:
    visit.open("/graphql")
    expect(visit.page.locator("html")).to_have_attribute("lang", "id")
    expect(visit.page.locator(".graphiql-execute-button")).to_be_visible()
    assert _editor_text(visit).startswith("# Siapa berbicara di rapat koordinasi")
    visit.page.get_by_role("link", name="EN").click()  # the language switch
    expect(visit.page.locator("html")).to_have_attribute("lang", "en")
    expect(visit.page.locator(".graphiql-execute-button")).to_be_visible()
    assert _editor_text(visit).startswith("# Who spoke at which coordination meeting")
    visit.assert_clean()

    visit_en.open("/graphql")  # a browser set to English gets English without asking
    expect(visit_en.page.locator("html")).to_have_attribute("lang", "en")
    expect(visit_en.page.locator("header.site")).to_contain_text("GraphiQL")
    visit_en.screenshot("english")
    visit_en.assert_clean()


def test_a_link_opens_graphiql_with_its_query(visit: Visit) -> None:
    query = '{ people(where: {name: {eq: "Agung Hikmati"}}) { nodes { name } } }'
    visit.open(f"/graphql?lang=en&q={quote(query)}")
    expect(visit.page.locator(".graphiql-execute-button")).to_be_visible()
    assert _editor_text(visit) == query
    visit.page.locator(".graphiql-execute-button").click()
    expect(visit.page.locator(".result-window")).to_contain_text("Agung Hikmati")
    # An edit is kept in the address, so the link can be shared again.
    visit.page.locator(".graphiql-query-editor .CodeMirror").first.click()
    visit.page.keyboard.press("Control+End")
    visit.page.keyboard.type(" ")
    visit.page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [query + " "])
    assert parse_qs(urlsplit(visit.page.url).query)["lang"] == ["en"]
    visit.assert_clean()
