"""The image as a Laplacian pyramid (styler.pyramid): an exact change of variables whose coarse
levels move whole blocks of pixels, so a gradient step favours broad changes over lone pixels."""
import pytest
import torch
import torch.nn.functional as F

from styler import pyramid

pytestmark = pytest.mark.unit


def image(height=97, width=130, seed=0):
    return torch.rand(1, 3, height, width, generator=torch.Generator().manual_seed(seed)) * 255


def test_the_pyramid_gives_back_exactly_the_image_it_was_made_from():
    x = image()
    iterate = pyramid.parametrise(x, 3)
    assert isinstance(iterate, pyramid.LaplacianPyramid)
    assert [s[-2:] for s in iterate.shapes] == [(97, 130), (48, 65), (24, 32)]  # as many as fit over 16 px
    torch.testing.assert_close(iterate.image(), x, atol=1e-3, rtol=0)
    other = image(seed=1)
    iterate.set_image(other)
    torch.testing.assert_close(iterate.image(), other, atol=1e-3, rtol=0)


def test_no_levels_or_no_room_for_one_is_the_pixels_themselves():
    x = image(20, 40)
    for iterate in (pyramid.parametrise(image(), 0), pyramid.parametrise(x, 4)):
        assert isinstance(iterate, pyramid.Pixels)
    iterate = pyramid.parametrise(x, 4)
    assert iterate.image() is iterate.variable and iterate.variable.requires_grad
    assert torch.equal(iterate.image(), x)
    assert pyramid.level_count((384, 256), 10) == 4 and pyramid.level_count((384, 256), 2) == 2


def test_a_gradient_step_on_the_pyramid_moves_broad_regions_more_than_single_pixels():
    """The same loss, a gradient step of the same size: in pixels a pull on one region moves only
    its pixels' own values; through the pyramid it also moves the pixels around it (a stroke,
    not a dot), and noise (no coherent pull) is damped."""
    x = torch.full((1, 3, 128, 128), 127.5)
    target = x.clone()
    target[..., 48:80, 48:80] += 50  # a broad change wanted in the middle
    steps = {}
    for levels in (0, 3):
        iterate = pyramid.parametrise(x, levels)
        loss = ((iterate.image() - target) ** 2).sum()
        loss.backward()
        with torch.no_grad():
            iterate.variable -= iterate.variable.grad / iterate.variable.grad.abs().max()
            steps[levels] = iterate.image() - x
    inside = (slice(None), slice(None), slice(56, 72), slice(56, 72))
    ratio_pixels = steps[0][inside].mean() / steps[0].abs().max()
    ratio_pyramid = steps[3][inside].mean() / steps[3].abs().max()
    assert steps[0][..., :40, :40].abs().max() == 0  # pixels: nothing moves outside the pull
    assert ratio_pyramid > 0.9 * ratio_pixels  # the region still moves as a whole
    assert steps[3][..., 40:48, 56:72].abs().mean() > 0  # and its surroundings blend in

    noise = image(128, 128)
    for levels in (0, 3):
        iterate = pyramid.parametrise(x, levels)
        loss = -(iterate.image() * (noise - 127.5)).sum()  # a pull toward pixel noise
        loss.backward()
        with torch.no_grad():
            iterate.variable -= iterate.variable.grad / iterate.variable.grad.norm()
            steps[levels] = iterate.image() - x
    # The share of the step's energy in the finest octave: most of it in pixels (the noise itself),
    # clearly less through the pyramid, whose step is smoother.
    assert finest_share(steps[3]) < 0.85 * finest_share(steps[0])


def finest_share(step: torch.Tensor) -> float:
    half = F.interpolate(step, scale_factor=0.5, mode="bilinear", antialias=True, align_corners=False)
    coarse = F.interpolate(half, size=step.shape[-2:], mode="bilinear", align_corners=False)
    return ((step - coarse).norm() ** 2 / step.norm() ** 2).item()


def test_a_coarse_level_moves_a_block_of_pixels_together():
    iterate = pyramid.parametrise(torch.zeros(1, 1, 64, 64), 2)
    with torch.no_grad():
        coarsest = iterate.variable[-iterate.sizes[-1]:].view(iterate.shapes[-1])
        coarsest[0, 0, 8, 8] = 1.0
    moved = iterate.image().detach()[0, 0]
    assert (moved > 0).sum() >= 16  # at least the 4x4 block under that coarse pixel
    # spread, not lost: two 2x upsamplings keep the mean, so the sum is 16 pixels' worth of its value
    assert moved.sum().item() == pytest.approx(16 * pyramid.LEVEL_GAIN**2, rel=1e-4)
    assert moved.max().item() < pyramid.LEVEL_GAIN**2
