"""The Video tab: a short clip repainted frame by frame without flicker (styler.video), streamed as
it forms, and its API endpoint `stylize_video` (also an MCP tool).

A visitor uploads a clip (or an animated GIF/WebP), or records one with the webcam, picks a
painting and presses Run: the current frame and "frame 12 of 40, about 1 min left" stream to the
page; the finished clip plays in the page, with its MP4 (settings in its metadata, the source's
audio kept) and an animated WebP to share. Stop keeps the frames done so far as a shorter clip.
The settings are checked against this server's limits (webapp.video_policy) before the job queues.
The run takes raw payloads: a clip or painting must be an upload (a path string is refused).
"""
from __future__ import annotations

import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr
from PIL import Image

from styler import StylerError
from styler.errors import VideoError
from styler.params import PARAMS
from styler.video import VIDEO_PARAMS, VideoParams, VideoProgress, clip_params
from styler import videoio

from . import gpu, i18n, policy, premade, runs, video_policy
from .config import CHECK, INSTANT, PRIVATE
from .i18n import text
from .runner import KEEP_OUTPUTS_S, output_root
from .streaming import Outputs, Throttle, explained, for_people, user_error
from .uploads import given, read_upload

TAB_ID = "video"
EXAMPLE_CLIP, EXAMPLE_PAINTING, EXAMPLE_RESULT = premade.CLIP, premade.CLIP_PAINTING, premade.clip_result_path()
STATUS_EVERY = 0.3  # s between status updates (a finished frame always updates)
ANIMATION_TYPES = [".gif", ".webp"]

API_DESCRIPTION = (
    "Repaint a short clip in the style of a painting, frame by frame without flicker (Gatys et al. 2016; "
    "Ruder et al. 2016: each frame starts from the previous result carried along the optical flow). `seconds` "
    "is the whole clip's time budget. Streams the current frame and the progress; returns the clip as an MP4 "
    "(H.264, the source's audio kept, the settings in its metadata), an animated WebP and the settings.")
ARGS = {
    "clip": "The clip to repaint (MP4, WebM, MOV, MKV).",
    "painting": "The painting whose style to take (an image file).",
    "animation": "Optional: an animated GIF or WebP to repaint instead of `clip`.",
}


@dataclass
class VideoUpdate(Outputs):
    """The run's outputs, in the event's order."""

    frame: Any = field(default_factory=gr.skip)
    status: Any = field(default_factory=gr.skip)
    result: Any = field(default_factory=gr.skip)
    files: Any = field(default_factory=gr.skip)
    webp: Any = field(default_factory=gr.skip)
    settings: Any = field(default_factory=gr.skip)


OUTPUTS = tuple(VideoUpdate.__dataclass_fields__)
CONTROLS = ("size", "seconds", *VIDEO_PARAMS)  # the run's settings, after its three files


@dataclass
class VideoTab:
    clip: gr.Video = None
    animation: gr.File = None
    painting: gr.Image = None
    example_btn: gr.Button = None
    run_btn: gr.Button = None
    stop_btn: gr.Button = None
    controls: dict = field(default_factory=dict)
    frame: gr.Image = None
    status: gr.Markdown = None
    result: gr.Video = None
    files: gr.File = None
    webp: gr.Image = None
    settings: gr.JSON = None


# The page ---------------------------------------------------------------------------------------

def build_tab(engine: dict) -> VideoTab:
    """The tab's components and events (inside its gr.Tab); `engine`: the engine's queue options."""
    stylize_video.__doc__ = api_docstring()  # the API page's and MCP tool's description
    ui = VideoTab()
    gr.Markdown(text("video.intro"), elem_id="video-intro")
    with gr.Row(equal_height=False):
        with gr.Column(scale=5, min_width=300):
            _inputs(ui)
            _controls(ui)
        with gr.Column(scale=6, min_width=300):
            _outputs(ui)
    _wire(ui, engine)
    return ui


def _inputs(ui: VideoTab) -> None:
    with gr.Row(equal_height=True):
        ui.clip = gr.Video(label=text("video.clip"), sources=["upload", "webcam"], height=240, min_width=150,
                           elem_id="video-clip")
        ui.painting = gr.Image(label=text("video.painting"), type="filepath", height=240, min_width=150,
                               sources=["upload", "webcam", "clipboard"], elem_id="video-painting")
    ui.animation = gr.File(label=text("video.animation"), file_types=ANIMATION_TYPES, type="filepath", height=90,
                           elem_id="video-animation")
    with gr.Row(elem_id="video-buttons"):
        ui.run_btn = gr.Button(text("run"), variant="primary", scale=3, elem_id="video-run")
        ui.stop_btn = gr.Button(text("stop"), variant="stop", scale=1, interactive=False, elem_id="video-stop")
    ui.example_btn = gr.Button(text("video.example"), size="sm", elem_id="video-example")


