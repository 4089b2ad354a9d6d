"""The home page in a real browser: suggestions as you type lead to an entity's page."""

from __future__ import annotations

from pathlib import Path

import httpx
from browsing import Server, Visit
from playwright.sync_api import Browser, expect


def test_typing_a_misspelt_name_reaches_its_page(visit: Visit) -> None:
    visit.open("/")
    expect(visit.page.locator("html")).to_have_attribute("lang", "id")
    expect(visit.page.locator("section.counts")).to_contain_text("Kegiatan")
    visit.page.get_by_label("Cari orang, instansi, jabatan, atau kegiatan").click()
    visit.page.keyboard.type("gabjar")  # a typo of Ganjar
    suggestion = visit.page.locator("#suggestions").get_by_role("link", name="Ganjar Pranowo")
    expect(suggestion).to_be_visible()
    visit.screenshot("suggestions")
    visit.assert_clean()
    suggestion.click()
    visit.page.wait_for_url(visit.server.url("/id/person/ganjar-pranowo"))
    expect(visit.page.locator("h1")).to_contain_text("Ganjar Pranowo")
    visit.screenshot("person")
    visit.assert_clean()


def test_the_keyboard_reaches_a_suggestion(visit_en: Visit) -> None:
    visit_en.open("/")
    expect(visit_en.page.locator("h1")).to_have_text("Who speaks for whom in government communication")
    visit_en.page.get_by_label("Search people, agencies, posts or events").fill("agung hikmat")
    expect(visit_en.page.locator("#suggestions li").first).to_contain_text("Agung Hikmati")
    visit_en.page.keyboard.press("ArrowDown")
    visit_en.page.keyboard.press("Enter")
    visit_en.page.wait_for_url(visit_en.server.url("/id/person/agung-hikmati"))
    visit_en.assert_clean()


def test_without_javascript_the_form_answers(browser: Browser, server: Server, screenshots: Path) -> None:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(server.url("/"))
        page.get_by_label("Search people, agencies, posts or events").fill("diskominfo jateng")
        page.get_by_role("button", name="Search").click()
        results = page.locator("section.results")
        expect(results).to_contain_text("Dinas Komunikasi dan Informatika Provinsi Jawa Tengah")
        page.screenshot(path=str(screenshots / "home-no-javascript-results.png"), full_page=True)
    finally:
        context.close()


def test_every_link_of_the_home_answers(visit: Visit) -> None:
    visit.open("/?q=sekretaris")
    links = visit.page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
    assert any("/id/post/" in link for link in links), links
    for link in links:
        assert link.startswith(visit.server.base + "/"), link
        response = httpx.get(link, headers={"Accept": "text/html"}, timeout=10, follow_redirects=True)
        assert response.status_code == 200, link
    visit.assert_clean()


def test_the_results_open_their_query_in_graphiql(visit_en: Visit) -> None:
    visit_en.open("/?q=gabjar")
    visit_en.page.get_by_role("link", name="This page's GraphQL query, in GraphiQL").click()
    visit_en.page.wait_for_url("**/graphql?q=*")
    run = visit_en.page.locator(".graphiql-execute-button")
    expect(run).to_be_visible()
    run.click()
    result = visit_en.page.locator(".result-window")
    expect(result).to_contain_text("Ganjar Pranowo")
    expect(result).to_contain_text("https://humasgraph.id/id/person/ganjar-pranowo")
    visit_en.screenshot("graphiql")
    visit_en.assert_clean()
