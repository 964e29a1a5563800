"""The Run button / `stylize` API endpoint: engine progress in, Gradio component updates out.

`stylize(content, style, **params)` is a generator that yields once per engine iteration
(Gradio can only stop a generator at a yield, so this keeps Stop instant), with `gr.skip()`
for the outputs that did not change. Images are PIL here; the UI never sees a tensor.
"""
from __future__ import annotations

import base64
import logging
import math
import re
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd
from PIL import Image

from styler import DEFAULTS, PARAMS, ImageError, InvalidParameter, StyleParams, StylerError, load_image
from styler.images import NOTE_KEY
from styler.metadata import save_png
from styler.params import WEIGHT_SOURCES

from . import creative, gpu, policy, warmup
from .timelapse import FrameRecorder

log = logging.getLogger(__name__)

# The run event's outputs, in this order (layout.py builds the components under these names).
OUTPUTS = ("image", "status", "plot", "png_file", "compare", "timelapse")
LOSS_TERMS = ("total", "content", "style", "tv")
STATUS_EVERY = 0.2  # s between status-line updates (previews and the end always update)
PLOT_EVERY = 0.5  # s between loss-curve updates
MAX_PLOT_POINTS = 300  # iterations shown per curve (evenly thinned beyond that)
OUTPUT_ROOT = Path(tempfile.gettempdir()) / "styler-app"
KEEP_OUTPUTS_S = 2 * 3600

_active = 0  # runs whose engine generator is open (tests check that Stop ends them)
_active_lock = threading.Lock()
# Sessions whose Stop button was pressed: their run ends at its next iteration, keeping its
# last image and saying where it stopped. (API clients stop a run by cancelling their job.)
_stop_requests: dict[str, float] = {}
MAX_STOP_REQUESTS = 10_000


def active_runs() -> int:
    return _active


_running_sessions: dict[str, int] = {}  # browser sessions whose run has left the queue: its count


def is_running(session: str | None) -> bool:
    """Whether this session's run has started (else it is waiting in line, or there is none)."""
    with _active_lock:
        return bool(session) and _running_sessions.get(session, 0) > 0


def _mark_running(session: str | None, delta: int) -> None:
    if not session:
        return
    with _active_lock:
        count = _running_sessions.get(session, 0) + delta
        if count > 0:
            _running_sessions[session] = count
        else:
            _running_sessions.pop(session, None)


def _change_active(delta: int) -> None:
    global _active
    with _active_lock:
        _active += delta


def request_stop(session: str | None) -> None:
    """Ask the run of this browser session (running or waiting in line) to stop."""
    if session:
        if len(_stop_requests) >= MAX_STOP_REQUESTS:  # sessions that pressed Stop and left
            _stop_requests.clear()
        _stop_requests[session] = time.monotonic()


def clear_stop(session: str | None) -> None:
    if session:
        _stop_requests.pop(session, None)


def _take_stop(session: str | None) -> bool:
    return bool(session) and _stop_requests.pop(session, None) is not None


# Inputs -------------------------------------------------------------------------------------------

def make_params(values: dict[str, Any]) -> StyleParams:
    """StyleParams from the request's values; every value is checked there (sliders are bypassable),
    then against this server's limits (webapp.policy).

    The web app accepts only named weight sources: a path would name a file on the server.
    """
    weights = values.get("weights", WEIGHT_SOURCES[0])
    if isinstance(weights, str) and weights.strip() not in WEIGHT_SOURCES:
        raise InvalidParameter("weights", f"choose one of {', '.join(WEIGHT_SOURCES)}")
    params = StyleParams.from_dict(values)
    policy.check(params, idle=active_runs() == 0)
    return params


IMAGE_INPUTS = 5  # the run's positional inputs: content, style, style2, mask, init_image


def check(content=None, style=None, style2=None, mask=None, init_image=None, **params) -> None:
    """The page's check of a run's settings before it queues: a refusal is a gr.Error."""
    try:
        make_params(params)
    except (StylerError, ValueError) as exc:
        raise _user_error(str(exc)) from None


