"""Results that remember how they were made: parameters in the PNG's text metadata.

A PNG saved here carries every `StyleParams` field as JSON under the key "styler", so the
result can be re-created (`read_params`) by the app, the API or the CLI.
"""
from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, PngImagePlugin

from .params import StyleParams

KEY = "styler"
SOFTWARE = "styler (Gatys et al. 2016 neural style transfer)"


def png_info(params: StyleParams, **extra) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text(KEY, json.dumps({"params": params.to_dict(), **extra}, sort_keys=True))
    info.add_text("Software", SOFTWARE)
    return info


def save_png(image: Image.Image, path: str | Path, params: StyleParams, **extra) -> Path:
    """Write `image` as PNG with `params` (and any `extra` JSON-able facts) in its text chunks."""
    path = Path(path)
    image.save(path, format="PNG", pnginfo=png_info(params, **extra))
    return path


def read_params(source) -> StyleParams | None:
    """The parameters stored in a PNG written by `save_png`, or None if it holds none.

    Raises InvalidParameter if the stored values are not valid parameters.
    """
    image = source if isinstance(source, Image.Image) else Image.open(source)
    text = getattr(image, "text", None) or image.info
    raw = text.get(KEY) if text else None
    if not raw:
        return None
    try:
        values = json.loads(raw)["params"]
    except (ValueError, KeyError, TypeError):
        return None
    known = {k: v for k, v in values.items() if k in StyleParams.__dataclass_fields__}
    # Results made before the loss normalisation was a setting used the paper's printed sums.
    known.setdefault("loss_scale", "paper")
    # Results made before the painting's elements were a setting had none of them.
    known.setdefault("neighbour_weight", 0.0)
    return StyleParams.from_dict(known)
