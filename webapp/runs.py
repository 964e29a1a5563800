"""The runs going on in this server, and the ones asked to stop: shared by the Stylise tab's run and
the "How it works" figures.

A run is keyed by its browser session (a figure by `session:figure:name`). Stop only asks: the
run ends at its next iteration, keeping its last picture and saying where it stopped. API
clients stop a run by cancelling their job instead.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator

MAX_STOP_REQUESTS = 10_000  # sessions that pressed Stop and left are forgotten beyond this

_lock = threading.Lock()
_engines = 0  # runs whose engine is working now
_sessions: dict[str, int] = {}  # sessions whose run has left the queue: how many
_stop_requests: dict[str, float] = {}


def active() -> int:
    """How many runs have their engine working now (0: the server is idle)."""
    return _engines


@contextmanager
def engine_running() -> Iterator[None]:
    """Counts a run as active while its engine works."""
    global _engines
    with _lock:
        _engines += 1
    try:
        yield
    finally:
        with _lock:
            _engines -= 1


@contextmanager
def session_running(session: str | None) -> Iterator[None]:
    """Marks a session's run as started (out of the queue) until it ends."""
    if session:
        with _lock:
            _sessions[session] = _sessions.get(session, 0) + 1
    try:
        yield
    finally:
        if session:
            with _lock:
                count = _sessions.get(session, 0) - 1
                if count > 0:
                    _sessions[session] = count
                else:
                    _sessions.pop(session, None)


def is_running(session: str | None) -> bool:
    """Whether this session's run has started (else it is waiting in line, or there is none)."""
    with _lock:
        return bool(session) and _sessions.get(session, 0) > 0


def request_stop(key: str | None) -> None:
    """Ask the run under `key` (running or waiting in line) to stop."""
    if key:
        with _lock:
            if len(_stop_requests) >= MAX_STOP_REQUESTS:
                _stop_requests.clear()
            _stop_requests[key] = time.monotonic()


def clear_stop(key: str | None) -> None:
    if key:
        with _lock:
            _stop_requests.pop(key, None)


def take_stop(key: str | None) -> bool:
    """Whether a stop was asked for the run under `key` (and forget the request)."""
    if not key:
        return False
    with _lock:
        return _stop_requests.pop(key, None) is not None


__all__ = ["active", "clear_stop", "engine_running", "is_running", "request_stop", "session_running", "take_stop"]
