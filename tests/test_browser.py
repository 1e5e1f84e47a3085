"""Every report and the index, opened in real headless Chromium with the network blocked."""

import pytest
from conftest import open_offline

from labexport.report.registry import REPORTS

pytestmark = [pytest.mark.browser, pytest.mark.notebook]



def _check_images(page) -> list:
    return page.evaluate("""() => Array.from(document.images).map(i => ({
        ok: i.complete && i.naturalWidth > 0, alt: (i.getAttribute('alt') || '').trim()}))""")


HEADLINES = {
    "en": {"market_trends": ["11,090", "85,781", "Japan 39,558"],
           "gender_share": ["33.8%", "28,991"],
           "target_attainment": ["65.9%", "66.0%", "130,000"]},
    "vi": {"market_trends": ["11.090", "85.781", "Nhật Bản 39.558"],
           "gender_share": ["33,8%", "28.991"],
           "target_attainment": ["65,9%", "66,0%", "130.000"]},
}


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("name", REPORTS)
def test_report_renders_offline(browser, built_en, built_vi, lang, name):
    folder = built_en[0] / "2025-07" if lang == "en" else built_vi / "2025-07" / "vi-briefing"
    page, problems = open_offline(browser, folder / f"{name}.html")
    images = _check_images(page)
    assert problems == []
    assert images, "a report without figures"
    assert all(i["ok"] for i in images), images
    assert all(len(i["alt"]) > 20 and not i["alt"].startswith("No description")
               for i in images)
    for number in HEADLINES[lang][name]:
        assert page.get_by_text(number).first.is_visible(), number
    if lang == "vi":  # briefing: no code on the page
        assert page.locator(".jp-InputArea").count() == 0
    else:
        assert page.locator(".jp-InputArea").count() > 0
    page.close()


def test_index_renders_and_links_every_report(browser, built_en):
    out = built_en[0]
    page, problems = open_offline(browser, out / "index.html")
    assert problems == []
    links = page.locator("table.lx-index a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert links == [f"2025-07/{name}.html" for name in REPORTS]
    assert page.get_by_text("year to date: 85,781").first.is_visible()
    page.close()


def test_hostile_bulletin_text_stays_inert_in_the_browser(browser, built_hostile):
    out, _data = built_hostile
    for name in REPORTS:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("file:", "data:")) else r.abort())
        page.goto((out / "2025-07" / f"{name}.html").resolve().as_uri(), wait_until="load")
        assert dialogs == []
        assert page.title() != "pwned"
        assert page.locator("script, iframe, [onerror]").count() == 0
        if name == "market_trends":
            shown = page.get_by_text('<script>document.title="pwned"</script>', exact=False)
            assert shown.first.is_visible()  # the bulletin's words, as text
        page.close()
