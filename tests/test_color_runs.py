"""Keeping the photo's colours in real runs: luminance-only transfer keeps the photo's chrominance,
histogram matching its palette."""
import numpy as np
import pytest
from PIL import Image

from styler import StyleParams, stylize
from styler.color import rgb_to_yiq
from styler.images import to_tensor

pytestmark = pytest.mark.engine


def test_luminance_mode_keeps_the_contents_chrominance(photo, painting):
    params = StyleParams(size=64, iterations=15, init="content", content_weight=1e-6, preserve_color="luminance")
    final = list(stylize(photo, painting, params))[-1].image
    content = to_tensor(photo.resize(final.size, Image.Resampling.LANCZOS))
    out = to_tensor(final)
    iq_out, iq_content = rgb_to_yiq(out)[:, 1:], rgb_to_yiq(content)[:, 1:]
    # Chrominance equal up to 8-bit rounding and clipping, while the luminance did change.
    assert (iq_out - iq_content).abs().mean() < 2.0
    assert (rgb_to_yiq(out)[:, 0] - rgb_to_yiq(content)[:, 0]).abs().mean() > 5.0


def test_histogram_mode_takes_the_photos_palette(photo, painting):
    base = StyleParams(size=64, iterations=15, init="noise", content_weight=1e-6)
    plain = np.asarray(list(stylize(photo, painting, base))[-1].image, dtype=float)
    kept = np.asarray(list(stylize(photo, painting, base.replace(preserve_color="histogram")))[-1].image, dtype=float)
    target = np.asarray(photo.resize((64, 48), Image.Resampling.LANCZOS), dtype=float)
    def warmth(image):  # mean red minus mean blue: the warm brick street vs the blue night sky
        return image[..., 0].mean() - image[..., 2].mean()

    assert warmth(plain) < -15  # Starry Night's blues took over...
    assert abs(warmth(kept) - warmth(target)) < abs(warmth(plain) - warmth(target)) / 3  # ...unless matched