CONTROL_NAMES = ("size", "seconds", *VIDEO_PARAMS)  # the tab's controls, by parameter


def server_texts() -> dict[str, tuple[str, str]]:
    """The tab's control texts in both languages (from styler.params, styler.video and texts.py)."""
    texts = {}
    for name in CONTROL_NAMES:
        texts[f"video.param.{name}.label"] = i18n.video_label(name)
        texts[f"video.param.{name}.info"] = i18n.video_help(name)
    return texts


def _slider(name: str, spec, value, maximum=None, **extra) -> gr.Slider:
    return gr.Slider(minimum=spec.minimum, maximum=maximum if maximum is not None else spec.maximum,
                     step=spec.step, value=value, elem_id=f"video-{name.replace('_', '-')}",
                     label=i18n.server_text(f"video.param.{name}.label"),
                     info=i18n.server_text(f"video.param.{name}.info"), **extra)


def _controls(ui: VideoTab) -> None:
    defaults = VideoParams()
    fields = ui.controls
    with gr.Row(equal_height=False):
        server = policy.server()
        fields["size"] = _slider("size", PARAMS["size"], video_policy.default_size(), server.max_clip_size,
                                 min_width=200)
        fields["seconds"] = _slider("seconds", PARAMS["seconds"], video_policy.default_seconds(), server.max_seconds,
                                    min_width=200)
    with gr.Row(equal_height=False):
        fields["fps"] = _slider("fps", VIDEO_PARAMS["fps"], defaults.fps, min_width=200)
        fields["max_seconds"] = _slider("max_seconds", VIDEO_PARAMS["max_seconds"], defaults.max_seconds,
                                        policy.server().max_clip_seconds, min_width=200)
    with gr.Accordion(text("advanced"), open=False, elem_id="video-advanced"):
        fields["temporal_weight"] = gr.Number(
            value=defaults.temporal_weight, minimum=0, maximum=VIDEO_PARAMS["temporal_weight"].maximum,
            elem_id="video-temporal-weight",
            label=i18n.server_text("video.param.temporal_weight.label"),
            info=i18n.server_text("video.param.temporal_weight.info"))
        fields["frame_iterations"] = _slider("frame_iterations", VIDEO_PARAMS["frame_iterations"],
                                             defaults.frame_iterations, 200)


def _outputs(ui: VideoTab) -> None:
    ui.frame = gr.Image(label=text("video.frame"), type="filepath", interactive=False, height=320,
                        elem_id="video-frame")
    ui.status = gr.Markdown(text("video.status.initial"), elem_id="video-status")
    ui.result = gr.Video(label=text("video.result"), interactive=False, autoplay=True, loop=True, height=320,
                         elem_id="video-result")
    with gr.Row(equal_height=False):
        ui.files = gr.File(label=text("video.files"), file_count="multiple", interactive=False, min_width=200,
                           elem_id="video-files")
        ui.webp = gr.Image(label=text("video.webp"), type="filepath", interactive=False, height=160, min_width=160,
                           elem_id="video-webp")
    with gr.Accordion(text("video.settings"), open=False):
        ui.settings = gr.JSON(label=text("video.settings"), elem_id="video-settings")


def _wire(ui: VideoTab, engine: dict) -> None:
    """Run checks the settings and the clip's header before the job queues (a refusal is a toast at
    once), then runs; Stop asks the run to end at its next iteration, keeping the frames done."""
    inputs = [ui.clip, ui.painting, ui.animation, *[ui.controls[name] for name in CONTROLS]]
    buttons = [ui.run_btn, ui.stop_btn]
    outputs = [getattr(ui, name) for name in OUTPUTS]
    # Raw payloads (preprocess=False): every value, slider or not, is checked by the engine's
    # parameters and this server's limits, whose messages name the field and what fits.
    run_event = ui.run_btn.click(check, inputs, None, preprocess=False, **CHECK).success(
        _busy, None, buttons, **INSTANT).then(
        stylize_video, inputs, outputs, api_name="stylize_video", api_description=API_DESCRIPTION,
        validator=validate, preprocess=False, show_progress="minimal", show_progress_on=[ui.status], **engine)
    run_event.then(_idle, None, buttons, **INSTANT)
    run_event.failure(_idle, None, buttons, **INSTANT)
    leave_queue = gr.Number(0, visible="hidden", elem_id="video-leave-queue")
    ui.stop_btn.click(_stop, None, [ui.stop_btn, leave_queue], **INSTANT)
    leave_queue.change(None, None, None, cancels=[run_event], **PRIVATE)
    ui.example_btn.click(example, None, [ui.clip, ui.painting, ui.animation, ui.result, ui.status], **INSTANT)


