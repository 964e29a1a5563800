"""Clips made in the tests with PyAV: textures moved by known shifts, with or without audio, and
the hostile files a visitor could send."""
from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import Sequence

import av
import cv2
import numpy as np
from PIL import Image


def texture(width: int, height: int, seed: int = 0) -> np.ndarray:
    """A smooth random colour texture (HxWx3 uint8): detail at every position, as flow needs."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 256, (max(2, height // 4), max(2, width // 4), 3)).astype(np.uint8)
    return cv2.resize(coarse, (width, height), interpolation=cv2.INTER_CUBIC)


def shifted_frames(count: int, size: tuple[int, int], step: tuple[int, int], seed: int = 0) -> list[np.ndarray]:
    """`count` views of a larger texture, each moved by `step` (dx, dy) pixels from the one before."""
    width, height = size
    margin = max(abs(step[0]), abs(step[1])) * count + 2
    big = texture(width + 2 * margin, height + 2 * margin, seed)
    return [big[margin + k * step[1]:margin + k * step[1] + height, margin + k * step[0]:margin + k * step[0] + width]
            for k in range(count)]


def write_clip(path: Path, frames: Sequence[np.ndarray], fps: float = 10, *, codec: str = "libx264",
               pix_fmt: str = "yuv420p", times: Sequence[float] | None = None, audio_seconds: float = 0.0,
               rotation: int = 0, container_format: str | None = None) -> Path:
    """Encode RGB frames (HxWx3 uint8) to `path`; `times` (seconds) for a variable frame rate;
    a tone of `audio_seconds` as AAC; `rotation` as display metadata."""
    height, width = frames[0].shape[:2]
    with av.open(str(path), "w", format=container_format) as out:
        stream = out.add_stream(codec, rate=Fraction(fps).limit_denominator(1000))
        stream.width, stream.height, stream.pix_fmt = width, height, pix_fmt
        if codec == "libx264":
            stream.options = {"preset": "ultrafast", "crf": "12"}
        stream.time_base = stream.codec_context.time_base = Fraction(1, 1000)  # exact time stamps
        if rotation:
            stream.set_display_rotation(rotation)
        sound = out.add_stream("aac", rate=22050) if audio_seconds else None  # every stream before the first packet
        for index, array in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(array), format="rgb24")
            seconds = times[index] if times is not None else index / fps
            frame.pts = round(seconds * 1000)
            frame.time_base = Fraction(1, 1000)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
        if sound is not None:
            _tone(out, audio_seconds, sound)
    return path


def _tone(out, seconds: float, stream) -> None:
    rate = stream.codec_context.sample_rate
    samples = int(seconds * rate)
    wave = (0.2 * np.sin(2 * np.pi * 440 * np.arange(samples) / rate)).astype(np.float32)
    step = 1024
    for start in range(0, samples, step):
        chunk = wave[start:start + step][None]
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(chunk), format="fltp", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def audio_only(path: Path, seconds: float = 1.0) -> Path:
    with av.open(str(path), "w", format="mp4") as out:
        _tone(out, seconds, out.add_stream("aac", rate=22050))
    return path


def declared_hours(path: Path, hours: float = 10.0) -> Path:
    """Two tiny frames, the second stamped `hours` later: a tiny file that says it lasts hours."""
    frame = texture(64, 64)
    return write_clip(path, [frame, frame], times=[0.0, hours * 3600])


def huge_frames(path: Path, side: int = 10_000) -> Path:
    """One grey frame of side x side pixels, PNG-compressed in a MOV: a small file."""
    with av.open(str(path), "w", format="mov") as out:
        stream = out.add_stream("png", rate=1)
        stream.width = stream.height = side
        stream.pix_fmt = "gray"
        frame = av.VideoFrame(side, side, "gray")
        frame.pts = 0
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def no_frames(path: Path) -> Path:
    """An MP4 with a video stream set up and no frame written."""
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        out.start_encoding()
    return path


def many_frames(path: Path, count: int = 4000, fps: int = 2000) -> Path:
    """`count` identical 32 px frames at `fps`: thousands of frames in a few kilobytes."""
    black = np.zeros((32, 32, 3), np.uint8)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width = stream.height = 32
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "ultrafast"}
        for index in range(count):
            frame = av.VideoFrame.from_ndarray(black, format="rgb24")
            frame.pts = index
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def garbage(path: Path, size: int = 5000) -> Path:
    path.write_bytes(np.random.default_rng(0).integers(0, 256, size, dtype=np.uint8).tobytes())
    return path


def truncated(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def image_renamed(path: Path, image: Path) -> Path:
    path.write_bytes(image.read_bytes())
    return path


def animated(path: Path, frames: Sequence[np.ndarray], ms: int = 100, format: str = "GIF") -> Path:
    pictures = [Image.fromarray(f) for f in frames]
    pictures[0].save(path, format=format, save_all=True, append_images=pictures[1:], duration=ms, loop=0)
    return path


def size_of(path: os.PathLike) -> int:
    return Path(path).stat().st_size
