"""The network picture in a real browser: a node is a link to its entity, pan and zoom change only the view."""

from __future__ import annotations

from pathlib import Path

import httpx
from browsing import Server, Visit
from playwright.sync_api import Browser, expect

AGUNG = "/id/person/agung-hikmati"


def numbers(view_box: str | None) -> list[float]:
    return [float(v) for v in (view_box or "").split()]


def test_clicking_a_node_opens_its_entity(visit: Visit) -> None:
    visit.open("/network")
    figure = visit.page.locator("figure.network")
    expect(figure).to_be_visible()
    expect(figure.locator(".network-tools")).to_be_visible()  # network.js ran
    node = figure.locator(f'a.node[href="{AGUNG}"]')
    expect(node).to_have_attribute("aria-label", "Agung Hikmati (orang)")
    visit.screenshot("network-delegations")
    visit.assert_clean()
    node.locator(".shape").click()
    visit.page.wait_for_url(visit.server.url(AGUNG))
    assert httpx.get(visit.server.url(AGUNG), headers={"Accept": "text/html"}, timeout=10).status_code == 200
    expect(visit.page.locator("h1")).to_contain_text("Agung Hikmati")  # his entity page
    visit.assert_clean()


def test_zoom_and_pan_move_the_view_and_a_drag_is_not_a_click(visit_en: Visit) -> None:
    visit_en.open("/network?kind=coappearance")
    svg = visit_en.page.locator("svg.network-picture")
    svg.scroll_into_view_if_needed()
    before = svg.get_attribute("viewBox")
    node = visit_en.page.locator("a.node").first.locator(".shape")
    at = node.bounding_box()
    assert at is not None
    # A drag that starts on a node pans the picture and does not follow the node's link.
    visit_en.page.mouse.move(at["x"] + at["width"] / 2, at["y"] + at["height"] / 2)
    visit_en.page.mouse.down()
    visit_en.page.mouse.move(at["x"] + 80, at["y"] + 40, steps=5)
    visit_en.page.mouse.up()
    assert svg.get_attribute("viewBox") != before
    assert visit_en.page.url.endswith("/network?kind=coappearance")
    visit_en.page.get_by_role("button", name="Zoom in").click()
    zoomed = svg.get_attribute("viewBox")
    assert zoomed != before
    box = svg.bounding_box()
    assert box is not None
    visit_en.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    visit_en.page.mouse.wheel(0, 300)
    visit_en.page.wait_for_function("v => document.querySelector('svg.network-picture').getAttribute('viewBox') != v",
                                    arg=zoomed)
    visit_en.page.get_by_role("button", name="Reset view").click()
    assert numbers(svg.get_attribute("viewBox")) == numbers(before)
    visit_en.screenshot("network-coappearance")
    visit_en.assert_clean()


def test_without_javascript_the_nodes_are_links_and_it_prints(browser: Browser, server: Server,
                                                               screenshots: Path) -> None:
    context = browser.new_context(java_script_enabled=False, locale="en-GB", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(server.url("/network?around=Agung+Hikmati&depth=2"))
        expect(page.locator(".network-tools")).to_be_hidden()  # the zoom buttons need the script
        page.emulate_media(media="print")
        expect(page.locator("form.network-filters")).to_be_hidden()
        expect(page.locator("figure.network")).to_be_visible()
        page.screenshot(path=str(screenshots / "network-print-around.png"), full_page=True)
        page.emulate_media(media="screen")
        page.locator('a.node[href="/id/person/agung-hikmati"] .shape').click()
        page.wait_for_url(server.url(AGUNG))
    finally:
        context.close()
