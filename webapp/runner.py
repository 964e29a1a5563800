"""The Run button / `stylize` API endpoint (and Keep going): the visitor's inputs in, the engine's
progress out as updates of the page's components.

`stylize(content, style, **params)` is a generator that yields once per engine iteration
(webapp.streaming), with "unchanged" for the outputs that did not change. Images are PIL here;
the UI never sees a tensor. What a person reads is in their browser's language (webapp.i18n).
"""
from __future__ import annotations

import json
import logging
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr
from PIL import Image

from styler import PARAMS, CheckedImage, StyleParams, StylerError
from styler.metadata import save_png

from . import creative, i18n, policy, runs, status, warmup
from .loss_curve import LossHistory
from .streaming import EngineFailed, Outputs, Throttle, explained, follow, for_people, user_error
from .timelapse import FrameRecorder
from .uploads import given, read_upload

log = logging.getLogger(__name__)

STATUS_EVERY = 0.2  # s between status-line updates (previews and the end always update)
# s between previews sent to the page: a small, fast run makes many more than a person can watch,
# and each costs a PNG on the server and a redraw in a browser that may be slow
PREVIEW_EVERY = 0.2
PLOT_EVERY = 0.5  # s between loss-curve updates
KEEP_OUTPUTS_S = 2 * 3600


@dataclass
class RunUpdate(Outputs):
    """The run event's outputs, in the event's order (layout.py wires the components by these names)."""

    image: Any = field(default_factory=gr.skip)
    status: Any = field(default_factory=gr.skip)
    plot: Any = field(default_factory=gr.skip)
    png_file: Any = field(default_factory=gr.skip)
    compare: Any = field(default_factory=gr.skip)
    timelapse: Any = field(default_factory=gr.skip)


OUTPUTS = RunUpdate.names()


# Inputs -------------------------------------------------------------------------------------------

def make_params(values: dict[str, Any]) -> StyleParams:
    """StyleParams from the request's values; every value is checked there (sliders are bypassable),
    then against this server's limits (webapp.policy: only the named weight sources it offers)."""
    params = StyleParams.from_dict(values)
    policy.check(params, idle=runs.active() == 0)
    return params


class _Validated:
    """A run's settings are validated once. The check before the queue (the page's first step, or
    the run's validator for API clients: Gradio hands neither's result on) keeps the StyleParams it
    made under the session and the exact values sent; the run takes it from there. A run nobody
    checked (a script calling `stylize`), or whose values changed since, validates its own."""

    KEEP_S = 900  # longer than a run waits in line; a run that waited longer validates again
    MOST = 1000  # entries kept (checks whose run never came are dropped beyond this)

    def __init__(self):
        self.lock = threading.Lock()
        self.kept: dict[tuple, tuple[float, StyleParams]] = {}

    @staticmethod
    def key(session: str | None, values: dict[str, Any]) -> tuple | None:
        try:  # the values exactly as sent (1 and 1.0 differ: a miss, never a wrong match)
            return session, json.dumps(values, sort_keys=True, allow_nan=True)
        except (TypeError, ValueError):  # not JSON (a script's own objects): not kept
            return None

    def check(self, session: str | None, values: dict[str, Any]) -> StyleParams:
        """The settings validated (InvalidParameter if refused), kept for the run."""
        key = self.key(session, values)
        with self.lock:
            found = self.kept.get(key) if key else None
        if found and time.monotonic() - found[0] < self.KEEP_S:
            return found[1]
        params = make_params(values)
        if key:
            with self.lock:
                if len(self.kept) >= self.MOST:
                    self.kept.clear()
                self.kept[key] = (time.monotonic(), params)
        return params

    def take(self, session: str | None, values: dict[str, Any]) -> StyleParams:
        """The run's settings: the ones checked before the queue, or validated now."""
        key = self.key(session, values)
        with self.lock:
            found = self.kept.pop(key, None) if key else None
        if found and time.monotonic() - found[0] < self.KEEP_S:
            return found[1]
        return make_params(values)


_validated = _Validated()
IMAGE_INPUTS = 5  # the run's positional inputs: content, style, style2, mask, init_image


def check(content=None, style=None, style2=None, mask=None, init_image=None, request: gr.Request = None,
          **params) -> None:
    """The page's check of a run's settings before it queues: a refusal is a gr.Error."""
    with for_people(i18n.language(request), "check"):
        _validated.check(getattr(request, "session_hash", None), params)


