"""Creative control, app side: a second style (blended or placed by region), a painted region
mask, and continuing a run from an image (the last result, or any upload).

The engine does the work (`styler.stylize(..., init_image=, mask=)`, a list of styles blended by
`style_blend`); this module turns the UI's values into its inputs: PIL images only, no tensors.

- `engine_inputs` reads the optional API/Run inputs (style2, mask, init_image) into what
  `gpu.run_engine` takes: the style (one image or a list of two) and keyword extras.
- `blend_text` is the blend slider's view of the `style_blend` field ("1-w,w").
- `mask_from_editor` turns an ImageEditor's painted layers into a grey mask (white = painted).
- `keep_going` re-runs from the current result; `result_as_content` moves it to the content input.
"""
from __future__ import annotations

from typing import Any, Callable

import gradio as gr
import numpy as np
from PIL import Image

REGION_HELP = ("Paint where the (first) style goes. Unpainted parts keep the photo, or with a second "
               "style image, get the second style. Nothing painted: the style applies everywhere.")
BLEND_HELP = ("Share of the second style (0 = only the first, 1 = only the second). With painted regions: "
              "how strongly each region takes its style. Sets *Style blend*.")


def _given(payload: Any) -> bool:
    return payload is not None and payload != {}


def engine_inputs(style_img: Image.Image, style2: Any, mask: Any, init_image: Any,
                  read: Callable[[Any, str], tuple[Image.Image, str]]) -> tuple[Any, dict, list[Image.Image]]:
    """(style for the engine, keyword extras for gpu.run_engine, the images read).

    `read` is runner.read_upload (validates raw payloads). Only inputs that were given appear
    in the extras, so `run_engine(content, style, params)` stays the plain call without them.
    """
    style: Any = style_img
    extras: dict[str, Image.Image] = {}
    read_imgs: list[Image.Image] = []
    if _given(style2):
        second, _ = read(style2, "second style")
        style = [style_img, second]
        read_imgs.append(second)
    if _given(mask):
        extras["mask"] = read(mask, "mask")[0].convert("L")
        read_imgs.append(extras["mask"])
    if _given(init_image):
        extras["init_image"] = read(init_image, "start")[0]
        read_imgs.append(extras["init_image"])
    return style, extras, read_imgs


def blend_text(weight: float | None, style2: Any) -> str:
    """The `style_blend` field for the blend slider: "1-w,w" with a second style, else "" (one style)."""
    if not _given(style2) or weight is None:
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


def result_as_content(result: Any):
    if result is None:
        raise gr.Error("There is no result yet: press Run first.", print_exception=False)
    return result


def keep_going(content, style, style2=None, mask=None, result=None, request: gr.Request = None, **params):
    """Run again from the current result (init_image = the result) with the current settings."""
    from . import runner

    if not _given(result):
        raise gr.Error("There is no result to continue from yet: press Run first.", print_exception=False)
    yield from runner.stylize(content, style, style2, mask, result, request=request, **params)


__all__ = ["blend_text", "editor_background", "engine_inputs", "keep_going", "mask_from_editor",
           "result_as_content"]
