"""Two browser sessions among API clients on the served app: every API job ends with its result,
a visitor's Stop leaves their page usable, and the other visitor's run finishes."""
from __future__ import annotations

import os
import shutil

import pytest
from gradio_client import Client, handle_file

from styler.presets import DEFAULT_PRESET, preset
from helpers import CONTENT, STYLE, patience, wait_until
from test_server_load import JOB, OUT
from webapp import runs

pytestmark = pytest.mark.browser


def test_two_browser_sessions_among_api_clients(url, started):
    if not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        if os.environ.get("STYLER_REQUIRE_BROWSER"):
            pytest.fail("STYLER_REQUIRE_BROWSER is set but chromium is not installed", pytrace=False)
        pytest.skip("chromium is not installed: this part of the load test drives two browser sessions")
    sync_api = pytest.importorskip("playwright.sync_api")
    from test_browser import ARGS  # the project's Chromium flags

    clients = [Client(url, verbose=False) for _ in range(3)]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS)
        pages = []
        try:
            for _ in range(2):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.set_default_timeout(patience(30) * 1000)
                page.goto(url)
                page.wait_for_selector("#param-size input")
                wait_until(lambda: page.eval_on_selector("#param-size input", "e => e.value") == str(preset(DEFAULT_PRESET).size), 15,
                           what="the default preset")
                page.locator("#content-examples button.thumbnail-item").nth(1).click()
                page.locator("#style-examples button.thumbnail-item").first.click()
                page.wait_for_selector("#content-image img")
                page.wait_for_selector("#style-image img")
                box = page.locator("#param-size input[type=number]")
                box.fill("64")
                box.press("Enter")
                pages.append(page)
            jobs = [c.submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)), api_name="/stylize",
                             **JOB, seed=seed) for seed, c in enumerate(clients, start=1)]
            for page in pages:
                page.click("#run")
            pages[1].click("#stop")  # the second visitor changes their mind (waiting or running)
            for job in jobs:
                assert job.result(timeout=patience(180))[OUT["status"]].startswith("**Done**")
            wait_until(lambda: pages[0].inner_text("#status").startswith("Done"), 120, what="the first page's run")
            wait_until(lambda: pages[1].is_enabled("#run"), 60, what="the second page to be usable again")
            assert not pages[1].inner_text("#status").startswith("Done")
        finally:
            browser.close()
    assert runs.active() == 0
