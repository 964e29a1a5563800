"""How a clip's time budget is spent: the first frame's share, then an even split of what is left.

The first frame is painted from scratch (the image path's full treatment), every later one from
the previous result warped, which needs far fewer iterations. So the first frame gets the time of
`FIRST_FRAME_WEIGHT` later frames (within a share of the budget between `MIN_FIRST_SHARE` and
`MAX_FIRST_SHARE`); after each frame, the time left (less a reserve for encoding) is split evenly
over the frames left, so a frame that ran long or short is made up for by the next ones. Each
frame's own `stylize` run then plans its iterations in its share from the pace it measures.
"""
from __future__ import annotations

from dataclasses import dataclass, field

FIRST_FRAME_WEIGHT = 5.0  # the first frame's time, in later frames' times
MIN_FIRST_SHARE = 0.15
MAX_FIRST_SHARE = 0.5
ENCODE_RESERVE = 0.02  # of the budget, kept for writing the clip after the last frame
MIN_FRAME_SECONDS = 0.05  # a frame's budget never goes below this (the frame still takes an iteration)


@dataclass
class ClipPlan:
    """Seconds per frame for a clip of `frames` frames within `seconds` from `start` (0: no budget)."""

    frames: int
    seconds: float
    start: float
    frame_times: list[float] = field(default_factory=list)  # measured, per finished frame

    @property
    def budgeted(self) -> bool:
        return self.seconds > 0

    @property
    def deadline(self) -> float:
        return self.start + self.seconds * (1 - ENCODE_RESERVE)

    def first_frame_seconds(self, now: float) -> float:
        share = FIRST_FRAME_WEIGHT / (FIRST_FRAME_WEIGHT + self.frames - 1)
        share = min(MAX_FIRST_SHARE, max(MIN_FIRST_SHARE, share)) if self.frames > 1 else 1.0
        return max(MIN_FRAME_SECONDS, (self.deadline - now) * share if self.frames > 1 else self.deadline - now)

    def frame_seconds(self, index: int, now: float) -> float:
        """The budget of frame `index` (0-based), starting `now`."""
        if index == 0:
            return self.first_frame_seconds(now)
        left = self.frames - index
        return max(MIN_FRAME_SECONDS, (self.deadline - now) / left)

    def finished(self, seconds: float) -> None:
        self.frame_times.append(seconds)

    def eta(self, index: int, now: float, frame_elapsed: float, frame_eta: float | None) -> float | None:
        """Seconds until the clip's last frame is done, while frame `index` has run `frame_elapsed`:
        from the pace measured so far, and never before the budget's end (a budget is planned to be
        filled)."""
        paced = self._paced(index, frame_elapsed, frame_eta)
        if self.budgeted:
            return max(0.0, self.deadline - now, paced or 0.0)
        return paced

    def _paced(self, index: int, frame_elapsed: float, frame_eta: float | None) -> float | None:
        left = self.frames - index - 1
        later = self.frame_times[1:]
        if later:
            each = sum(later) / len(later)
        elif self.frame_times:
            each = self.frame_times[0] / FIRST_FRAME_WEIGHT
        elif frame_eta is not None:
            each = (frame_elapsed + frame_eta) / FIRST_FRAME_WEIGHT
        else:
            return None
        current = frame_eta if frame_eta is not None else max(0.0, each - frame_elapsed)
        return current + left * each