def _busy(request: gr.Request):
    runs.clear_stop(_key(request))
    return gr.update(interactive=False), gr.update(interactive=True)


def _idle():
    return gr.update(interactive=True), gr.update(interactive=False)


def _stop(request: gr.Request):
    key = _key(request)
    runs.request_stop(key)
    return gr.update(interactive=False), (gr.skip() if runs.is_running(key) else time.monotonic())


def _key(request) -> str | None:
    session = getattr(request, "session_hash", None)
    return f"{session}:video" if session else None


def example(request: gr.Request = None):
    """The example clip and painting, with their result made ahead (until Run)."""
    lang = i18n.language(request)
    made = EXAMPLE_RESULT.is_file()
    return (str(EXAMPLE_CLIP), str(EXAMPLE_PAINTING), None, str(EXAMPLE_RESULT) if made else gr.skip(),
            i18n.say(lang, "video.example_result") if made else gr.skip())


# Checks before the queue --------------------------------------------------------------------------

def _settings(values: dict[str, Any]):
    picture = {name: values[name] for name in ("size", "seconds") if values.get(name) is not None}
    clip = {name: values[name] for name in VIDEO_PARAMS if values.get(name) is not None}
    return clip_params(**picture), VideoParams().replace(**clip)


def _source(clip, animation) -> str:
    """The clip's file from a raw payload (Gradio has checked that its path is one of its uploads;
    a plain string, which could name any file on the server, is refused)."""
    source = animation if given(animation) else clip
    if not given(source):
        raise VideoError("upload.no_clip")
    if isinstance(source, dict) and isinstance(source.get("video"), dict):  # a video with its subtitles
        source = source["video"]
    if not isinstance(source, dict) or not source.get("path"):
        raise VideoError("upload.clip_not_a_file")
    return str(source["path"])


def _plan(clip, animation, values: dict[str, Any], idle: bool):
    params, video = _settings(values)
    source = _source(clip, animation)
    info = videoio.probe(source)
    video_policy.check(params, video, info, idle=idle)
    return params, video, source


def check(clip=None, painting=None, animation=None, size=None, seconds=None, fps=None, max_seconds=None,
          temporal_weight=None, frame_iterations=None, request: gr.Request = None) -> None:
    """The page's check before the job queues: a refusal is a toast in the visitor's language."""
    values = dict(size=size, seconds=seconds, fps=fps, max_seconds=max_seconds, temporal_weight=temporal_weight,
                  frame_iterations=frame_iterations)
    with for_people(i18n.language(request), "video check"):
        _plan(clip, animation, values, idle=runs.active() == 0)


def validate(clip=None, painting=None, animation=None, size=None, seconds=None, fps=None, max_seconds=None,
             temporal_weight=None, frame_iterations=None, request: gr.Request = None):
    """Gradio's validator for the API: the same check, its refusal shown on the clip, in the
    visitor's language."""
    values = dict(size=size, seconds=seconds, fps=fps, max_seconds=max_seconds, temporal_weight=temporal_weight,
                  frame_iterations=frame_iterations)
    try:
        _plan(clip, animation, values, idle=runs.active() == 0)
    except (StylerError, ValueError) as exc:
        return [gr.validate(False, explained(exc, i18n.language(request)))] + [None] * (2 + len(CONTROLS))
    return [None] * (3 + len(CONTROLS))


# The run ----------------------------------------------------------------------------------------

def stylize_video(clip, painting, animation=None, size=None, seconds=None, fps=VideoParams().fps,
                  max_seconds=VideoParams().max_seconds, temporal_weight=VideoParams().temporal_weight,
                  frame_iterations=VideoParams().frame_iterations, request: gr.Request = None):
    # (The docstring, the API page's and the MCP tool's description, is written when the page is
    # built, from this server's limits: `api_docstring`.)
    values = dict(size=video_policy.default_size() if size is None else size,
                  seconds=video_policy.default_seconds() if seconds is None else seconds, fps=fps,
                  max_seconds=max_seconds, temporal_weight=temporal_weight, frame_iterations=frame_iterations)
    lang = i18n.language(request)
    key = _key(request)
    with runs.session_running(key), for_people(lang, "video"):
        yield from (update.values() for update in _run(clip, painting, animation, values, key, lang))


