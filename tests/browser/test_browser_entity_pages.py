"""The explorer's entity pages in a real browser: the seed event answers the flagship question, and
its links lead to the people, posts and articles it names."""

from __future__ import annotations

import re

from browsing import Visit
from playwright.sync_api import expect

EVENT = "/id/event/sinkronisasi-dan-koordinasi-bidang-kehumasan-provinsi-jawa-tengah--2018-09-26"


def test_the_seed_event_shows_who_spoke_for_whom(visit: Visit) -> None:
    assert visit.open(EVENT).status == 200
    expect(visit.page.locator("h1")).to_have_text("Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah")
    agung = visit.page.locator("li.speaker").filter(has_text="Agung Hikmati")
    expect(agung.locator(".on-behalf")).to_contain_text("atas nama Sekretaris Daerah Provinsi Jawa Tengah")
    expect(agung.locator(".on-behalf")).to_contain_text("pejabatnya tidak disebut")
    expect(visit.page.locator("li.speaker").filter(has_text="Helmi Hafid")).to_contain_text("Narasumber")
    visit.screenshot("event")
    visit.assert_clean()
    agung.get_by_role("link", name="Agung Hikmati").click()
    visit.page.wait_for_url(visit.server.url("/id/person/agung-hikmati"))
    expect(visit.page.locator("h1")).to_have_text("Agung Hikmati")
    expect(visit.page.locator("ol.timeline")).to_contain_text("Kepala Bidang E-Government")
    picture = visit.page.locator("section:has(#network) svg.network-picture")
    expect(picture).to_be_visible()
    visit.screenshot("person")
    visit.assert_clean()
    # a node of the network picture around him is a link to its entity's page
    picture.locator('a.node[href="/id/post/sekretaris-daerah--pemerintah-provinsi-jawa-tengah"] .shape').click()
    visit.page.wait_for_url(re.compile(r"/id/post/sekretaris-daerah--pemerintah-provinsi-jawa-tengah$"))
    expect(visit.page.locator("h1")).to_have_text("Sekretaris Daerah Provinsi Jawa Tengah")
    visit.assert_clean()


def test_the_principal_post_and_the_source_article_have_pages(visit_en: Visit) -> None:
    visit_en.open(EVENT)
    expect(visit_en.page.locator(".on-behalf").first).to_contain_text("holder not named")
    visit_en.page.locator(".on-behalf").get_by_role("link", name="Sekretaris Daerah Provinsi Jawa Tengah").click()
    visit_en.page.wait_for_url(re.compile(r"/id/post/sekretaris-daerah"))
    expect(visit_en.page.locator("h1")).to_have_text("Sekretaris Daerah Provinsi Jawa Tengah")
    visit_en.screenshot("post")
    visit_en.page.go_back()
    visit_en.page.locator("ul.articles").get_by_role("link").first.click()
    visit_en.page.wait_for_url(re.compile(r"/article\?url="))
    expect(visit_en.page.locator("section").first).to_contain_text("Agung Hikmati")
    visit_en.screenshot("article")
    visit_en.assert_clean()


def test_an_unknown_page_is_the_404_page(visit: Visit) -> None:
    assert visit.open("/id/person/nobody-at-all").status == 404
    expect(visit.page.locator("h1")).to_have_text("Halaman tidak ditemukan")
    visit.page.get_by_role("link", name="Kembali ke beranda").click()
    visit.page.wait_for_url(visit.server.url("/"))
    visit.errors.clear()  # the 404 itself is a console error line in Chromium
    visit.assert_clean()
