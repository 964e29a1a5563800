"""Load on the served app, loopback only, bounded in time and count: many API clients at once, with
cancels and a disconnect mixed in while they wait, plus two browser sessions (when Chromium is
here). Every job ends, each with its own result; the line is first come, first served; a job that
leaves the line never runs; memory returns to its baseline; the server answers at once after.
"""
from __future__ import annotations

import os


import gc
import json
import shutil
import threading
import time
import uuid

import httpx
import pytest
from PIL import Image

from helpers import CONTENT, STYLE, wait_until

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client, handle_file  # noqa: E402
from gradio_client.utils import Status  # noqa: E402

from styler import DEFAULTS, PARAMS  # noqa: E402
from styler.metadata import read_params  # noqa: E402
from webapp import gpu, runner, runs  # noqa: E402

OUT = {name: i for i, name in enumerate(runner.OUTPUTS)}
JOB = dict(size=48, seconds=0, iterations=4, preview_every=2)


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture
def started(monkeypatch):
    """Seeds of the runs the engine started, in order (the seed tells the jobs apart)."""
    seeds: list[int] = []
    engine = gpu.run_engine

    def spy(content, style, params, **kwargs):
        seeds.append(params.seed)
        return engine(content, style, params, **kwargs)

    monkeypatch.setattr(gpu, "run_engine", spy)
    return seeds


def _result_seed(final) -> int:
    path = final[OUT["png_file"]]
    path = path.get("path") if isinstance(path, dict) else path
    with Image.open(path) as image:
        return read_params(image).seed


def _join_then_disconnect(url: str, seed: int) -> None:
    """A raw client that joins the line, listens, then goes away (a closed tab)."""
    config = httpx.get(f"{url}config", timeout=10).json()
    fn_index = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "stylize")
    uploaded = httpx.post(f"{url}gradio_api/upload", files={"files": CONTENT.read_bytes()}, timeout=10).json()[0]
    image = {"path": uploaded, "meta": {"_type": "gradio.FileData"}}
    values = {**DEFAULTS.to_dict(), **JOB, "seed": seed}
    session = uuid.uuid4().hex
    body = {"data": [image, image, None, None, None, *[values[n] for n in PARAMS]], "fn_index": fn_index,
            "session_hash": session, "event_data": None, "trigger_id": None}
    assert httpx.post(f"{url}gradio_api/queue/join", json=body, timeout=10).status_code == 200
    with httpx.stream("GET", f"{url}gradio_api/queue/data", params={"session_hash": session}, timeout=10) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:") and json.loads(line[5:]).get("msg") == "estimation":
                break  # in line: now leave


def test_many_clients_with_cancels_and_a_disconnect(url, started):
    client = Client(url, verbose=False)
    assert client.submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)), api_name="/stylize",
                         **JOB, seed=999).result(timeout=120)  # warm: the baseline includes one run's caches
    gc.collect()
    baseline = rss()
    started.clear()

    clients = [Client(url, verbose=False) for _ in range(8)]
    head = clients[0].submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)),
                             api_name="/stylize", **{**JOB, "seconds": 6, "iterations": 10_000}, seed=100)
    wait_until(lambda: started == [100], 60, what="the first job to start")  # holds the slot ~6 s
    jobs = {}
    for seed, c in enumerate(clients[1:], start=1):
        jobs[seed] = c.submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)),
                              api_name="/stylize", **JOB, seed=seed)
        # In line before the next one joins (its upload comes first), so the line's order is this one.
        wait_until(lambda: jobs[seed].status().code == Status.IN_QUEUE, 30, what=f"job {seed} in line")
    leaver = threading.Thread(target=_join_then_disconnect, args=(url, 50))
    leaver.start()
    leaver.join(30)
    cancelled = {2, 5}
    for seed in cancelled:
        jobs[seed].cancel()

    results = {seed: job.result(timeout=180) for seed, job in jobs.items() if seed not in cancelled}
    assert head.result(timeout=60)[OUT["status"]].startswith("**Done**")
    for seed, final in results.items():
        assert final[OUT["status"]].startswith("**Done**"), (seed, final[OUT["status"]])
        assert _result_seed(final) == seed, "each job gets its own result"
    expected = [100] + [seed for seed in jobs if seed not in cancelled]
    assert started == expected, "first come, first served; cancelled and disconnected jobs never run"
    assert runs.active() == 0

    gc.collect()
    assert rss() - baseline < 150e6, f"memory grew by {(rss() - baseline) / 1e6:.0f} MB"
    began = time.monotonic()
    assert client.submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)), api_name="/stylize",
                         **JOB).result(timeout=60)[OUT["status"]].startswith("**Done**")
    assert time.monotonic() - began < 30, "the server answers a normal request right after"


@pytest.mark.browser
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
                page.set_default_timeout(30_000)
                page.goto(url)
                page.wait_for_selector("#param-size input")
                wait_until(lambda: page.eval_on_selector("#param-size input", "e => e.value") == "384", 15,
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
                assert job.result(timeout=180)[OUT["status"]].startswith("**Done**")
            wait_until(lambda: pages[0].inner_text("#status").startswith("Done"), 120, what="the first page's run")
            wait_until(lambda: pages[1].is_enabled("#run"), 60, what="the second page to be usable again")
            assert not pages[1].inner_text("#status").startswith("Done")
        finally:
            browser.close()
    assert runs.active() == 0
