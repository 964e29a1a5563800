"""Constants and helpers for the tests: the project's paths and example images, running the app in
this process on a free port, waiting for a condition."""
from __future__ import annotations

import contextlib
import socket
import time
from pathlib import Path
from typing import Callable, Iterator, TypeVar

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


@contextlib.contextmanager
def running_app() -> Iterator[str]:
    """Build the app as app.py does, serve it on 127.0.0.1:<free port>, yield its URL."""
    import webapp
    from webapp import warmup

    demo = webapp.build_demo()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=free_port(), quiet=True,
                **webapp.launch_kwargs())
    try:
        warmup.wait(120)  # the first test should not pay for loading the network
        yield demo.local_url
    finally:
        demo.close()


def wait_until(predicate: Callable[[], T], timeout: float, interval: float = 0.05, what: str = "") -> T:
    """Poll until `predicate()` is truthy; return its value or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(interval)
