"""A strength that means the same with every painting.

A fixed alpha/beta does not: a light, flat painting (the Great Wave's paper) meets its style
statistics with the photo barely changed, and a busy one (stained glass) pulls the photo apart.
With `balance="auto"` the strength sets how far the result may move from the photo instead, as
the relative change of the photo's own features at the content layers (|F - P| / |P|, what the
benchmarks call the content error). A coarse-to-fine run measures that change at the end of
each scale and corrects alpha for the next: more photo where it moved too far, more painting
where it hardly moved. The change is read from the content loss the run already computes, so the
correction costs no network pass.
"""
from __future__ import annotations

import math

from .params import StyleParams, ratio_for_strength

# How far the photo moves at the default strength (5), relative to its features. Chosen by eye on
# the example pairs: at 0.75 the astronaut's face and the cat under Auvers' houses were more painting
# than photo; much less and the flat paintings come back as a tint (README, Quality).
CHANGE_AT_DEFAULT = 0.70
# How the change grows with the strength: in a sweep of fixed alphas on seven hard pairs the mean
# content error went as (alpha/beta)^-0.45, so one step of the slider moves the target by the
# factor a step of alpha/beta moved the result on average.
CHANGE_EXPONENT = 0.45
LARGEST_CHANGE = 1.5  # past this the photo is gone whatever alpha is: stop asking for more
# alpha is corrected by (measured / target)^GAIN per scale, within MAX_FACTOR of the slider's.
GAIN = 1.5
MAX_FACTOR = 8.0


def target_change(params: StyleParams) -> float:
    """The relative change of the photo's features that this strength asks for."""
    ratio = params.content_weight / params.style_weight
    default = ratio_for_strength(5.0)
    return min(LARGEST_CHANGE, CHANGE_AT_DEFAULT * (ratio / default) ** -CHANGE_EXPONENT)


class Balance:
    """alpha for each scale of one run: the slider's at the first, then corrected from the change
    measured at the end of each scale (`observe`)."""

    def __init__(self, params: StyleParams):
        self.params = params
        self.active = (params.balance == "auto" and params.content_weight > 0 and params.style_weight > 0)
        self.target = target_change(params) if self.active else math.nan
        self.factor = 1.0

    @property
    def content_weight(self) -> float:
        return self.params.content_weight * self.factor

    def stage_params(self) -> StyleParams:
        """The run's settings with this scale's alpha."""
        return self.params if self.factor == 1.0 else self.params.replace(content_weight=self.content_weight)

    def observe(self, change: float) -> None:
        """Take the photo's relative change at the end of a scale; correct alpha for the next."""
        if not self.active or not math.isfinite(change) or change <= 0:
            return
        factor = self.factor * (change / self.target) ** GAIN
        self.factor = min(MAX_FACTOR, max(1.0 / MAX_FACTOR, factor))
