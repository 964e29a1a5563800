"""Reading uploads (webapp/uploads.py): images for a run from raw payloads only, settings from a
PNG made here."""
from __future__ import annotations

import base64
import io
import os

import pytest
from PIL import Image

from helpers import CONTENT
from styler import ImageError, StyleParams
from styler.metadata import save_png
from webapp.uploads import read_settings, read_upload

pytestmark = pytest.mark.unit


def _payload(path) -> dict:
    return {"path": str(path), "orig_name": os.path.basename(path), "meta": {"_type": "gradio.FileData"}}


def test_result_png_restores_its_settings(tmp_path):
    params = StyleParams(size=96, iterations=33, seed=5, tv_weight=3.0, init="content")
    path = save_png(Image.new("RGB", (8, 8)), tmp_path / "result.png", params)
    assert read_settings({"path": str(path)}) == params
    assert read_settings(str(path)) == params
    assert read_settings({"path": str(CONTENT)}) is None  # a JPEG: nothing to restore
    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(plain)
    assert read_settings({"path": str(plain)}) is None


def test_read_upload_refuses_plain_strings_and_names_the_role():
    with pytest.raises(ImageError, match="content"):
        read_upload("/etc/passwd", "content")
    with pytest.raises(ImageError, match="No style image"):
        read_upload(None, "style")
    image, name = read_upload(_payload(CONTENT), "content")
    assert image.mode == "RGB" and name == "photo-cat"
    png = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(png, format="PNG")
    data_url = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    assert read_upload({"url": data_url}, "style")[0].size == (40, 40)
