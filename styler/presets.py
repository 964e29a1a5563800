"""Named settings a person can pick with one click (UI) or `--preset` (CLI).

Each preset is a set of changes to `StyleParams`' defaults (which are the paper's settings).
Losses are means (the reference normalisation), so a preset's alpha/beta gives the same look at
every output size: changing the size changes nothing else.
"""
from __future__ import annotations

from .errors import InvalidParameter
from .params import StyleParams

# The default look, chosen by benchmarks/candidates.py (the README's "Quality" section has the
# tables and the commands): the paper's Gram statistic and L-BFGS, started from the photo
# recoloured to the painting's palette, coarse to fine from a quarter of the size in steps of
# sqrt(2), at alpha/beta = 7e-6. Gram beat the W2 and sliced statistics at equal time on every pair;
# coarse to fine gives painting-sized strokes and a first picture within seconds.
LOOK = dict(init="matched", content_weight=7e-3, scales=5, scale_step=1.41)

# The everyday presets end on time (a budget, planned from this machine's pace); their iteration
# counts are the most they take, where a fast GPU would reach them long before the deadline.
PRESETS: dict[str, dict] = {
    "Recommended": dict(LOOK, size=384, seconds=30, iterations=300, preview_every=5),
    "Fast preview": dict(LOOK, size=256, seconds=15, iterations=120, scales=3, preview_every=3),
    "High quality": dict(LOOK, size=768, seconds=120, iterations=600, scales=6, preview_every=10),
    # Gatys, Ecker & Bethge 2016, Fig. 3: 512 px, white noise, alpha/beta = 1e-3, conv4_2, conv1_1..conv5_1,
    # 500 iterations exactly (no budget: reproducible).
    "Paper (Fig. 3)": {},
}
DEFAULT_PRESET = "Recommended"


def preset(name: str, **changes) -> StyleParams:
    """The preset's StyleParams, with any further `changes` applied."""
    if name not in PRESETS:
        raise InvalidParameter("preset", f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    return StyleParams().replace(**PRESETS[name]).replace(**changes)