def validate(content=None, style=None, style2=None, mask=None, init_image=None, request: gr.Request = None,
             **params):
    """Gradio's validator for the run: checks its settings before the job joins the queue, so that
    a request over a limit is refused at once, however long the line. One result per input; a
    refusal is shown on the control it names. (The images are read when the run starts.)"""
    try:
        _validated.check(getattr(request, "session_hash", None), params)
    except (StylerError, ValueError) as exc:
        field_name = getattr(exc, "field", None)
        named = field_name in params
        text = explained(exc, i18n.language(request))
        results = [gr.validate(False, text) if not named and i == 0 else None for i in range(IMAGE_INPUTS)]
        return results + [gr.validate(False, text) if name == field_name else None for name in params]
    return [None] * (IMAGE_INPUTS + len(params))


# Output files -------------------------------------------------------------------------------------

def output_root() -> Path:
    """Where runs leave their files: under the temporary folder the environment names, found at
    first use rather than at import."""
    return Path(tempfile.gettempdir()) / "styler-app"


def _run_dir() -> Path:
    root = output_root()
    root.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_OUTPUTS_S
    for old in root.iterdir():
        try:
            if old.is_dir() and old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    path = root / uuid.uuid4().hex
    path.mkdir()
    return path


class _Shown:
    """Pictures sent to the page as files of this run's own folder. (Sent as PIL images, Gradio
    writes each into its cache under a name made from its bytes, in place: two runs showing the
    same picture at once, as two visitors' identical runs do, can hand a client a half-written
    file. A file is copied into the cache atomically.)"""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        self.sent: list[Path] = []

    def __call__(self, image: Image.Image, name: str = "preview") -> str:
        self.count += 1
        path = self.folder / f"{name}-{self.count:05d}.png"
        image.save(path, format="PNG", compress_level=1)  # fast: shown once, then replaced
        self.sent.append(path)
        if len(self.sent) > 2:  # copied into Gradio's cache when it was sent, two yields ago
            self.sent.pop(0).unlink(missing_ok=True)
        return str(path)


# The run ------------------------------------------------------------------------------------------

API_DESCRIPTION = (
    "Repaint a photo in the style of a painting (Gatys, Ecker & Bethge, CVPR 2016). Give `seconds`, a time "
    "budget, and the run ends by then with the best picture that time allows; or `seconds=0` and an exact "
    "number of `iterations` (reproducible with `seed`). Streams the picture as it forms; returns the result "
    "as a PNG that carries its settings, a before/after pair and a time-lapse GIF.")
IMAGE_ARGS = {
    "content": "The photo to repaint (an image file).",
    "style": "The painting whose style to take (an image file).",
    "style2": "Optional: a second painting, blended with the first by `style_blend` (e.g. \"0.7,0.3\"), "
              "or placed by `mask`.",
    "mask": "Optional: a grey image, white where the (first) style goes; black takes the second style, or "
            "keeps the photo with one style.",
    "init_image": "Optional: the image to start from, e.g. a result to continue.",
}


def api_docstring() -> str:
    """The Run endpoint's docstring: its summary, every input (the images, then StyleParams' fields
    with their help and bounds, as this server allows them) and what it returns. build_demo gives
    it to `stylize` once the server's settings are known."""
    lines = [API_DESCRIPTION, "", "Args:"]
    lines += [f"    {name}: {text}" for name, text in IMAGE_ARGS.items()]
    for name, spec in PARAMS.items():
        bounds = ""
        if name == "seconds":
            bounds = f" On this server: up to {i18n.duration(policy.server().max_seconds)}."
        elif name == "size":
            bounds = (f" On this server: {spec.minimum:g} to {policy.server().max_size}, less when its free "
                      "memory is short.")
        elif spec.choices and not spec.open_choices:
            bounds = f" One of: {', '.join(spec.choices)}."
        elif spec.minimum is not None:
            bounds = f" From {spec.minimum:g} to {spec.maximum:g}."
        lines.append(f"    {name}: {spec.help}{bounds}")
    lines += ["", "Returns:", "    The result picture (PNG), a status line, the loss curve, the PNG with every "
              "setting in its metadata, a before/after pair and a time-lapse GIF."]
    return "\n".join(lines)


def stylize(content, style, style2=None, mask=None, init_image=None, request: gr.Request = None, **params):
    # (The docstring, which Gradio shows in its API page and gives MCP clients as the tool's
    # description, is written from StyleParams and this server's limits: `api_docstring`.)
    session = getattr(request, "session_hash", None)
    lang = i18n.language(request)
    with runs.session_running(session), for_people(lang, "run"):
        for update in _stylize(content, style, style2, mask, init_image, session, lang, params):
            yield update.values()


def keep_going(content, style, style2=None, mask=None, result=None, request: gr.Request = None, **params):
    """Run again from the current result (init_image = the result) with the current settings."""
    if not given(result):
        raise user_error(i18n.say(i18n.language(request), "nothing_to_continue"))
    yield from stylize(content, style, style2, mask, result, request=request, **params)


