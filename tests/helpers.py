"""Constants and helpers for the tests: the project's paths and example images, running the app in
this process on a free port, waiting for a condition with a patience that follows the machine's pace."""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from styler.presets import preset

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_IMAGES = ROOT.parent / "shared" / "images"  # real photos and paintings, when present
ARTIFACTS = ROOT / "artifacts"
CONTENT = EXAMPLES / "photo_cat.jpg"  # 451x300: landscape, so a wrong aspect ratio shows
STYLE = EXAMPLES / "painting_starry_night.jpg"

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    """Whether the server at `url` answers, waiting as long as this machine's pace asks: Gradio's
    own check before `launch` returns gives up after one request of 3 s, which a busy machine
    can overrun while the page is first rendered."""
    import httpx

    def answered():
        try:
            return httpx.head(url, timeout=patience(3)).status_code < 400
        except httpx.HTTPError:
            return False

    try:
        return wait_until(answered, 60, interval=0.5, what=f"{url} to answer")
    except AssertionError:
        return False


def _start_patiently(server) -> None:
    """Gradio's server start (`Server.run_in_thread`), waiting as long as this machine's pace asks
    instead of its fixed 5 s (no reloader in the tests)."""
    from gradio import http_server

    server.thread = threading.Thread(target=server.run, daemon=True)
    server.thread.start()
    wait_until(lambda: server.started or not server.thread.is_alive(), 60, interval=0.01, what="the server to start")
    if not server.started:
        raise http_server.ServerFailedToStartError("Server failed to start. Please check that the port is available.")


@contextlib.contextmanager
def running_app() -> Iterator[str]:
    """Build the app as app.py does, serve it on 127.0.0.1:<free port>, yield its URL."""
    from unittest import mock

    from gradio import http_server, networking

    import webapp
    from webapp import warmup

    server = webapp.ServerConfig.from_environment()
    demo = webapp.build_demo(server)
    with mock.patch.object(networking, "url_ok", _answers), \
            mock.patch.object(http_server.Server, "run_in_thread", _start_patiently):
        demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=free_port(), quiet=True,
                    **webapp.launch_kwargs(server))
    try:
        warmup.wait(patience(120))  # the first test should not pay for loading the network
        yield demo.local_url
    finally:
        demo.close()


# Wall-clock seconds a fixed piece of pure-Python work takes on an idle reference machine (a
# current x86 core). A wait in the tests is written in those seconds and stretched by `slowness`.
REFERENCE_WORK_SECONDS = 0.015


def _reference_work() -> int:
    total = 0
    for i in range(300_000):
        total += i * i
    return total


def slowness() -> float:
    """How many times slower than the reference machine this one runs right now (at least 1): a
    slower CPU, other processes on the cores and the server's threads holding the interpreter all
    stretch it. The median of three short measures, so one scheduler hiccup does not count."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        _reference_work()
        times.append(time.perf_counter() - started)
    return max(1.0, sorted(times)[1] / REFERENCE_WORK_SECONDS)


def patience(seconds: float) -> float:
    """`seconds` on the reference machine, in seconds on this one as it runs now."""
    return seconds * slowness()


def wait_until(predicate: Callable[[], T], timeout: float, interval: float = 0.05, what: str = "") -> T:
    """Poll until `predicate()` is truthy; return its value. `timeout` is in reference seconds: it
    is stretched by the machine's pace when the wait starts, and again, if the machine has become
    slower, when that time runs out; only then does the wait fail."""
    started = time.monotonic()
    deadline = started + patience(timeout)
    while True:
        value = predicate()
        if value:
            return value
        now = time.monotonic()
        if now > deadline:
            deadline = max(deadline, started + patience(timeout))
            if now > deadline:
                raise AssertionError(f"timed out after {now - started:.1f} s ({timeout} s on the reference "
                                     f"machine) waiting for {what or predicate}")
        time.sleep(interval)


def paper(**changes):
    """The paper's exact settings (the Paper preset: white noise, one scale, Gram statistics alone,
    exact iterations), with `changes`: what the engine's own tests hold the method to."""
    return preset("Paper (Fig. 3)", **changes)


@contextlib.contextmanager
def serving(**changes) -> Iterator[None]:
    """This server's limits (webapp.policy) changed for a while, then as they were. The web app is
    imported when this is used, not when the helpers are: a test module may set the environment first."""
    import dataclasses

    from webapp import policy

    before = policy.server()
    policy.configure(dataclasses.replace(before, **changes))
    try:
        yield
    finally:
        policy.configure(before)