def validate(content=None, style=None, style2=None, mask=None, init_image=None, **params):
    """Gradio's validator for the run: checks its settings before the job joins the queue, so that
    a request over a limit is refused at once, however long the line. One result per input; a
    refusal is shown on the control it names. (The images are read when the run starts.)"""
    try:
        make_params(params)
    except (StylerError, ValueError) as exc:
        field = getattr(exc, "field", None)
        named = field in params
        results = [gr.validate(False, str(exc)) if not named and i == 0 else None for i in range(IMAGE_INPUTS)]
        return results + [gr.validate(False, str(exc)) if name == field else None for name in params]
    return [None] * (IMAGE_INPUTS + len(params))


def read_upload(payload: Any, role: str) -> tuple[Image.Image, str]:
    """A validated RGB image and a short name from an image input's raw payload.

    The run event takes raw payloads (Gradio has checked that a file payload's path is one of
    its uploads); plain strings are refused, so a request cannot name a file on the server.
    """
    if payload is None or payload == {}:
        raise ImageError(f"No {role} image was given: upload one or pick an example.")
    name = role
    if isinstance(payload, Image.Image):
        source: Any = payload
    elif isinstance(payload, dict) and payload.get("path"):
        source = payload["path"]
        name = Path(payload.get("orig_name") or payload["path"]).stem
    elif isinstance(payload, dict) and str(payload.get("url") or "").startswith("data:"):
        try:
            source = base64.b64decode(payload["url"].split(",", 1)[1])
        except (ValueError, IndexError):
            raise ImageError(f"The {role} image data is not valid base64.") from None
    else:
        raise ImageError(f"The {role} image must be an uploaded file.")
    image = load_image(source, role)
    return image, _slug(name) or role


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40].lower()


# Formatting ---------------------------------------------------------------------------------------

def fmt_seconds(seconds: float | None) -> str:
    """A duration for people (policy.fmt_duration), "?" when there is none yet."""
    if seconds is None or not math.isfinite(seconds):
        return "?"
    return policy.fmt_duration(seconds)


def fmt_losses(losses: dict[str, float]) -> str:
    parts = [f"{name} {losses[name]:.3g}" for name in ("content", "style", "tv") if losses.get(name)]
    total = f"loss {losses.get('total', float('nan')):.3g}"
    return f"{total} ({', '.join(parts)})" if parts else total


def status_line(p: dict, state: str = "Stylising") -> str:
    """What a person reads: a sentence with the key figure first (the time left while running),
    then the details on a smaller line."""
    stage = re.sub(r"(\d)x(\d)", "\\1×\\2", p["stage"])
    running = state == "Stylising" and not p["done"]
    if running and p.get("eta") is not None:
        headline = f"**About {fmt_seconds(p['eta'])} left** · {state.lower()} at {stage}"
    else:
        headline = f"**{state}** after {fmt_seconds(p['elapsed'])} · {stage}"
    if p.get("budget") and not p["done"]:
        count = f"iteration {p['iteration']} of about {p['total']}"
    else:
        count = f"iteration {p['iteration']}/{p['total']}"
    details = [count, fmt_losses(p["losses"]), f"{fmt_seconds(p['elapsed'])} elapsed",
               f"on {p['device']}" if p.get("device") else ""]
    return f"{headline}\n\n<small>{' · '.join(d for d in details if d)}</small>"


