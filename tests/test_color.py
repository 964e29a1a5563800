"""Keeping the photo's colours: luminance-only transfer and histogram matching."""
import pytest
import torch

from styler.color import match_histogram, rgb_to_yiq, with_chrominance, yiq_to_rgb

pytestmark = pytest.mark.unit


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
