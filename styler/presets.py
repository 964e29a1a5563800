"""Named settings a person can pick with one click (UI) or `--preset` (CLI).

Each preset is a set of changes to `StyleParams`' defaults (which are the paper's settings).
"""
from __future__ import annotations

from .errors import InvalidParameter
from .params import StyleParams

PRESETS: dict[str, dict] = {
    # What a first-time visitor gets: a clearly stylised picture within a minute or two on a CPU.
    # Starting from the photo converges in far fewer iterations than from noise; since the
    # paper's content loss is a sum over positions, a larger output needs a smaller alpha/beta.
    "Recommended": dict(size=320, iterations=150, init="content", content_weight=1e-7, tv_weight=2.0,
                        preview_every=5),
    "Fast preview": dict(size=192, iterations=60, init="content", content_weight=2e-7, tv_weight=2.0,
                         preview_every=3),
    # Coarse-to-fine: at 1024 px it took 0.39x the time of one scale for a lower combined error.
    "High quality": dict(size=768, iterations=400, init="content", content_weight=2e-8, tv_weight=2.0,
                         preview_every=10, scales=3),
    # Gatys, Ecker & Bethge 2016, Fig. 3: 512 px, white noise, alpha/beta = 1e-3, conv4_2, conv1_1..conv5_1.
    "Paper (Fig. 3)": {},
}
DEFAULT_PRESET = "Recommended"


def preset(name: str, **changes) -> StyleParams:
    """The preset's StyleParams, with any further `changes` applied.

    A preset's alpha is tuned for its own size. The content loss is a sum over positions, so when
    `changes` pick another size but no content weight, alpha is scaled by the ratio of pixel
    counts: the result keeps the preset's look at any size.
    """
    if name not in PRESETS:
        raise InvalidParameter("preset", f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    base = StyleParams().replace(**PRESETS[name])
    if "size" in changes and "content_weight" not in changes:
        size = StyleParams().replace(size=changes["size"]).size  # validated first
        changes = {**changes, "content_weight": base.content_weight * (base.size / size) ** 2}
    return base.replace(**changes)
