"""The Video tab in a real browser: the example clip with its result made ahead, then a tiny run
streamed to the page and played there, with its downloads. (Browser set-up: tests/test_browser.py.)"""
from __future__ import annotations

import pytest

from helpers import wait_until
from test_browser import browser  # noqa: F401  (the shared Chromium, as a fixture)
from webapp import video_tab

pytestmark = pytest.mark.browser


def _set(page, elem_id: str, value) -> None:
    box = page.locator(f"#{elem_id} input[type=number]")
    box.fill(str(value))
    box.press("Enter")


def _status(page) -> str:
    return page.inner_text("#video-status").strip()


def _video_src(page, elem_id: str) -> str:
    return page.evaluate(f"(document.querySelector('#{elem_id} video') || {{}}).src || ''")


def test_the_video_tab_runs_a_clip_and_plays_it(browser, url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(url)
        page.get_by_role("tab", name="Video").click()
        page.wait_for_selector("#video-run")
        page.click("#video-example")
        wait_until(lambda: _video_src(page, "video-clip"), 20, what="the example clip in its input")
        page.wait_for_selector("#video-painting img")
        if video_tab.EXAMPLE_RESULT.is_file():
            wait_until(lambda: _video_src(page, "video-result").endswith(".mp4"), 20, what="the result made ahead")
            assert _status(page).startswith("Example result")
        _set(page, "video-size", 64)
        _set(page, "video-seconds", 8)
        _set(page, "video-max-seconds", 0.3)
        page.click("#video-run")
        wait_until(lambda: "Frame" in _status(page) or _status(page).startswith("Done"), 90, what="frame progress")
        wait_until(lambda: _status(page).startswith("Done"), 120, what="the end of the run")
        assert "3 frames" in _status(page)
        wait_until(lambda: "styled" in _video_src(page, "video-result"), 20, what="the finished clip in the page")
        # each download link's target (its text is the file's size)
        downloads = page.locator("#video-files a").evaluate_all(
            "links => links.map(a => (a.getAttribute('download') || '') + ' ' + (a.getAttribute('href') || ''))")
        assert any(".mp4" in d for d in downloads) and any(".webp" in d for d in downloads), downloads
        wait_until(lambda: page.is_enabled("#video-run") and page.is_disabled("#video-stop"), 15,
                   what="Run usable again, Stop off")
    finally:
        context.close()
