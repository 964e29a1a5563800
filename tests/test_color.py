"""Keeping the photo's colours: luminance-only transfer and histogram matching."""
import numpy as np
import torch
from PIL import Image

from styler import StyleParams, stylize
from styler.color import match_histogram, rgb_to_yiq, with_chrominance, yiq_to_rgb
from styler.images import to_tensor


def test_yiq_round_trip():
    image = torch.rand(1, 3, 8, 8) * 255
    assert torch.allclose(yiq_to_rgb(rgb_to_yiq(image)), image, atol=1e-3)


def test_histogram_matching_gives_the_targets_mean_and_covariance():
    generator = torch.Generator().manual_seed(0)
    source = torch.rand(1, 3, 32, 32, generator=generator) * 100 + 20
    target = torch.rand(1, 3, 32, 32, generator=generator) * torch.tensor([200.0, 50.0, 120.0]).view(1, 3, 1, 1)
    mapped = match_histogram(source, target)

    def stats(t):
        p = t.reshape(3, -1).double()
        return p.mean(1), torch.cov(p, correction=0)

    (m1, c1), (m2, c2) = stats(mapped), stats(target)
    assert torch.allclose(m1, m2, atol=0.5)
    assert torch.allclose(c1, c2, rtol=0.02, atol=2.0)


def test_with_chrominance_keeps_luminance_of_one_and_colour_of_other():
    grey = torch.full((1, 3, 4, 4), 100.0)
    colour = torch.zeros(1, 3, 4, 4)
    colour[:, 0] = 200.0
    out = rgb_to_yiq(with_chrominance(grey, colour))
    ref = rgb_to_yiq(colour)
    assert torch.allclose(out[:, 0], torch.full((1, 4, 4), 100.0), atol=1e-3)
    assert torch.allclose(out[:, 1:], ref[:, 1:], atol=1e-3)


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