class LossHistory:
    """Losses per iteration; `frame()` is the loss curve's long-format DataFrame (log10 y).

    `terms` are the curves to draw. Each gets a row at every iteration (NaN where its loss is
    not positive), so the plot knows every curve from its first update: Gradio's LinePlot keeps
    the series of its first data, and the content loss is 0 at first when starting from the photo.
    """

    def __init__(self, terms: tuple[str, ...] = LOSS_TERMS):
        self.terms = tuple(t for t in LOSS_TERMS if t in terms)
        self.rows: list[tuple[int, dict[str, float]]] = []

    @classmethod
    def for_params(cls, params: StyleParams) -> "LossHistory":
        weights = {"content": params.content_weight, "style": params.style_weight, "tv": params.tv_weight}
        return cls(("total", *(term for term, weight in weights.items() if weight > 0)))

    def add(self, iteration: int, losses: dict[str, float]) -> None:
        self.rows.append((iteration, dict(losses)))

    def frame(self, max_points: int = MAX_PLOT_POINTS) -> pd.DataFrame:
        rows = self.rows
        if len(rows) > max_points:
            stride = math.ceil(len(rows) / max_points)
            rows = rows[::stride] + ([rows[-1]] if (len(rows) - 1) % stride else [])
        data = [(i, term, math.log10(losses[term]) if _positive(losses.get(term)) else math.nan)
                for i, losses in rows for term in self.terms]
        frame = pd.DataFrame(data, columns=["iteration", "term", "log10 loss"])
        return frame.astype({"iteration": "int64", "term": "str", "log10 loss": "float64"})


def _positive(value) -> bool:
    return value is not None and math.isfinite(value) and value > 0


# Output files -------------------------------------------------------------------------------------

def _run_dir() -> Path:
    OUTPUT_ROOT.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_OUTPUTS_S
    for old in OUTPUT_ROOT.iterdir():
        try:
            if old.is_dir() and old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    path = OUTPUT_ROOT / uuid.uuid4().hex
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

def _user_error(message: str) -> gr.Error:
    return gr.Error(message, print_exception=False)


def stylize(content, style, style2=None, mask=None, init_image=None, request: gr.Request = None, **params):
    # (The docstring, which Gradio shows in its API page and gives MCP clients as the tool's
    # description, is written from StyleParams below: `_api_docstring`.)
    session = getattr(request, "session_hash", None)
    _mark_running(session, +1)
    try:
        yield from _stylize(content, style, style2, mask, init_image, session, params)
    finally:
        _mark_running(session, -1)


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


def _api_docstring() -> str:
    """The Run endpoint's docstring: its summary, every input (the images, then StyleParams' fields
    with their help and bounds, as the server allows them) and what it returns."""
    lines = [API_DESCRIPTION, "", "Args:"]
    lines += [f"    {name}: {text}" for name, text in IMAGE_ARGS.items()]
    for name, spec in PARAMS.items():
        bounds = ""
        if name == "seconds":
            bounds = f" On this server: up to {policy.fmt_duration(policy.MAX_SECONDS)}."
        elif name == "size":
            bounds = f" On this server: {spec.minimum:g} to {policy.largest_size(DEFAULTS)[0]}."
        elif spec.choices and not spec.open_choices:
            bounds = f" One of: {', '.join(spec.choices)}."
        elif spec.minimum is not None:
            bounds = f" From {spec.minimum:g} to {spec.maximum:g}."
        lines.append(f"    {name}: {spec.help}{bounds}")
    lines += ["", "Returns:", "    The result picture (PNG), a status line, the loss curve, the PNG with every "
              "setting in its metadata, a before/after pair and a time-lapse GIF."]
    return "\n".join(lines)


stylize.__doc__ = _api_docstring()


