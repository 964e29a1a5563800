"""Reading uploads (webapp/uploads.py): images for a run from raw payloads only, each decoded once at
the size the run needs; settings from a PNG made here, and refused with a message when bad."""
from __future__ import annotations

import base64
import io
import os

import pytest
from PIL import Image, JpegImagePlugin

from helpers import CONTENT
from styler import CheckedImage, ImageError, InvalidParameter, StyleParams
from styler.images import DECODE_MARGIN
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


def test_bad_settings_in_a_png_are_a_message_not_nothing(tmp_path):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("styler", '{"params": {"size": 99999}}')
    path = tmp_path / "hostile.png"
    Image.new("RGB", (8, 8)).save(path, pnginfo=info)
    with pytest.raises(InvalidParameter, match=r"^size: 99999 is out of range; allowed 32 to 4096$"):
        read_settings(_payload(path))


SMALL = StyleParams(size=64, style_scale=1.0)


def test_read_upload_refuses_plain_strings_and_names_the_role():
    with pytest.raises(ImageError, match="content"):
        read_upload("/etc/passwd", "content", SMALL, "content")
    with pytest.raises(ImageError, match="No style image"):
        read_upload(None, "style", SMALL, "style")
    image, name = read_upload(_payload(CONTENT), "content", SMALL, "content")
    assert isinstance(image, CheckedImage) and image.image.mode == "RGB" and name == "photo-cat"
    png = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(png, format="PNG")
    data_url = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    assert read_upload({"url": data_url}, "style", SMALL, "style")[0].image.size == (40, 40)


def test_a_large_jpeg_upload_is_decoded_reduced_to_what_the_run_needs(tmp_path, monkeypatch):
    """A 4000x3000 photo for a 128 px run: decoded at 1/4 by the JPEG decoder itself (draft), the
    smallest scale not under DECODE_MARGIN x 128; the full 12 Mpx are never decoded."""
    big = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 3000), (200, 30, 30)).save(big, quality=80)
    drafted = []
    real_draft = JpegImagePlugin.JpegImageFile.draft

    def draft(self, mode, size):
        result = real_draft(self, mode, size)
        drafted.append(self.size)  # the size it decodes at
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", draft)
    params = StyleParams(size=128)
    checked, _ = read_upload(_payload(big), "content", params, "content")
    assert drafted == [(1000, 750)]  # 1/4: 1/8 would be 500, under 4 x 128 = 512
    assert checked.image.size == (1000, 750) and 128 * DECODE_MARGIN <= 1000 < 2 * 128 * DECODE_MARGIN
    assert checked.shape == (4000, 3000)  # the run keeps the photo's own aspect ratio, not a rounded one
    mask, _ = read_upload(_payload(big), "mask", params, "mask")
    assert mask.image.mode == "L" and mask.image.size == (1000, 750)  # a mask crosses as grey
