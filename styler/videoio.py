"""Reading and writing clips with PyAV (FFmpeg's libraries in a wheel) and Pillow.

`probe` reads a clip's header only and refuses what would be unsafe to decode (declared length,
frame rate, frame count and frame size are checked before a single frame is decoded); `read_clip`
then decodes the part that is used, resampled to a frame rate and resized to the output size on
the way (so a clip's frames are held at the output size only). Variable frame rates are resampled
by time stamps, rotation metadata is applied, any pixel format is converted to RGB. Animated GIF
and WebP files are read by Pillow (FFmpeg does not decode animated WebP).

`write_mp4` encodes H.264 (yuv420p, even sides) with the source's audio when it has one, and the
settings in the file's `comment` tag; `write_webp` an animated WebP for sharing.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Iterator, Sequence

import av
import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from . import images
from .errors import VideoError
from .messages import Message, clock, message

# What is refused before decoding, whatever the device: a clip's file says these in its header,
# and a hostile file says what it likes.
MAX_SOURCE_SECONDS = 600.0  # a longer clip is refused (only its first seconds would be used anyway)
MAX_SOURCE_FPS = 240.0  # above this, "frames" are a trick to make decoding endless
MAX_SOURCE_FRAMES = int(MAX_SOURCE_SECONDS * 60)
MAX_SOURCE_SIDE = 8192  # 8K video is 7680 px wide
MAX_SOURCE_PIXELS = 8192 * 4320
MAX_FILE_BYTES = 512 * 2**20
SETTINGS_KEY = "comment"  # the MP4 tag that carries the settings (as JSON)
END_TOLERANCE = 0.01  # seconds: time stamps rounded to milliseconds make a clip's end a little late
STILL_FORMATS = ("JPEG", "PNG", "BMP", "TIFF", "MPO", "AVIF")  # still images Pillow names


@dataclass(frozen=True)
class ClipInfo:
    """What a clip's header says: the length and rate are declared, not yet decoded."""

    width: int  # as displayed (after rotation)
    height: int
    seconds: float
    fps: float
    frames: int  # declared or estimated
    has_audio: bool
    rotation: int = 0  # degrees counter-clockwise applied to the decoded frames
    kind: str = "video"  # "video" (FFmpeg) or "animation" (GIF/WebP through Pillow)


@dataclass
class Clip:
    """A clip's frames at the output size and rate, ready to stylise."""

    frames: list[Image.Image]
    fps: float
    info: ClipInfo
    source: str | None = None  # the file, for its audio
    notes: list[Message] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return len(self.frames) / self.fps

    @property
    def size(self) -> tuple[int, int]:
        return self.frames[0].size


# Probing -------------------------------------------------------------------------------------

def probe(path: str | os.PathLike) -> ClipInfo:
    """The clip's header, checked: raises VideoError for anything unreadable or unsafe to decode."""
    path = _checked_path(path)
    animation = _animation(path)
    if animation is not None:
        return _probe_animation(animation, path)
    with _open(path) as container:
        return _probe_container(container, path)


