"""stylize_video(): a clip repainted frame by frame without flicker (Ruder, Dosovitskiy & Brox,
"Artistic style transfer for videos", GCPR 2016), streamed as it forms.

    for p in stylize_video("clip.mp4", "painting.jpg", params, VideoParams(fps=10)):
        p.frame, p.frames, p.iteration, p.image, p.finished_frame, p.eta, p.done

The first frame gets the image path's full treatment (`styler.stylize` as is). Each later frame
starts from the previous result carried along the optical flow (styler.flow), where the flow is
reliable, and from the frame itself prepared as the image path prepares a start elsewhere; a
temporal term (styler.temporal) pulls it toward that carried result where the flow is reliable.
Closing the generator stops the work; the frames finished so far (each given once, as
`finished_frame`) form a shorter, valid clip. With a time budget (`params.seconds`) the whole
clip ends on time (styler.video_plan).

Also `python -m styler.video CLIP PAINTING -o OUT.mp4` (see `main`).
"""
from __future__ import annotations

import argparse
import contextlib
import math
import sys
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Iterator

import numpy as np
from PIL import Image

from . import accel, cli, color, flow, images, videoio
from .engine import read_input, stylize
from .errors import StylerError
from .messages import Message
from .params import PARAMS, Spec, SpecRecord, StyleParams
from .presets import DEFAULT_PRESET, PRESETS, preset
from .temporal import Temporal
from .video_plan import ClipPlan


def _p(default, spec: Spec):
    return field(default=default, metadata={"spec": spec})


@dataclass(frozen=True)
class VideoParams(SpecRecord):
    """A clip's own settings (the picture's are StyleParams). Invalid values raise InvalidParameter."""

    fps: float = _p(10.0, Spec(
        "Frames per second",
        "The clip is resampled to this rate (or keeps its own, if lower); each frame is repainted.",
        1.0, 30.0, step=1))
    max_seconds: float = _p(3.0, Spec(
        "Longest part (s)", "Only the clip's first this many seconds are repainted.", 0.2, 60.0, step=0.1))
    temporal_weight: float = _p(50.0, Spec(
        "Temporal weight",
        "How strongly each frame keeps the previous result, carried along the motion, where the motion "
        "is reliable (Ruder et al. 2016): higher flickers less; 0 repaints each frame on its own.",
        0.0, 1e6, advanced=True))
    frame_iterations: int = _p(40, Spec(
        "Iterations per later frame",
        "Frames after the first start from the previous result and need few iterations: at most this many "
        "(with a time budget), or exactly this many (without).",
        1, 1000, advanced=True, step=1))

    def __post_init__(self):
        self._check_fields()

    @property
    def frames(self) -> int:
        """The most frames a clip gives at these settings."""
        return max(1, math.ceil(self.fps * self.max_seconds - 1e-6))


VIDEO_PARAMS: dict[str, Spec] = {f.name: f.metadata["spec"] for f in fields(VideoParams)}
# A clip's picture settings: the preset's look, smaller and with a budget for the whole clip, so that
# a few seconds of video are done in about two minutes on a small CPU.
VIDEO_LOOK = dict(size=256, seconds=90)


def clip_params(preset_name: str = DEFAULT_PRESET, **changes) -> StyleParams:
    """The picture settings for a clip: the preset with VIDEO_LOOK, then `changes`."""
    return preset(preset_name, **{**VIDEO_LOOK, **changes})


@dataclass
class VideoProgress:
    """One step of a clip's run: an iteration of frame `frame` (1-based) of `frames`."""

    frame: int
    frames: int
    iteration: int  # of this frame
    total: int  # this frame's iterations, as far as known
    elapsed: float  # seconds since the clip's run began
    eta: float | None  # seconds until the last frame is done
    finished: int  # frames done, this one included when `finished_frame` is set
    fps: float
    image: Image.Image | None = None  # this frame's current picture, on preview iterations
    finished_frame: Image.Image | None = None  # the frame just finished (each frame once)
    losses: dict[str, float] = field(default_factory=dict)
    done: bool = False
    notes: list[Message] = field(default_factory=list)
    device: str = ""
    budget: float | None = None
    settings: dict[str, Any] = field(default_factory=dict)  # on the last item: what to store with the clip

    @property
    def fraction(self) -> float:
        """How much of the clip is done, 0..1, counting the current frame's iterations."""
        if self.done:
            return 1.0
        current = self.iteration / self.total if self.total else 0.0
        return min(1.0, (self.finished + (0 if self.finished_frame is not None else current)) / self.frames)


