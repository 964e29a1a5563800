"""Load the default network once, in the background, as the server starts.

The engine caches it (styler.network.get_vgg), so the first run does not pay for it; until it is
ready, the page and the first run say so.
"""
from __future__ import annotations

import atexit
import logging
import threading

from styler import DEFAULTS, StylerError, warm_up
from styler.messages import Message

from .config import ServerConfig

log = logging.getLogger(__name__)
_ready = threading.Event()
_lock = threading.Lock()
_thread: threading.Thread | None = None
_error: Message | str | None = None  # a StylerError's message, or another error's text


def _load(server: ServerConfig) -> None:
    global _error
    try:
        # On ZeroGPU there is no GPU outside decorated calls: warm the CPU copy of the weights.
        device = "cpu" if server.on_zerogpu else DEFAULTS.device
        warm_up(DEFAULTS.replace(device=device))
        log.info("VGG-19 loaded on %s", device)
    except Exception as exc:  # reported to users by the first run, which retries the load
        _error = exc.message if isinstance(exc, StylerError) else str(exc) or type(exc).__name__
        log.warning("Could not preload the network: %s", _error)
    finally:
        _ready.set()


def start(server: ServerConfig) -> None:
    """Start loading (once per process), for this server."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_load, args=(server,), name="styler-warmup", daemon=True)
            _thread.start()
            # Exiting while torch is mid-load aborts the process; let the load finish first.
            atexit.register(_thread.join, 60)


def is_ready() -> bool:
    return _ready.is_set()


def wait(timeout: float | None = None) -> bool:
    return _ready.wait(timeout)


def error() -> Message | str | None:
    return _error
