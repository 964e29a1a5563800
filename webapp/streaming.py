"""One loop for every event that runs the engine: the Stylise tab's Run and Keep going, and each
panel of a "How it works" figure.

`follow` runs the engine through `gpu.run_engine` and yields one `Step` per engine iteration
(Gradio can only stop a generator at a yield, so this keeps Stop instant), ending after the
final picture, after a Stop, or at this server's limit on one run. `for_people` turns what goes
wrong into messages for the person in their language: their own mistakes as they are, a bug
as a short apology (logged in full). `Outputs` is an event's update of its components by name.
"""
from __future__ import annotations

import logging
import math
import time
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any, Iterator

import gradio as gr

from styler import StyleParams, StylerError
from styler.messages import Message

from . import gpu, i18n, policy, runs

log = logging.getLogger(__name__)

STOPPED = "stop"  # Step.stopped: the visitor pressed Stop
AT_LIMIT = "limit"  # Step.stopped: the run reached this server's limit on one run


@dataclass
class Outputs:
    """An event's update of its output components, by name (subclasses name them, in the event's
    order, each defaulting to gr.skip(): a field left alone leaves its component as it is)."""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.names())


@dataclass
class Step:
    progress: Any  # styler.Progress
    stopped: str | None = None  # None, STOPPED or AT_LIMIT: the run ends with this step


class EngineFailed(Exception):
    """The engine refused or failed the run: `message` says why (styler.messages.Message),
    `last_image` is its last good picture, if any."""

    def __init__(self, message: Message, last_image: Any = None):
        super().__init__(str(message))
        self.message = message
        self.last_image = last_image


def follow(content, style, params: StyleParams, *, stop_key: str | None, started: float,
           **extras) -> Iterator[Step]:
    """The engine's progress, step by step. A run of exact iterations (no time budget) ends at
    this server's limit, counted from `started`, if its estimate was off."""
    run = gpu.run_engine(content, style, params, **extras)
    try:
        with runs.engine_running():
            for item in run:
                if isinstance(item, gpu.RunFailed):
                    raise EngineFailed(item.message, item.last_image)
                stopped = None
                if not item.done:
                    if runs.take_stop(stop_key):
                        stopped = STOPPED
                    elif not params.seconds and time.monotonic() - started > policy.hard_stop_seconds():
                        stopped = AT_LIMIT
                yield Step(item, stopped)
                if item.done or stopped:
                    return
    finally:
        run.close()  # frees the run's memory at once, whoever stops first


class Throttle:
    """Whether an update is due: at most one every `every` seconds, unless forced."""

    def __init__(self, every: float):
        self.every = every
        self.last = -math.inf  # the first update is always due

    def due(self, force: bool = False) -> bool:
        now = time.monotonic()
        if force or now - self.last >= self.every:
            self.last = now
            return True
        return False


def user_error(message: str) -> gr.Error:
    return gr.Error(message, print_exception=False)


def explained(exc: Exception, lang: str) -> str:
    """A refusal before a run (a validator's answer) in `lang`: a StylerError by its code, anything
    else (a ValueError from a value the page could not even read) as it says."""
    if isinstance(exc, (StylerError, EngineFailed)):
        return i18n.render(exc.message, lang)
    return str(exc)


@contextmanager
def for_people(lang: str, what: str) -> Iterator[None]:
    """Errors as messages in `lang`: a person's mistake (a StylerError, the engine's refusal) as it
    is, anything else as a bug, logged under `what`."""
    try:
        yield
    except gr.Error:
        raise
    except (StylerError, EngineFailed) as exc:
        raise user_error(i18n.render(exc.message, lang)) from None
    except Exception as exc:
        log.exception("%s failed", what)
        raise gr.Error(i18n.say(lang, "bug", kind=type(exc).__name__)) from None


__all__ = ["AT_LIMIT", "STOPPED", "EngineFailed", "Outputs", "Step", "Throttle", "explained", "follow", "for_people",
           "user_error"]
