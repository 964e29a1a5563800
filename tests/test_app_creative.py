"""Creative control through the public API (webapp/creative.py): a second style blended by
`style_blend`, a region mask, and starting from an image; plus the UI helpers in-process.

Same fixtures as tests/test_app_api.py: the app in this process, the real engine at tiny sizes.
"""
from __future__ import annotations

import time

import numpy as np
import pytest
from PIL import Image

from helpers import CONTENT, EXAMPLES, STYLE, patience

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import handle_file  # noqa: E402

from webapp import creative, runner  # noqa: E402

pytestmark = pytest.mark.server

OUT = {name: i for i, name in enumerate(runner.OUTPUTS)}
STYLE2 = EXAMPLES / "painting_great_wave.jpg"
TINY = dict(size=48, seed=3)


def run(client, **params):
    """The final outputs of a /stylize call with CONTENT and STYLE (keywords only)."""
    return client.predict(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)), api_name="/stylize",
                          **params)


def pixels(final) -> np.ndarray:
    value = final[OUT["image"]]
    path = value.get("path") if isinstance(value, dict) else value
    with Image.open(path) as img:
        assert img.format == "PNG"
        return np.asarray(img.convert("RGB"), dtype=np.float32)


def resized(path, shape) -> np.ndarray:
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB").resize((shape[1], shape[0]), Image.Resampling.LANCZOS), np.float32)


def test_two_styles_blend_by_style_blend(client):
    alone = pixels(run(client, iterations=4, **TINY))
    only_first = run(client, style2=handle_file(str(STYLE2)), style_blend="1,0", iterations=4, **TINY)
    assert only_first[OUT["status"]].startswith("**Done**")
    assert np.abs(pixels(only_first) - alone).mean() < 0.5, "weight 0 for the second style: the first alone"
    mixed = pixels(run(client, style2=handle_file(str(STYLE2)), style_blend="0.3,0.7", iterations=4, **TINY))
    assert mixed.shape == alone.shape
    assert np.abs(mixed - alone).mean() > 2.0, "the second style (70%) must change the result"


def test_half_white_mask_keeps_the_photo_where_black(client, tmp_path):
    mask = tmp_path / "mask.png"
    half = Image.new("L", (64, 43), 0)
    half.paste(255, (0, 0, 32, 43))  # left half white: the style goes there
    half.save(mask)
    final = run(client, mask=handle_file(str(mask)), size=64, iterations=30, init="content", content_weight=1e-8,
                seed=1)
    assert final[OUT["status"]].startswith("**Done**")
    result = pixels(final)
    photo = resized(CONTENT, result.shape)
    styled = np.abs(result[:, :20] - photo[:, :20]).mean()  # away from the border, where
    kept = np.abs(result[:, 44:] - photo[:, 44:]).mean()  # deep features see both halves
    assert styled > 3 * kept, (styled, kept)


def test_init_image_is_where_the_run_starts(client):
    final = run(client, init_image=handle_file(str(STYLE2)), iterations=1, style_weight=1e-12, content_weight=1e-12,
                **TINY)
    result = pixels(final)
    from_init = np.abs(result - resized(STYLE2, result.shape)).mean()
    from_content = np.abs(result - resized(CONTENT, result.shape)).mean()
    assert from_init < 5.0 and from_init < from_content / 4, (from_init, from_content)


def test_bad_style_blend_names_the_field_and_the_next_run_works(client):
    started = time.monotonic()
    with pytest.raises(Exception, match="style_blend"):
        run(client, style2=handle_file(str(STYLE2)), style_blend="1,2,3", iterations=2, **TINY)
    assert time.monotonic() - started < patience(30)
    good = run(client, style2=handle_file(str(STYLE2)), style_blend="0.5,0.5", iterations=2, **TINY)
    assert good[OUT["status"]].startswith("**Done**")


# The UI helpers ---------------------------------------------------------------------------------

def test_blend_slider_writes_style_blend_only_with_a_second_style():
    assert creative.blend_text(0.3, "/tmp/second.png") == "0.7,0.3"
    assert creative.blend_text(0, {"path": "x"}) == "1,0"
    assert creative.blend_text(0.3, None) == "", "one style: equal weights (a 2-weight blend would be refused)"


def test_painted_layer_becomes_a_grey_mask():
    background = Image.new("RGB", (40, 30), "white")
    layer = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    assert creative.mask_from_editor({"background": background, "layers": [layer], "composite": background}) is None
    assert creative.mask_from_editor(None) is None
    layer.paste((255, 0, 255, 255), (0, 0, 10, 30))  # painted: the left quarter
    mask = creative.mask_from_editor({"background": background, "layers": [layer], "composite": background})
    assert mask.mode == "L" and mask.size == (40, 30)
    assert mask.getpixel((5, 15)) == 255 and mask.getpixel((30, 15)) == 0
