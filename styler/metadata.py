"""Results that remember how they were made: parameters in the PNG's text metadata.

A PNG saved here carries every `StyleParams` field as JSON under the key "styler", so the
result can be re-created (`read_params`) by the app, the API or the CLI.

A PNG read back may come from anyone: its stored settings are hostile input like any upload.
`read_params` answers None for a PNG that holds none, and InvalidParameter, naming what is wrong,
for anything but valid settings: text that is not JSON or too long, unknown fields, wrong types,
values out of bounds. Only the text chunks before the pixels are read (where `save_png` puts
them); the pixels are never decoded.
"""
from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, PngImagePlugin, UnidentifiedImageError

from .errors import InvalidParameter
from .params import StyleParams

KEY = "styler"
SOFTWARE = "styler (Gatys et al. 2016 neural style transfer)"
# A result's settings take about 1,500 characters and its longest text value (a layer list with
# weights) a few hundred; far more is not a result made here, and would only make long messages.
MAX_SETTINGS_CHARS = 20_000
MAX_TEXT_CHARS = 1_000
WHERE = "settings"  # the field InvalidParameter names for a problem with the stored text as a whole


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
    """The parameters stored in a PNG written by `save_png` (a path, a file object or an opened
    PIL image), or None if it holds none (not a PNG, or a PNG made elsewhere).

    Raises InvalidParameter if the file cannot be read as a PNG or its stored values are not
    valid parameters.
    """
    if isinstance(source, Image.Image):
        return params_from_text(source.info.get(KEY))
    try:
        with Image.open(source, formats=["PNG"]) as image:
            raw = image.info.get(KEY)
    except UnidentifiedImageError:  # not a PNG: no settings of ours
        return None
    except FileNotFoundError:
        raise InvalidParameter(WHERE, "settings.no_file", name=_short(str(source))) from None
    except ValueError:  # Pillow's limits on text chunks (1 MB each once decompressed, 64 MB in all)
        raise InvalidParameter(WHERE, "settings.text_too_large") from None
    except (OSError, SyntaxError, EOFError) as exc:  # a damaged PNG
        raise InvalidParameter(WHERE, "settings.unreadable", why=_short(str(exc) or type(exc).__name__)) from None
    return params_from_text(raw)


def params_from_text(raw) -> StyleParams | None:
    """StyleParams from the stored text (None: there is none)."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise InvalidParameter(WHERE, "settings.not_text")
    if len(raw) > MAX_SETTINGS_CHARS:
        raise InvalidParameter(WHERE, "settings.too_long", count=f"{len(raw):,}", limit=f"{MAX_SETTINGS_CHARS:,}")
    try:
        stored = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, nested too deeply, an integer of thousands of digits
        raise InvalidParameter(WHERE, "settings.not_json") from None
    values = stored.get("params") if isinstance(stored, dict) else None
    if not isinstance(values, dict):
        raise InvalidParameter(WHERE, "settings.no_params")
    known = StyleParams.__dataclass_fields__
    for name, value in values.items():
        if name not in known:
            raise InvalidParameter(WHERE, "settings.unknown", name=_short(name), names=", ".join(known))
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            raise InvalidParameter(name, "settings.text_too_long", count=f"{len(value):,}", limit=f"{MAX_TEXT_CHARS:,}")
    values = dict(values)
    # Results made before the loss normalisation was a setting used the paper's printed sums.
    values.setdefault("loss_scale", "paper")
    # Results made before the painting's elements were a setting had none of them.
    values.setdefault("neighbour_weight", 0.0)
    return StyleParams.from_dict(values)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
