"""What one run may cost on this server, so that no visitor can make it slow or unavailable for others.

The limits are the server's `ServerConfig` (webapp.config), given to `configure` by build_demo;
used without it (the library's handlers in a script), they are read from the environment once,
at first use. The variables (defaults keep a public Space healthy):

STYLER_MAX_SECONDS      the longest run, in seconds (default 120; 60 on ZeroGPU): a larger budget is refused,
                        and so is a fixed number of iterations estimated to take longer
STYLER_MAX_SIZE         the largest output size in px (default 1024 on a CPU, 2048 on a GPU); lowered
                        further to what fits in the device's free memory (styler.limits)
STYLER_ALLOW_DOWNLOADS  "1" lets the page and the API use weight sources that download at run time
                        (torchvision's VGG-19, 548 MB); off by default: only the bundled weights

A request over a limit is refused before it joins the queue (`check`), with a message naming the
limit and what would fit.
"""
from __future__ import annotations

import threading

import torch

from styler import StyleParams, accel, limits, pace
from styler.errors import InvalidParameter
from styler.messages import Message
from styler.params import WEIGHT_SOURCES

from .config import ServerConfig
from .i18n import span

# A fixed number of iterations is estimated from the pace measured so far; it is refused when the
# estimate passes the limit by this factor (the estimate is a guess), and stopped at the limit
# times this factor if it runs on regardless.
ESTIMATE_SLACK = 1.25
TYPICAL_ASPECT = 4 / 3  # the estimate's picture: the long side is `size`, the short one 3/4 of it
BUDGET_CHOICES = (15, 30, 60, 120)  # the page's time budget choices (those under the limit)

_memory_lock = threading.Lock()
_memory_for_a_run: int | None = None
_server: ServerConfig | None = None


def configure(server: ServerConfig) -> None:
    """This server's settings, from now on (build_demo gives them)."""
    global _server, _memory_for_a_run
    with _memory_lock:
        _server, _memory_for_a_run = server, None


def server() -> ServerConfig:
    if _server is None:
        configure(ServerConfig.from_environment())
    return _server


def device() -> torch.device:
    return torch.device(server().device)


def weight_sources() -> tuple[str, ...]:
    """The weight sources this server offers: the bundled one, and downloads only when allowed."""
    return WEIGHT_SOURCES if server().allow_downloads else WEIGHT_SOURCES[:1]


def budget_choices() -> list[int]:
    longest = server().max_seconds
    return [s for s in BUDGET_CHOICES if s <= longest] or [int(longest)]


def memory_for_a_run(idle: bool) -> int | None:
    """Bytes one run may use: the device's free memory shared by the runs allowed at once. Measured
    when no run is going (`idle`), else the last measure (a running job's memory is not free, yet
    it is given back before a waiting one starts)."""
    global _memory_for_a_run
    settings = server()
    with _memory_lock:
        if (idle or _memory_for_a_run is None) and not settings.on_zerogpu:
            free = limits.free_bytes(device())
            _memory_for_a_run = None if free is None else free // settings.concurrency
        return _memory_for_a_run


def largest_size(params: StyleParams, idle: bool = True) -> tuple[int, Message]:
    """The largest output size this server allows for these settings, and why."""
    settings = server()
    fits = limits.largest_size(params, memory_for_a_run(idle), device())
    if fits is not None and fits < settings.max_size:
        return fits, Message("limit.why.gpu_memory" if settings.device == "cuda" else "limit.why.memory")
    return settings.max_size, Message("limit.why.device", {"device": device_name()})


def estimated_seconds(params: StyleParams) -> float | None:
    """How long a run of `params.iterations` iterations at `params.size` would take here; None
    before anything has been measured."""
    long_side = params.size
    pixels = long_side * round(long_side / TYPICAL_ASPECT)
    per_iteration = pace.seconds_per_iteration(
        pace.key(server().device, accel.precision_for(params.precision, device())), pixels)
    if per_iteration is None:
        return None
    # A coarse-to-fine run's scales cost less than its last one: their share of the iterations
    # runs at a fraction of the pixels.
    sizes = [1 / params.scale_step ** (2 * k) for k in range(params.scales)]
    return params.iterations * per_iteration * sum(sizes) / len(sizes)


def check(params: StyleParams, idle: bool = True) -> None:
    """Raise InvalidParameter, naming the limit and what fits, for a run this server does not take."""
    if params.weights not in weight_sources():
        allowed = ", ".join(weight_sources())
        raise InvalidParameter("weights", "limit.weights", allowed=allowed)
    longest = server().max_seconds
    if params.seconds > longest:
        raise InvalidParameter("seconds", "limit.seconds", limit=span(longest), asked=span(params.seconds))
    largest, why = largest_size(params, idle)
    if params.size > largest:
        raise InvalidParameter("size", "limit.size", size=params.size, largest=largest, why=why)
    if params.seconds == 0:
        estimate = estimated_seconds(params)
        if estimate is not None and estimate > longest * ESTIMATE_SLACK:
            fits = max(1, int(params.iterations * longest / estimate))
            raise InvalidParameter("iterations", "limit.iterations", count=params.iterations, size=params.size,
                                   estimate=span(estimate), device=device_name(), limit=span(longest), fits=fits)


def check_figure(panels: list[StyleParams], idle: bool = True) -> None:
    """A figure of the "How it works" tab runs its panels one after another: each within the limits,
    and all of them, estimated, within the time one run may take."""
    for params in panels:
        check(params, idle)
    estimates = [estimated_seconds(params) for params in panels]
    longest = server().max_seconds
    if panels and None not in estimates and sum(estimates) > longest * ESTIMATE_SLACK:
        first = panels[0]
        fits = max(1, int(first.iterations * longest / sum(estimates)))
        raise InvalidParameter("iterations", "limit.figure", count=len(panels), iterations=first.iterations,
                               size=first.size, estimate=span(sum(estimates)), device=device_name(),
                               limit=span(longest), fits=fits)


def hard_stop_seconds() -> float:
    """When a run of a fixed number of iterations is stopped however it was estimated."""
    return server().max_seconds * ESTIMATE_SLACK


def device_name() -> str:
    device = server().device
    return "GPU" if device == "cuda" else "CPU" if device == "cpu" else device.upper()