def stylize_video(clip: str | Path | videoio.Clip, style, params: StyleParams | None = None,
                  video: VideoParams | None = None, *, tuning: accel.Tuning = accel.DEFAULT_TUNING
                  ) -> Iterator[VideoProgress]:
    """Repaint `clip` (a path, or a Clip already read) in the style of `style` (an image or a path),
    streaming one VideoProgress per iteration. Raises StylerError subclasses for what a user can
    get wrong (VideoError for the clip)."""
    params = params or clip_params()
    video = video or VideoParams()
    start = time.perf_counter()
    if not isinstance(clip, videoio.Clip):
        clip = videoio.read_clip(clip, params.size, video.fps, video.max_seconds)
    painting = read_input(style, "style", params)  # read once: every frame's run takes it as it is
    frame_size = max(clip.size)
    plan = ClipPlan(len(clip.frames), params.seconds, start)
    common = dict(frames=len(clip.frames), fps=clip.fps, budget=params.seconds or None)
    settings = {"style": params.to_dict(), "video": video.to_dict(), "fps": clip.fps}
    palette = _palette(painting.image)
    previous_input = previous_result = None
    balanced = params  # later frames keep the alpha the first frame's balance settled on (no jump in look)
    for index, frame in enumerate(clip.frames):
        frame_start = time.perf_counter()
        budget = plan.frame_seconds(index, frame_start) if plan.budgeted else 0.0
        if index == 0:
            frame_params = params.replace(size=frame_size, seconds=budget)
            run = stylize(frame, painting, frame_params, tuning=tuning)
        else:
            frame_params = balanced.replace(size=frame_size, seconds=budget, scales=1,
                                            iterations=video.frame_iterations)
            link = flow.pair(previous_input, frame)
            carried = link.carry(previous_result)
            begin = _start(carried, _prepared(frame, palette, params), link.reliable)
            temporal = Temporal(carried, link.reliable, video.temporal_weight) if video.temporal_weight > 0 else None
            run = stylize(frame, painting, frame_params, init_image=begin, tuning=tuning, temporal=temporal)
        with contextlib.closing(run):
            for p in run:
                now = time.perf_counter()
                finished = index + 1 if p.done else index
                last = p.done and index == len(clip.frames) - 1
                if p.done:
                    plan.finished(now - frame_start)
                    previous_input, previous_result = frame, p.image
                    if index == 0:
                        balanced = params.replace(content_weight=p.content_weight or params.content_weight,
                                                  balance="fixed")
                notes = (clip.notes + p.notes) if index == 0 and p.iteration == 1 else []
                yield VideoProgress(
                    frame=index + 1, iteration=p.iteration, total=p.total, elapsed=now - start,
                    eta=0.0 if last else plan.eta(index, now, now - frame_start, p.eta),
                    finished=finished, image=p.image, finished_frame=p.image if p.done else None,
                    losses=p.losses, done=last, notes=notes, device=p.device,
                    settings={**settings, "frames": finished} if p.done else {}, **common)


def _palette(painting: Image.Image) -> Image.Image:
    """The painting, small: its colours are what a frame's start takes from it."""
    return images.resize(painting, images.fit_area(painting.size, 128 * 128, "style"))


def _prepared(frame: Image.Image, palette: Image.Image, params: StyleParams) -> np.ndarray:
    """A frame's start as the image path prepares one: recoloured to the painting's palette for
    the "matched" start, or the frame itself (later frames get too few iterations to paint a
    white-noise start, and a painting start would not be this frame)."""
    content = images.to_tensor(frame)
    if params.init == "matched":
        content = color.match_histogram(content, images.to_tensor(palette))
    return content.squeeze(0).permute(1, 2, 0).numpy()


def _start(carried: Image.Image, prepared: np.ndarray, reliable: np.ndarray) -> Image.Image:
    """The carried result where the flow is reliable, the prepared frame elsewhere."""
    mask = reliable[..., None]
    mixed = np.asarray(carried, dtype=np.float32) * mask + prepared * (1 - mask)
    return Image.fromarray(np.clip(mixed + 0.5, 0, 255).astype(np.uint8))


