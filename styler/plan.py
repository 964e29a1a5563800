"""How many iterations each scale of a run gets: a fixed count, or as many as a time budget allows.

A coarse-to-fine run (`engine.stages`) optimises at a few sizes, smallest first. Without a
budget, each scale gets its share of `params.iterations` and the run is exactly reproducible.
With a budget (`params.seconds`), `BudgetPlan` keeps the same split (equal iterations per scale)
and chooses the count from the pace measured as the run goes: after every iteration it solves
for the count that fills the time left, so the run ends on time on any machine, without a
calibration. The iteration counts then remain the most each scale may take.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FixedPlan:
    """Each scale takes exactly its count of iterations."""

    counts: list[int]

    def start_stage(self, index: int, now: float) -> bool:
        return True

    def ready(self, now: float) -> None:
        pass

    def stage_over(self, index: int, done_in_stage: int, now: float) -> bool:
        return done_in_stage >= self.counts[index]

    def total(self, index: int, done_in_stage: int, now: float) -> int:
        return sum(self.counts)


# The final item evaluates the losses of the image it returns (one forward pass, about a third of
# an iteration) and converts it to a picture: time kept free before the deadline.
FINAL_RESERVE = 0.4  # of an iteration at the last scale


@dataclass
class BudgetPlan:
    """The same number of iterations at every scale (as a fixed plan splits them), that number
    chosen so that the run ends at `start + seconds`: re-planned after every iteration from the
    pace measured so far. A scale's cost is taken to grow with its pixels; `counts` cap each
    scale's iterations."""

    pixels: list[int]
    counts: list[int]
    start: float
    seconds: float
    stage_start: float = 0.0
    iterations_start: float = 0.0  # when the scale's targets were ready and its iterations began
    per_pixel: float | None = None  # seconds per iteration per pixel, last measured
    # Setting a scale up (its targets: forward passes of the photo and the paintings) costs about
    # this many of its iterations; measured from the second scale on (the first one's set-up
    # includes one-time costs: reading the images, loading the network).
    setup_iterations: float = 1.0
    finished: int = 0  # iterations done in scales before the current one

    @property
    def deadline(self) -> float:
        return self.start + self.seconds

    def _iterations_each(self, index: int, done_in_stage: int, now: float) -> float:
        """How many iterations every scale from `index` on can take, this scale having done
        `done_in_stage` of them by `now`."""
        later = self.pixels[index + 1:]
        left = self.deadline - now - FINAL_RESERVE * self.per_pixel * self.pixels[-1]
        left -= self.setup_iterations * self.per_pixel * sum(later)
        return (left / self.per_pixel + done_in_stage * self.pixels[index]) / sum(self.pixels[index:])

    def start_stage(self, index: int, now: float) -> bool:
        """Begin scale `index`; False when the budget left cannot afford one iteration of each
        scale from here (a coarse scale is then skipped: the next starts from the one before)."""
        self.stage_start = now
        if self.per_pixel is not None and index < len(self.pixels) - 1:
            setup = self.setup_iterations * self.per_pixel * self.pixels[index]
            if self._iterations_each(index, 0, now + setup) < 1:
                return False
        return True

    def ready(self, now: float) -> None:
        """The scale's set-up (its targets) is done; its iterations start now."""
        self.iterations_start = now

    def stage_over(self, index: int, done_in_stage: int, now: float) -> bool:
        """After `done_in_stage` iterations at scale `index`, taken by `now`: end the scale?

        A scale ends when it has done the planned number, rounded to the nearest: so the last
        one ends within half an iteration of the deadline, before or after it."""
        self.per_pixel = (now - self.iterations_start) / done_in_stage / self.pixels[index]
        if index > 0 and done_in_stage == 1:
            self.setup_iterations = (self.iterations_start - self.stage_start) / (now - self.iterations_start)
        over = (done_in_stage >= self.counts[index]
                or done_in_stage >= round(self._iterations_each(index, done_in_stage, now)))
        if over:
            self.finished += done_in_stage
        return over

    def total(self, index: int, done_in_stage: int, now: float) -> int:
        """Iterations the run is expected to take, as far as the pace so far tells."""
        if self.per_pixel is None:
            return self.finished + done_in_stage
        each = max(0.0, self._iterations_each(index, done_in_stage, now))
        planned = [min(count, round(each)) for count in self.counts[index:]]
        planned[0] = max(planned[0], done_in_stage)
        return self.finished + sum(planned)
