"""Load on the served app, loopback only, bounded in time and count: many API clients at once, with
cancels and a disconnect mixed in while they wait. Every job ends, each with its own result; the
line is first come, first served; a job that leaves the line never runs; memory returns to its
baseline; the server answers at once after. (Browser sessions among API clients:
test_browser_load.py.)
"""
from __future__ import annotations

import os


import gc
import json
import threading
import time
import uuid

import httpx
import pytest
from PIL import Image

from conftest import HOLD
from helpers import CONTENT, STYLE, patience, wait_until

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client, handle_file  # noqa: E402
from gradio_client.utils import Status  # noqa: E402

from styler import DEFAULTS, PARAMS  # noqa: E402
from styler.metadata import read_params  # noqa: E402
from webapp import runner, runs  # noqa: E402

pytestmark = pytest.mark.server

OUT = {name: i for i, name in enumerate(runner.OUTPUTS)}
JOB = dict(size=48, seconds=0, iterations=4, preview_every=2)


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _result_seed(final) -> int:
    path = final[OUT["png_file"]]
    path = path.get("path") if isinstance(path, dict) else path
    with Image.open(path) as image:
        return read_params(image).seed


def _join_then_disconnect(url: str, seed: int) -> None:
    """A raw client that joins the line, listens, then goes away (a closed tab)."""
    config = httpx.get(f"{url}config", timeout=patience(10)).json()
    fn_index = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "stylize")
    uploaded = httpx.post(f"{url}gradio_api/upload", files={"files": CONTENT.read_bytes()}, timeout=patience(10)).json()[0]
    image = {"path": uploaded, "meta": {"_type": "gradio.FileData"}}
    values = {**DEFAULTS.to_dict(), **JOB, "seed": seed}
    session = uuid.uuid4().hex
    body = {"data": [image, image, None, None, None, *[values[n] for n in PARAMS]], "fn_index": fn_index,
            "session_hash": session, "event_data": None, "trigger_id": None}
    assert httpx.post(f"{url}gradio_api/queue/join", json=body, timeout=patience(10)).status_code == 200
    with httpx.stream("GET", f"{url}gradio_api/queue/data", params={"session_hash": session}, timeout=patience(10)) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:") and json.loads(line[5:]).get("msg") == "estimation":
                break  # in line: now leave


def test_many_clients_with_cancels_and_a_disconnect(url, started, release):
    client = Client(url, verbose=False)
    assert client.submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)), api_name="/stylize",
                         **JOB, seed=999).result(timeout=patience(120))  # warm: the baseline includes one run's caches
    gc.collect()
    baseline = rss()
    started.clear()

    clients = [Client(url, verbose=False) for _ in range(8)]
    head = clients[0].submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)),
                             api_name="/stylize", **JOB, seed=HOLD)
    wait_until(lambda: started == [HOLD], 60, what="the first job to start")  # it holds the slot
    jobs = {}
    for seed, c in enumerate(clients[1:], start=1):
        jobs[seed] = c.submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)),
                              api_name="/stylize", **JOB, seed=seed)
        # In line before the next one joins (its upload comes first), so the line's order is this one.
        wait_until(lambda: jobs[seed].status().code == Status.IN_QUEUE, 30, what=f"job {seed} in line")
    leaver = threading.Thread(target=_join_then_disconnect, args=(url, 50))
    leaver.start()
    leaver.join(patience(60))
    assert not leaver.is_alive(), "the raw client joined the line and left"
    cancelled = {2, 5}
    for seed in cancelled:
        jobs[seed].cancel()
    release.set()  # each cancel above returned once the server had it

    results = {seed: job.result(timeout=patience(180)) for seed, job in jobs.items() if seed not in cancelled}
    assert head.result(timeout=patience(60))[OUT["status"]].startswith("**Done**")
    for seed, final in results.items():
        assert final[OUT["status"]].startswith("**Done**"), (seed, final[OUT["status"]])
        assert _result_seed(final) == seed, "each job gets its own result"
    expected = [HOLD] + [seed for seed in jobs if seed not in cancelled]
    assert started == expected, "first come, first served; cancelled and disconnected jobs never run"
    assert runs.active() == 0

    gc.collect()
    assert rss() - baseline < 150e6, f"memory grew by {(rss() - baseline) / 1e6:.0f} MB"
    began = time.monotonic()
    assert client.submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)), api_name="/stylize",
                         **JOB).result(timeout=patience(60))[OUT["status"]].startswith("**Done**")
    assert time.monotonic() - began < patience(30), "the server answers a normal request right after"
