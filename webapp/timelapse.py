"""An animated GIF of a run's previews, made with Pillow and kept small.

`FrameRecorder` keeps at most `max_frames` downscaled previews, evenly spread over the run
however long it is: when it is full it drops every other frame and then keeps only every
second new one, so memory stays bounded for a 10 000-iteration run.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image


class FrameRecorder:
    def __init__(self, max_frames: int = 40, max_side: int = 256):
        self.max_frames = max(2, max_frames)
        self.max_side = max_side
        self.frames: list[Image.Image] = []
        self._stride = 1
        self._seen = 0

    def add(self, image: Image.Image, *, final: bool = False) -> None:
        """Record a preview; the `final` image is always kept, as the last frame."""
        self._seen += 1
        if not final and (self._seen - 1) % self._stride:
            return
        frame = image.convert("RGB")
        frame.thumbnail((self.max_side, self.max_side), Image.Resampling.LANCZOS)
        self.frames.append(frame)
        if len(self.frames) > self.max_frames:
            last = self.frames[-1] if final else None
            self.frames = self.frames[::2]
            if last is not None and self.frames[-1] is not last:
                self.frames[-1] = last
            self._stride *= 2

    def __len__(self) -> int:
        return len(self.frames)

    def save_gif(self, path: str | Path, *, frame_ms: int = 120, hold_ms: int = 1500) -> Path | None:
        """Write the animation (looping; the last frame held for `hold_ms`); None if no frames."""
        if not self.frames:
            return None
        path = Path(path)
        size = self.frames[-1].size
        frames = [f if f.size == size else f.resize(size, Image.Resampling.LANCZOS) for f in self.frames]
        # One shared palette from the final image keeps the file small and the colours stable.
        palette = frames[-1].quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        indexed = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
        durations = [frame_ms] * (len(indexed) - 1) + [hold_ms]
        indexed[0].save(path, format="GIF", save_all=True, append_images=indexed[1:], duration=durations,
                        loop=0, optimize=True, disposal=1)
        return path