def _stylize(content, style, style2, mask, init_image, session, params):
    skip = gr.skip()
    try:
        settings = make_params(params)
        content_img, content_name = read_upload(content, "content")
        style_img, style_name = read_upload(style, "style")
        style_arg, extras, extra_imgs = creative.engine_inputs(style_img, style2, mask, init_image, read_upload)
    except (StylerError, ValueError) as exc:
        raise _user_error(str(exc)) from None

    starting = "**Starting**" if warmup.is_ready() else "**Loading** the VGG-19 network (first run only)"
    plan = (f"{policy.fmt_duration(settings.seconds)} budget" if settings.seconds
            else f"{settings.iterations} iterations")
    # The plot restarts from None: a LinePlot that is sent an empty frame never draws lines again.
    yield skip, f"{starting} · {settings.size} px · {plan}", None, None, None, None
    if _take_stop(session):  # Stop was pressed while this run waited in line
        yield skip, "**Stopped** before it started.", skip, skip, skip, skip
        return

    # Remarks on the inputs (e.g. "animated: first frame used"), from our load or the engine's.
    shown_notes: set[str] = set()
    for note in [img.info.get(NOTE_KEY) for img in (content_img, style_img, *extra_imgs)]:
        if note and note not in shown_notes:
            shown_notes.add(note)
            gr.Warning(note)
    history, frames = LossHistory.for_params(settings), FrameRecorder()
    folder = _run_dir()
    shown = _Shown(folder)
    last_status = last_plot = 0.0
    last_image: Image.Image | None = None
    final: dict | None = None
    run = gpu.run_engine(content_img, style_arg, settings.to_dict(), **extras)
    _change_active(+1)
    try:
        for record in run:
            if record["kind"] == "error":
                if record.get("last_image") is not None:
                    yield shown(record["last_image"]), skip, skip, skip, skip, skip
                raise _user_error(record["message"])
            for note in record["notes"]:
                if note not in shown_notes:
                    shown_notes.add(note)
                    gr.Warning(note)
            history.add(record["iteration"], record["losses"])
            now = time.monotonic()
            image = record["image"]
            if image is not None:
                last_image = image
                frames.add(image, final=record["done"])
            if record["done"]:
                final = record
                break
            stopped = "Stopped" if _take_stop(session) else None
            if not settings.seconds and record["elapsed"] > policy.hard_stop_seconds():  # an estimate that was off
                stopped = f"Stopped at this server's limit of {policy.fmt_duration(policy.MAX_SECONDS)} a run"
            if stopped:
                yield ((shown(image) if image is not None else skip), status_line(record, stopped), history.frame(),
                       skip, skip, skip)
                return
            status = plot = skip
            if image is not None or now - last_status >= STATUS_EVERY:
                status, last_status = status_line(record), now
            if record["iteration"] == 1 or now - last_plot >= PLOT_EVERY:
                plot, last_plot = history.frame(), now
            yield (shown(image) if image is not None else skip), status, plot, skip, skip, skip
    except gr.Error:
        raise
    except Exception as exc:  # a bug, not a user error: log it, tell the user briefly
        log.exception("run failed")
        raise gr.Error(f"Something went wrong on the server ({type(exc).__name__}). Please try again.") from None
    finally:
        run.close()
        _change_active(-1)

    if final is None or last_image is None:  # the engine ended without its final item
        raise gr.Error("The run ended without a result. Please try again.")
    stem = f"{content_name}-as-{style_name}-{last_image.width}x{last_image.height}-seed{settings.seed}"
    png = save_png(last_image, folder / f"{stem}.png", settings,
                   content=content_name, style=style_name, iterations_done=final["iteration"],
                   losses=final["losses"], seconds=round(final["elapsed"], 2))
    gif = frames.save_gif(folder / f"{stem}-timelapse.gif")
    before = shown(content_img.resize(last_image.size, Image.Resampling.LANCZOS), "before")
    status = status_line(final, "Done") + "\n\n<small>Download the PNG (its settings in its metadata) or the time-lapse below.</small>"
    yield str(png), status, history.frame(), str(png), (before, str(png)), (str(gif) if gif else None)


def read_settings(payload: Any) -> StyleParams | None:
    """Settings stored in a PNG made by this app (styler.metadata), or None.

    `payload` is an upload's raw payload (a dict whose path Gradio has checked) or a path
    Gradio's own preprocessing produced.
    """
    path = payload.get("path") if isinstance(payload, dict) else payload
    if not isinstance(path, (str, Path)) or not _is_png(path):
        return None
    from styler.metadata import read_params

    try:
        with Image.open(path) as image:
            return read_params(image)
    except (StylerError, ValueError, OSError):
        return None


def _is_png(path: str | Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(8) == b"\x89PNG\r\n\x1a\n"
    except OSError:
        return False


__all__ = ["OUTPUTS", "LossHistory", "active_runs", "make_params", "read_settings", "request_stop",
           "read_upload", "status_line", "stylize"]
