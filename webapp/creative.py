"""Creative control, app side: a second style (blended or placed by region), a painted region
mask, and continuing a run from an image (the last result, or any upload).

The engine does the work (`styler.stylize(..., init_image=, mask=)`, a list of styles blended by
`style_blend`); this module turns the UI's values into its inputs: PIL images only, no tensors.

- `engine_inputs` reads the optional API/Run inputs (style2, mask, init_image), each once at the
  size the run needs, into what `gpu.run_engine` takes: the style (one checked image or a list of
  two) and keyword extras.
- `blend_text` is the blend slider's view of the `style_blend` field ("1-w,w").
- `mask_from_editor` turns an ImageEditor's painted layers into a grey mask (white = painted).
- `result_as_content` moves the current result to the content input (Keep going, which runs again
  from it, is runner.keep_going).
"""
from __future__ import annotations

from typing import Any

import gradio as gr
import numpy as np
from PIL import Image

from styler import CheckedImage, StyleParams

from . import i18n
from .uploads import given, read_upload


def engine_inputs(style_img: CheckedImage, style2: Any, mask: Any, init_image: Any,
                  params: StyleParams) -> tuple[Any, dict]:
    """(style for the engine, keyword extras for gpu.run_engine), from raw payloads, each read once
    as the run with `params` needs it.

    Only inputs that were given appear in the extras, so `run_engine(content, style, params)`
    stays the plain call without them.
    """
    style: Any = style_img
    extras: dict[str, CheckedImage] = {}
    if given(style2):
        style = [style_img, read_upload(style2, "second style", params, "style")[0]]
    if given(mask):
        extras["mask"] = read_upload(mask, "mask", params, "mask")[0]
    if given(init_image):
        extras["init_image"] = read_upload(init_image, "start", params, "init")[0]
    return style, extras


def blend_text(weight: float | None, style2: Any) -> str:
    """The `style_blend` field for the blend slider: "1-w,w" with a second style, else "" (one style)."""
    if not given(style2) or weight is None:
        return ""
    w = min(1.0, max(0.0, float(weight)))
    return f"{round(1 - w, 4):g},{round(w, 4):g}"


def mask_from_editor(value: Any) -> Image.Image | None:
    """A grey mask (mode "L", white where painted, soft at the brush's edges) from an ImageEditor
    value (type="pil": a dict with "background", "layers", "composite"), or None if nothing is painted."""
    if not isinstance(value, dict):
        return None
    layers = [layer for layer in value.get("layers") or [] if isinstance(layer, Image.Image)]
    if not layers:
        return None
    background = value.get("background")
    size = background.size if isinstance(background, Image.Image) else layers[0].size
    mask = Image.new("L", size, 0)
    for layer in layers:
        alpha = layer.convert("RGBA").getchannel("A")
        if alpha.size != size:
            alpha = alpha.resize(size, Image.Resampling.BILINEAR)
        mask = Image.fromarray(_max(mask, alpha))
    if mask.getextrema()[1] == 0:
        return None
    return mask


def _max(a: Image.Image, b: Image.Image):
    return np.maximum(np.asarray(a), np.asarray(b))


def editor_background(content: Any) -> dict | None:
    """The region editor's value for a new content photo: the photo, nothing painted."""
    if not content:
        return None
    return {"background": content, "layers": [], "composite": content}


def result_as_content(result: Any, request: gr.Request = None):
    if result is None:
        raise gr.Error(i18n.say(i18n.language(request), "no_result_yet"), print_exception=False)
    return result


__all__ = ["blend_text", "editor_background", "engine_inputs", "mask_from_editor", "result_as_content"]
