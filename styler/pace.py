"""How fast this process iterates on each device, from the runs it has done: the estimate a server
uses to tell, before a run starts, how long a fixed number of iterations will take.

`warm_up` records a first figure from a short calibration run; every run's scales of a few
iterations or more refine it. An iteration's cost grows with its pixels, so the record is
seconds per iteration per pixel, at the largest size measured (overheads weigh more in small
pictures, which makes small-picture figures cautious).
"""
from __future__ import annotations

import threading

_lock = threading.Lock()
_records: dict[str, tuple[int, float]] = {}  # device type -> (pixels measured at, seconds per iteration per pixel)
MIN_ITERATIONS = 3  # scales with fewer say more about their set-up than about their pace


def key(device_type: str, precision: str) -> str:
    """What a pace is recorded under: a device in one precision (bf16 and float32 differ several-fold)."""
    return f"{device_type}/{precision}"


def record(device: str, pixels: int, iterations: int, seconds: float) -> None:
    """A scale of `pixels` pixels took `seconds` for `iterations` iterations on `device`."""
    if iterations < MIN_ITERATIONS or pixels <= 0 or seconds <= 0:
        return
    per_pixel = seconds / iterations / pixels
    with _lock:
        known = _records.get(device)
        if known is None or pixels >= known[0] * 0.5:  # a larger picture tells the truer pace
            _records[device] = (max(pixels, known[0] if known else 0), per_pixel)


def seconds_per_iteration(device: str, pixels: int) -> float | None:
    """Estimated seconds for one iteration of `pixels` pixels on `device`; None if never measured."""
    with _lock:
        known = _records.get(device)
    return None if known is None else known[1] * pixels

