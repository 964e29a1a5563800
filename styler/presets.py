"""Named settings a person can pick with one click (UI) or `--preset` (CLI).

Each preset is a set of changes to `StyleParams`' defaults (the default look, "Recommended").
Losses are means (the reference normalisation), so a preset's alpha/beta gives the same look at
every output size: changing the size changes nothing else.
"""
from __future__ import annotations

from .errors import InvalidParameter
from .params import StyleParams

# The paper's settings, which StyleParams' defaults (the default look) change: Gatys, Ecker &
# Bethge 2016, Fig. 3: 512 px, white noise, alpha/beta = 1e-3, conv4_2 and conv1_1..conv5_1,
# 500 iterations exactly (no budget: reproducible), one scale, Gram statistics alone, on pixels.
PAPER = dict(size=512, seconds=0.0, iterations=500, content_weight=1.0, init="noise", scales=1, scale_step=2.0,
             preview_every=10, neighbour_weight=0.0, balance="fixed", pyramid_levels=0)

# The everyday presets end on time (a budget, planned from this machine's pace); their iteration
# counts are the most they take, where a fast GPU would reach them long before the deadline.
PRESETS: dict[str, dict] = {
    "Recommended": {},  # StyleParams() itself: 384 px in 30 s
    "Fast preview": dict(size=256, seconds=15, iterations=120, scales=3, preview_every=3),
    "High quality": dict(size=768, seconds=120, iterations=600, scales=6, preview_every=10),
    "Paper (Fig. 3)": PAPER,
}
DEFAULT_PRESET = "Recommended"


def preset(name: str, **changes) -> StyleParams:
    """The preset's StyleParams, with any further `changes` applied."""
    if name not in PRESETS:
        raise InvalidParameter("preset", "param.unknown_preset", value=repr(name), choices=", ".join(PRESETS))
    return StyleParams().replace(**PRESETS[name]).replace(**changes)