def collect(progress: Iterator[VideoProgress]) -> tuple[list[Image.Image], VideoProgress | None]:
    """Run a clip to the end (or until the iterator stops): its finished frames and last record."""
    frames, last = [], None
    for p in progress:
        if p.finished_frame is not None:
            frames.append(p.finished_frame)
        last = p
    return frames, last


# Command line ---------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m styler.video",
        description="Repaint a short clip in the style of a painting, frame by frame without flicker "
                    "(Gatys et al. 2016; Ruder et al. 2016).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("clip", help="the clip to repaint (MP4, WebM, MOV, animated GIF or WebP)")
    parser.add_argument("style", help="the painting")
    parser.add_argument("-o", "--output", default="stylized.mp4", help="where to write the MP4 result")
    parser.add_argument("--webp", metavar="PATH", help="also write an animated WebP here")
    parser.add_argument("--preset", choices=list(PRESETS), default=DEFAULT_PRESET,
                        help="start from these settings (with a clip's size and budget); other flags override them")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    clip_group = parser.add_argument_group("clip parameters")
    for name, spec in VIDEO_PARAMS.items():
        default = getattr(VideoParams(), name)
        bounds = f" [{spec.minimum:g} to {spec.maximum:g}]"
        clip_group.add_argument("--" + name.replace("_", "-"), dest=name, default=argparse.SUPPRESS,
                                metavar=type(default).__name__.upper(),
                                help=f"{spec.help}{bounds} (default: {default})".replace("%", "%%"))
    look = ", ".join(f"{k} {v}" for k, v in VIDEO_LOOK.items())
    cli.add_parameter_flags(parser, f"picture parameters (defaults: the chosen preset's, with {look}; "
                                    "--seconds is the whole clip's budget)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    picture = {name: getattr(args, name) for name in PARAMS if hasattr(args, name)}
    clip_settings = {name: getattr(args, name) for name in VIDEO_PARAMS if hasattr(args, name)}
    try:
        params = clip_params(args.preset, **picture)
        video = VideoParams().replace(**clip_settings)
        output = Path(args.output)
        for target in filter(None, (output, args.webp and Path(args.webp))):
            if target.parent and not target.parent.exists():
                raise StylerError("cli.no_folder", folder=str(target.parent))
        frames, fps, settings, stopped = _run(args.clip, args.style, params, video, args.quiet)
        if not frames:
            raise StylerError("run.nothing_finished")
        videoio.write_mp4(frames, fps, output, audio_from=args.clip, settings=settings)
        if args.webp:
            videoio.write_webp(frames, fps, args.webp)
    except StylerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"wrote {output} ({len(frames)} frames at {fps:g} fps, {frames[0].width}x{frames[0].height})"
              + (f" and {args.webp}" if args.webp else ""))
    return 130 if stopped else 0


def _run(clip, style, params, video, quiet: bool):
    """The finished frames (all, or those done before Ctrl+C), their rate, the settings, and
    whether the run was interrupted."""
    frames, fps, settings, stopped = [], video.fps, {}, False
    run = stylize_video(clip, style, params, video)
    try:
        for p in run:
            fps = p.fps
            for note in p.notes:
                print(f"note: {note}", file=sys.stderr)
            if p.finished_frame is not None:
                frames.append(p.finished_frame)
                settings = p.settings
            if not quiet:
                _print_progress(p)
    except KeyboardInterrupt:
        run.close()
        stopped = True
        print(f"\ninterrupted: keeping the {len(frames)} frames finished", file=sys.stderr)
    if not quiet:
        print(file=sys.stderr)
    return frames, fps, settings, stopped


def _print_progress(p: VideoProgress) -> None:
    eta = f", {p.eta:.0f} s left" if p.eta is not None else ""
    line = f"\rframe {p.frame} of {p.frames}, iteration {p.iteration}/{p.total}  {p.elapsed:.1f} s{eta} "
    if sys.stderr.isatty():
        print(line, end="", file=sys.stderr, flush=True)
    elif p.finished_frame is not None:
        print(line.strip(), file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
