"""Reading what visitors upload: images for a run (each decoded once, at the size the run needs,
with a short name for file names), and the settings stored in a PNG made here.

Events that run the engine take raw payloads (Gradio has checked that a file payload's path is
one of its uploads); plain strings are refused, so a request cannot name a file on the server.
"""
from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from PIL import Image

from styler import CheckedImage, ImageError, StyleParams, read_input
from styler.metadata import read_params


def given(payload: Any) -> bool:
    """Whether an optional image input was given."""
    return payload is not None and payload != {}


def read_upload(payload: Any, role: str, params: StyleParams, kind: str) -> tuple[CheckedImage, str]:
    """An image input's raw payload read and checked once, as the run with `params` needs it (`kind`:
    content, style, init or mask; styler.read_input), and a short name for file names."""
    source, name = upload_source(payload, role)
    return read_input(source, kind, params, role), name


def upload_source(payload: Any, role: str) -> tuple[Any, str]:
    """What an image input's raw payload holds, undecoded (an uploaded file's path, bytes or an
    image), and a short name."""
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
    return source, _slug(name) or role


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40].lower()


def read_settings(payload: Any) -> StyleParams | None:
    """Settings stored in a PNG made by this app (styler.metadata), or None when it holds none.
    Stored settings that are not valid raise InvalidParameter (styler.metadata.read_params).

    `payload` is an upload's raw payload (a dict whose path Gradio has checked) or a path
    Gradio's own preprocessing produced.
    """
    path = payload.get("path") if isinstance(payload, dict) else payload
    if not isinstance(path, (str, Path)) or not _is_png(path):
        return None
    return read_params(path)


def _is_png(path: str | Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(8) == b"\x89PNG\r\n\x1a\n"
    except OSError:
        return False


__all__ = ["given", "read_settings", "read_upload", "upload_source"]