def api_docstring() -> str:
    server = policy.server()
    lines = [API_DESCRIPTION, "", "Args:"]
    lines += [f"    {name}: {help_text}" for name, help_text in ARGS.items()]
    lines.append(f"    size: {PARAMS['size'].help} On this server: 64 to {server.max_clip_size} "
                 f"(default {video_policy.default_size()}).")
    lines.append(f"    seconds: the whole clip's time budget (0: exact iterations). On this server: up to "
                 f"{i18n.duration(server.max_seconds)} (default {video_policy.default_seconds():g} s).")
    for name, spec in VIDEO_PARAMS.items():
        top = server.max_clip_seconds if name == "max_seconds" else spec.maximum
        lines.append(f"    {name}: {spec.help} From {spec.minimum:g} to {top:g}.")
    lines += ["", "Returns:", "    The last frame, a status line, the MP4, the files (MP4 and animated WebP), the "
              "animated WebP and the settings used."]
    return "\n".join(lines)



def _run(clip, painting, animation, values, key, lang):
    params, video, source = _plan(clip, animation, values, idle=runs.active() == 0)
    style, _ = read_upload(painting, "style", params, "style")
    yield VideoUpdate(status=i18n.say(lang, "video.starting", size=params.size,
                                      budget=i18n.duration(params.seconds, lang) if params.seconds else "—"),
                      result=None, files=None, webp=None, settings=None)
    if runs.take_stop(key):
        yield VideoUpdate(status=i18n.say(lang, "stopped_before"))
        return
    folder = _folder()
    frames: list[Image.Image] = []
    last: VideoProgress | None = None
    due = Throttle(STATUS_EVERY)
    started = time.monotonic()
    stopped = False
    run = gpu.run_video_engine(source, style, params, video)
    try:
        with runs.engine_running():
            for item in run:
                if isinstance(item, gpu.RunFailed):
                    if not frames:
                        raise user_error(i18n.render(item.message, lang))
                    gr.Warning(i18n.render(item.message, lang))
                    break
                last = item
                for note in item.notes:
                    gr.Warning(i18n.render(note, lang))
                if item.finished_frame is not None:
                    frames.append(item.finished_frame)
                if item.done:
                    break
                over = not params.seconds and time.monotonic() - started > policy.hard_stop_seconds()
                if runs.take_stop(key) or over:
                    stopped = True
                    break
                if due.due(force=item.finished_frame is not None):
                    update = VideoUpdate(status=_status(item, lang))
                    if item.image is not None:
                        update.frame = _picture(folder, item.image)
                    yield update
    finally:
        run.close()
    if not frames:
        yield VideoUpdate(status=i18n.say(lang, "video.nothing"))
        return
    yield _finish(frames, last, source, params, video, folder, stopped, lang)


def _status(p: VideoProgress, lang: str) -> str:
    left = i18n.duration(p.eta, lang) if p.eta is not None else i18n.say(lang, "unknown_duration")
    return i18n.say(lang, "video.progress", frame=p.frame, frames=p.frames, left=left,
                    iteration=p.iteration, total=p.total, finished=p.finished,
                    elapsed=i18n.duration(p.elapsed, lang))


def _finish(frames, last: VideoProgress | None, source: str, params, video, folder: Path, stopped: bool, lang: str):
    fps = last.fps if last is not None else video.fps
    settings = {"style": params.to_dict(), "video": video.to_dict(), "fps": fps, "frames": len(frames)}
    mp4 = videoio.write_mp4(frames, fps, folder / "styled.mp4", audio_from=source, settings=settings)
    webp = videoio.write_webp(frames, fps, folder / "styled.webp")
    elapsed = i18n.duration(last.elapsed if last is not None else 0, lang)
    key = "video.stopped" if stopped else "video.done"
    status = i18n.say(lang, key, count=len(frames), fps=f"{fps:g}", elapsed=elapsed)
    return VideoUpdate(frame=_picture(folder, frames[-1]), status=status, result=str(mp4),
                       files=[str(mp4), str(webp)], webp=str(webp), settings=settings)


def _folder() -> Path:
    root = output_root()
    root.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_OUTPUTS_S
    for old in root.glob("video-*"):
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    path = root / f"video-{uuid.uuid4().hex}"
    path.mkdir()
    return path


def _picture(folder: Path, image: Image.Image) -> str:
    """A frame as a file of its own (copied into Gradio's cache whole, never half-written); the one
    before the last is deleted (sent, and so copied, two updates ago)."""
    shown = sorted(folder.glob("frame-*.jpg"))
    for old in shown[:-1]:
        old.unlink(missing_ok=True)
    path = folder / f"frame-{len(shown) and int(shown[-1].stem[6:]) + 1:06d}.jpg"
    image.save(path, quality=90)
    return str(path)


__all__ = ["OUTPUTS", "TAB_ID", "VideoUpdate", "api_docstring", "build_tab", "check", "example", "server_texts",
           "stylize_video", "validate"]