def _checked_path(path) -> Path:
    if path is None:
        raise VideoError("clip.missing")
    path = Path(path)
    try:
        size = path.stat().st_size
    except (OSError, ValueError):
        raise VideoError("clip.not_found", name=path.name) from None
    if not path.is_file():
        raise VideoError("clip.not_regular", name=path.name)
    if size == 0:
        raise VideoError("clip.empty", name=path.name)
    if size > MAX_FILE_BYTES:
        raise VideoError("clip.file_too_large", name=path.name, size=f"{size / 2**20:.0f}",
                         limit=MAX_FILE_BYTES // 2**20)
    return path


def _animation(path: Path) -> Image.Image | None:
    """A Pillow image when the file is an image: an animation to read, or a still to refuse."""
    try:
        Image.init()
        image = Image.open(path, formats=[f for f in ("GIF", "WEBP", *STILL_FORMATS) if f in Image.OPEN])
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    if image.format in STILL_FORMATS or getattr(image, "n_frames", 1) < 2:
        kind = image.format
        image.close()
        raise VideoError("clip.still", name=path.name, kind=kind)
    return image


def _probe_animation(image: Image.Image, path: Path) -> ClipInfo:
    with image:
        frames = image.n_frames
        if frames > MAX_SOURCE_FRAMES:
            raise VideoError("clip.too_many_frames", name=path.name, frames=frames, limit=MAX_SOURCE_FRAMES)
        _check_size(image.width, image.height, path)
        seconds = sum(_frame_ms(f) for f in ImageSequence.Iterator(image)) / 1000
    seconds = seconds or frames / 10  # an animation without timing: browsers show 10 frames a second
    _check_length(seconds, frames, path)
    return ClipInfo(image.width, image.height, seconds, frames / seconds, frames, False, kind="animation")


def _frame_ms(frame: Image.Image) -> float:
    if "duration" not in frame.info:
        frame.load()  # WebP tells a frame's duration once the frame is decoded
    duration = frame.info.get("duration") or 0
    return float(duration) if duration >= 10 else 100.0  # browsers show faster frames at 10 a second


def _open(path: Path):
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.FFmpegError:
        raise VideoError("clip.unreadable", name=path.name) from None


def _probe_container(container, path: Path) -> ClipInfo:
    if not container.streams.video:
        raise VideoError("clip.only_audio" if container.streams.audio else "clip.no_video", name=path.name)
    stream = container.streams.video[0]
    context = stream.codec_context
    width, height = context.width, context.height
    if not width or not height:
        raise VideoError("clip.no_frame_size", name=path.name)
    _check_size(width, height, path)
    seconds = _declared_seconds(container, stream)
    rate = stream.average_rate or stream.guessed_rate or stream.base_rate
    fps = float(rate) if rate else 0.0
    frames = stream.frames or (round(seconds * fps) if seconds and fps else 0)
    if seconds and frames and not fps:
        fps = frames / seconds
    _check_length(seconds, frames, path)
    rotation = _first_frame_rotation(container, stream, path)
    if rotation in (90, -90):
        width, height = height, width
    return ClipInfo(width, height, seconds, fps, frames, bool(container.streams.audio), rotation)


def _declared_seconds(container, stream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return 0.0


def _first_frame_rotation(container, stream, path: Path) -> int:
    """Decode the first frame (proof that the clip decodes at all) and read its display rotation."""
    try:
        for frame in container.decode(stream):
            return _quarter(frame.rotation or 0)
    except av.FFmpegError:
        pass
    raise VideoError("clip.no_decodable_frame", name=path.name)


def _quarter(angle: float) -> int:
    quarter = round(angle / 90) % 4
    return (0, 90, 180, -90)[quarter]


def _check_size(width: int, height: int, path: Path) -> None:
    if max(width, height) > MAX_SOURCE_SIDE or width * height > MAX_SOURCE_PIXELS:
        raise VideoError("clip.frames_too_large", name=path.name, size=f"{width}x{height}", limit=MAX_SOURCE_SIDE)
    if min(width, height) < images.MIN_SIDE:
        raise VideoError("clip.frames_too_small", name=path.name, size=f"{width}x{height}", least=images.MIN_SIDE)


def _check_length(seconds: float, frames: int, path: Path) -> None:
    if seconds > MAX_SOURCE_SECONDS:
        raise VideoError("clip.too_long", name=path.name, length=clock(seconds), limit=clock(MAX_SOURCE_SECONDS))
    if frames > MAX_SOURCE_FRAMES or (seconds > 0 and frames / seconds > MAX_SOURCE_FPS):
        raise VideoError("clip.too_fast", name=path.name, frames=frames, seconds=f"{seconds:.3g}",
                         fps=f"{MAX_SOURCE_FPS:g}", limit=MAX_SOURCE_FRAMES)


# Decoding ------------------------------------------------------------------------------------

def output_size(source: tuple[int, int], long_side: int) -> tuple[int, int]:
    """The output frame size: the source's aspect at `long_side`, both sides even (H.264 wants them)."""
    width, height = images.fit_long_side(source, long_side, "clip")
    return max(2, width // 2 * 2), max(2, height // 2 * 2)


def read_clip(path: str | os.PathLike, long_side: int, fps: float, max_seconds: float) -> Clip:
    """The first `max_seconds` of the clip at `path`, at `fps` frames a second (or the source's own
    rate if lower), each frame resized to `long_side`. Raises VideoError for anything unusable."""
    path = _checked_path(path)
    info = probe(path)
    rate = min(fps, info.fps) if info.fps > 0 else fps
    size = output_size((info.width, info.height), long_side)
    times = _SampleTimes(rate, max_seconds)
    try:
        if info.kind == "animation":
            frames = _resample(_animation_frames(path), times, size, info, path)
        else:
            with _open(path) as container:
                frames = _resample(_video_frames(container, info), times, size, info, path)
    except (av.FFmpegError, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, VideoError):
            raise
        raise VideoError("clip.corrupt", name=path.name) from None
    if not frames:
        raise VideoError("clip.no_frames", name=path.name)
    notes = []
    if info.seconds > max_seconds + 1e-3:
        notes.append(message("clip.first_seconds", used=f"{max_seconds:g}", length=f"{info.seconds:.1f}"))
    if rate < fps - 1e-6:
        notes.append(message("clip.rate_kept", rate=f"{rate:.3g}"))
    return Clip(frames, rate, info, str(path), notes)


@dataclass
class _SampleTimes:
    """The output's frame times, k / fps, up to `max_seconds`."""

    fps: float
    max_seconds: float

    @property
    def count(self) -> int:
        return max(1, math.ceil(self.max_seconds * self.fps - 1e-6))

    def at(self, k: int) -> float:
        return k / self.fps


def _resample(decoded: Iterator[tuple[float, object]], times: _SampleTimes, size, info: ClipInfo,
              path: Path) -> list[Image.Image]:
    """Each output time takes the latest source frame shown at that time (variable frame rates
    included: the source's time stamps decide, not its nominal rate)."""
    frames: list[Image.Image] = []
    previous, previous_image, origin, last_time, seen = None, None, None, 0.0, 0
    limit = times.count * 8 + int(MAX_SOURCE_FPS * times.max_seconds) + 16  # beyond this, a file lies

    def picture(frame):
        nonlocal previous_image
        if previous_image is None:
            previous_image = _to_picture(frame, size, info.rotation)
        return previous_image

    for time, frame in decoded:
        seen += 1
        if seen > limit:
            raise VideoError("clip.more_frames_than_said", name=path.name)
        origin = time if origin is None else origin
        time = max(time - origin, last_time)  # time stamps that go back are taken as "now"
        while len(frames) < times.count and times.at(len(frames)) + 1e-4 < time:
            frames.append(picture(previous if previous is not None else frame))
        if len(frames) >= times.count:
            break
        if previous is None or frame is not previous:
            previous, previous_image = frame, None
        last_time = time
    if previous is not None:
        end = min(times.max_seconds, _end_time(info, last_time))
        while len(frames) < times.count and times.at(len(frames)) < end - END_TOLERANCE:
            frames.append(picture(previous))
        if not frames:
            frames.append(picture(previous))
    return frames


def _end_time(info: ClipInfo, last_time: float) -> float:
    """When the last frame stops showing: the declared length, or one frame after its time."""
    step = 1 / info.fps if info.fps > 0 else 0.1
    return max(info.seconds, last_time + step) if info.seconds <= last_time + 10 * step else last_time + step


def _video_frames(container, info: ClipInfo) -> Iterator[tuple[float, av.VideoFrame]]:
    stream = container.streams.video[0]
    stream.thread_type = "AUTO"
    step = 1 / info.fps if info.fps > 0 else 1 / 25
    for index, frame in enumerate(container.decode(stream)):
        yield (frame.time if frame.time is not None else index * step), frame


def _animation_frames(path: Path) -> Iterator[tuple[float, Image.Image]]:
    with Image.open(path, formats=("GIF", "WEBP")) as image:
        time = 0.0
        for frame in ImageSequence.Iterator(image):
            ms = _frame_ms(frame)
            yield time, frame.convert("RGB")
            time += ms / 1000


def _to_picture(frame, size: tuple[int, int], rotation: int) -> Image.Image:
    """A decoded frame (PyAV or Pillow) as an RGB picture of `size`, upright."""
    width, height = size
    stored = (height, width) if rotation in (90, -90) else (width, height)
    if isinstance(frame, Image.Image):
        picture = images.resize(frame.convert("RGB"), stored)
    else:  # swscale converts any pixel format and resizes in one pass
        picture = frame.reformat(width=stored[0], height=stored[1], format="rgb24",
                                 interpolation="AREA").to_image()
    if rotation == 90:
        return picture.transpose(Image.Transpose.ROTATE_90)
    if rotation == -90:
        return picture.transpose(Image.Transpose.ROTATE_270)
    if rotation == 180:
        return picture.transpose(Image.Transpose.ROTATE_180)
    return picture


# Encoding ------------------------------------------------------------------------------------

def write_mp4(frames: Sequence[Image.Image], fps: float, path: str | os.PathLike, *,
              audio_from: str | None = None, settings: dict | None = None, crf: int = 18) -> Path:
    """H.264 MP4 (yuv420p, plays everywhere), with `audio_from`'s audio (its first seconds, as long
    as the frames) when it has any, and `settings` as JSON in the `comment` tag."""
    if not frames:
        raise VideoError("clip.nothing_to_write")
    path = Path(path)
    width, height = frames[0].size
    width, height = width // 2 * 2, height // 2 * 2
    rate = Fraction(fps).limit_denominator(1001)
    with av.open(str(path), "w", format="mp4") as out:
        if settings is not None:
            out.metadata[SETTINGS_KEY] = json.dumps(settings, sort_keys=True)
        video = out.add_stream("libx264", rate=rate)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"crf": str(crf), "preset": "medium"}
        video.time_base = 1 / rate
        audio = _audio_source(audio_from)
        audio_out = None
        if audio is not None:
            audio_out = out.add_stream("aac", rate=audio[1].codec_context.sample_rate or 44100)
        for index, picture in enumerate(frames):
            frame = av.VideoFrame.from_image(_even(picture.convert("RGB"), width, height))
            frame.pts = index
            frame.time_base = video.time_base
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if audio is not None:
            container, stream = audio
            with container:
                _copy_audio(container, stream, audio_out, out, len(frames) / fps)
    return path


def _even(picture: Image.Image, width: int, height: int) -> Image.Image:
    return picture if picture.size == (width, height) else picture.crop((0, 0, width, height))


def _audio_source(path: str | None):
    """(container, audio stream) of `path`, or None when it has no audio that FFmpeg reads."""
    if not path:
        return None
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.FFmpegError:
        return None
    if not container.streams.audio:
        container.close()
        return None
    return container, container.streams.audio[0]


def _copy_audio(container, stream, out_stream, out, seconds: float) -> None:
    """Re-encode the source's audio as AAC (what MP4 players expect), cut at `seconds`."""
    rate = out_stream.codec_context.sample_rate
    resampler = av.AudioResampler(format="fltp", layout="stereo" if stream.channels != 1 else "mono", rate=rate)
    origin, written = None, 0
    limit = int(seconds * rate)
    try:
        for frame in container.decode(stream):
            time = frame.time or 0.0
            origin = time if origin is None else origin
            if time - origin >= seconds:
                break
            for chunk in resampler.resample(frame):
                if written >= limit:
                    break
                keep = min(chunk.samples, limit - written)
                if keep < chunk.samples:
                    chunk = _cut(chunk, keep, rate)
                chunk.pts = written
                chunk.time_base = Fraction(1, rate)
                written += chunk.samples
                out.mux(out_stream.encode(chunk))
    except av.FFmpegError:
        pass  # a damaged audio track ends where it breaks; the picture is what was asked for
    out.mux(out_stream.encode(None))


def _cut(chunk, keep: int, rate: int):
    array = chunk.to_ndarray()[:, :keep]
    cut = av.AudioFrame.from_ndarray(np.ascontiguousarray(array), format=chunk.format.name, layout=chunk.layout.name)
    cut.sample_rate = rate
    return cut


def write_webp(frames: Sequence[Image.Image], fps: float, path: str | os.PathLike, quality: int = 80) -> Path:
    """An animated WebP that loops (for sharing where video does not play)."""
    if not frames:
        raise VideoError("clip.nothing_to_write")
    path = Path(path)
    first, *rest = [f.convert("RGB") for f in frames]
    first.save(path, format="WEBP", save_all=True, append_images=rest, duration=round(1000 / fps), loop=0,
               quality=quality, method=4)
    return path


def read_settings(path: str | os.PathLike) -> dict | None:
    """The settings an MP4 written by `write_mp4` carries, or None."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            text = container.metadata.get(SETTINGS_KEY)
    except av.FFmpegError:
        return None
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def frames_of(path: str | os.PathLike) -> tuple[list[Image.Image], float]:
    """Every frame of a clip and its frame rate, unresampled (for checks and benchmarks)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [frame.to_image() for frame in container.decode(stream)]
        rate = float(stream.average_rate or stream.guessed_rate or 0)
    return frames, rate