@dataclass
class _Inputs:
    """A run's settings, validated once, and its images, each read once at the size it needs."""

    settings: StyleParams
    content: CheckedImage
    content_name: str
    style_name: str
    style: Any  # one checked image, or a list of two
    extras: dict


def _read_inputs(content, style, style2, mask, init_image, session, params) -> _Inputs:
    settings = _validated.take(session, params)
    content_img, content_name = read_upload(content, "content", settings, "content")
    style_img, style_name = read_upload(style, "style", settings, "style")
    style_arg, extras = creative.engine_inputs(style_img, style2, mask, init_image, settings)
    return _Inputs(settings, content_img, content_name, style_name, style_arg, extras)


def _stylize(content, style, style2, mask, init_image, session, lang, params):
    inputs = _read_inputs(content, style, style2, mask, init_image, session, params)
    settings = inputs.settings
    plan = (i18n.say(lang, "plan.budget", duration=i18n.duration(settings.seconds, lang)) if settings.seconds
            else i18n.say(lang, "plan.iterations", count=settings.iterations))
    starting = i18n.say(lang, "starting" if warmup.is_ready() else "starting_first", size=settings.size, plan=plan)
    # The plot restarts from None: a LinePlot that is sent an empty frame never draws lines again.
    yield RunUpdate(status=starting, plot=None, png_file=None, compare=None, timelapse=None)
    if runs.take_stop(session):  # Stop was pressed while this run waited in line
        yield RunUpdate(status=i18n.say(lang, "stopped_before"))
        return

    history, frames = LossHistory.for_params(settings), FrameRecorder()
    folder = _run_dir()
    shown = _Shown(folder)
    status_due, plot_due, preview_due = Throttle(STATUS_EVERY), Throttle(PLOT_EVERY), Throttle(PREVIEW_EVERY)
    last_image: Image.Image | None = None
    on_page: Image.Image | None = None  # the last preview sent
    final = None
    try:
        for step in follow(inputs.content, inputs.style, settings, stop_key=session, started=time.monotonic(),
                           **inputs.extras):
            p = step.progress
            for note in p.notes:  # the inputs' remarks (e.g. "animated: first frame used"), on the first item
                gr.Warning(i18n.render(note, lang))
            history.add(p.iteration, p.losses)
            if p.image is not None:
                last_image = p.image
                frames.add(p.image, final=p.done)
            if p.done:
                final = p
                break
            # A stopped run shows its last picture, also one the throttle held back.
            due = step.stopped or (p.image is not None and preview_due.due())
            sent = due and last_image is not None and last_image is not on_page
            update = RunUpdate(image=shown(last_image) if sent else gr.skip())
            on_page = last_image if sent else on_page
            if step.stopped:
                update.status, update.plot = status.line(p, lang, step.stopped), history.frame()
                yield update
                return
            if status_due.due(force=sent):
                update.status = status.line(p, lang)
            if plot_due.due(force=p.iteration == 1):
                update.plot = history.frame()
            yield update
    except EngineFailed as exc:  # keep the last good picture on the page, then say why
        if exc.last_image is not None:
            yield RunUpdate(image=shown(exc.last_image))
        raise

    if final is None or last_image is None:  # the engine ended without its final item
        raise gr.Error(i18n.say(lang, "no_output"))
    yield _finish(inputs, final, last_image, history, frames, folder, shown, lang)


def _finish(inputs: _Inputs, final, last_image: Image.Image, history: LossHistory, frames: FrameRecorder,
            folder: Path, shown: "_Shown", lang: str) -> RunUpdate:
    """The finished run: its PNG (settings in its metadata), time-lapse, before/after and status."""
    settings = inputs.settings
    stem = (f"{inputs.content_name}-as-{inputs.style_name}-{last_image.width}x{last_image.height}"
            f"-seed{settings.seed}")
    png = save_png(last_image, folder / f"{stem}.png", settings,
                   content=inputs.content_name, style=inputs.style_name, iterations_done=final.iteration,
                   losses=final.losses, seconds=round(final.elapsed, 2))
    gif = frames.save_gif(folder / f"{stem}-timelapse.gif")
    before = shown(inputs.content.image.resize(last_image.size, Image.Resampling.LANCZOS), "before")
    line = status.line(final, lang, status.DONE) + f"\n\n<small>{i18n.say(lang, 'done_hint')}</small>"
    return RunUpdate(image=str(png), status=line, plot=history.frame(), png_file=str(png),
                     compare=(before, str(png)), timelapse=str(gif) if gif else None)


__all__ = ["OUTPUTS", "RunUpdate", "api_docstring", "check", "keep_going", "make_params", "stylize", "validate"]
