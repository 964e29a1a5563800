"""Reading what visitors upload: images for a run (validated, with a short name for file names),
and the settings stored in a PNG made here.

Events that run the engine take raw payloads (Gradio has checked that a file payload's path is
one of its uploads); plain strings are refused, so a request cannot name a file on the server.
"""
from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from PIL import Image

from styler import ImageError, StyleParams, StylerError, load_image
from styler.metadata import read_params


def given(payload: Any) -> bool:
    """Whether an optional image input was given."""
    return payload is not None and payload != {}


def read_upload(payload: Any, role: str) -> tuple[Image.Image, str]:
    """A validated RGB image and a short name from an image input's raw payload."""
    if not given(payload):
        raise ImageError("upload.no_image", role=role)
    name = role
    if isinstance(payload, Image.Image):
        source: Any = payload
    elif isinstance(payload, dict) and payload.get("path"):
        source = payload["path"]
        name = Path(payload.get("orig_name") or payload["path"]).stem
    elif isinstance(payload, dict) and str(payload.get("url") or "").startswith("data:"):
        try:
            source = base64.b64decode(payload["url"].split(",", 1)[1])
        except (ValueError, IndexError):
            raise ImageError("upload.bad_base64", role=role) from None
    else:
        raise ImageError("upload.not_a_file", role=role)
    image = load_image(source, role)
    return image, _slug(name) or role


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40].lower()


def read_settings(payload: Any) -> StyleParams | None:
    """Settings stored in a PNG made by this app (styler.metadata), or None.

    `payload` is an upload's raw payload (a dict whose path Gradio has checked) or a path
    Gradio's own preprocessing produced.
    """
    path = payload.get("path") if isinstance(payload, dict) else payload
    if not isinstance(path, (str, Path)) or not _is_png(path):
        return None
    try:
        with Image.open(path) as image:
            return read_params(image)
    except (StylerError, ValueError, OSError):
        return None


def _is_png(path: str | Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(8) == b"\x89PNG\r\n\x1a\n"
    except OSError:
        return False


__all__ = ["given", "read_settings", "read_upload"]
