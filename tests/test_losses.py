"""Each loss against a value computed by hand from the paper's formulas (and the reference code's)."""
import math

import pytest
import torch

from styler.losses import ContentLoss, MomentLoss, SlicedLoss, StyleLoss, TVLoss, gram

pytestmark = pytest.mark.unit

F = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).view(1, 2, 1, 2)  # N=2 filters, M=2 positions


def test_gram_is_feature_correlations_over_positions():
    # F F^T = [[1*1+2*2, 1*3+2*4], [3*1+4*2, 3*3+4*4]] = [[5, 11], [11, 25]], divided by M=2.
    assert torch.allclose(gram(F), torch.tensor([[2.5, 5.5], [5.5, 12.5]]))


def test_content_loss_is_half_sum_of_squares_in_the_paper_and_their_mean_in_the_code():
    target = torch.tensor([[1.0, 0.0], [0.0, 2.0]]).view(1, 2, 1, 2)
    # differences 0, 2, 3, 2 -> squares 0 + 4 + 9 + 4 = 17 -> 8.5 (paper), 17 / 4 (reference)
    assert ContentLoss(target, "paper")(F).item() == 8.5
    assert ContentLoss(target)(F).item() == 17 / 4


def test_style_loss_matches_the_paper_formula_and_the_reference_code():
    # Paper: E = 1/(4 N^2 M^2) * sum (G - A)^2 with unnormalised G = F F^T.
    # Against zero features: sum(G^2) = 25 + 121 + 121 + 625 = 892; 892 / (4 * 4 * 4) = 13.9375.
    zero = gram(torch.zeros_like(F))
    assert StyleLoss(zero, "paper")(F).item() == pytest.approx(13.9375)
    # The authors' code: 1/N^2 * mean over the N^2 entries of (G/M - A/M)^2 = 892 / 4 / 4 / 4.
    assert StyleLoss(zero)(F).item() == pytest.approx(892 / 4 / 4 / 4)


def test_style_loss_is_zero_on_its_own_target_and_ignores_size():
    tile = torch.rand(1, 4, 8, 8)
    loss = StyleLoss(gram(tile))
    assert loss(tile).item() < 1e-10
    # A 2x2 tiling of the same texture has the same normalised Gram matrix.
    assert loss(tile.repeat(1, 1, 2, 2)).item() < 1e-10


def test_tv_loss_hand_computed():
    image = torch.zeros(1, 3, 2, 2)
    image[..., 0, 0] = 255.0  # one bright corner pixel on a 0..255 scale
    # x-diffs per channel: row0: (0-1)^2 = 1, row1: 0 -> mean 0.5; y-diffs: col0: 1, col1: 0 -> 0.5
    assert abs(TVLoss()(image).item() - 1.0) < 1e-6
    assert TVLoss()(torch.full((1, 3, 5, 5), 90.0)).item() == 0.0


def test_style_loss_gradient_matches_autograd_of_the_formula():
    torch.manual_seed(0)
    features = torch.rand(1, 5, 4, 3, dtype=torch.float64, requires_grad=True)
    target = gram(torch.rand(1, 5, 6, 2, dtype=torch.float64))
    assert torch.autograd.gradcheck(lambda f: StyleLoss(target)(f), (features,))
    # ...and equals autograd through the plain formula.
    StyleLoss(target, "paper")(features).backward()
    fast = features.grad.clone()
    features.grad = None
    ((gram(features) - target).pow(2).sum() / (4 * 5**2)).backward()
    assert torch.allclose(fast, features.grad)


def test_masked_style_loss_and_its_gradient_follow_the_formula():
    # Gram of the mask-weighted features over the mask's squared mass, weighted by the mask's mean.
    torch.manual_seed(0)
    features = torch.rand(1, 5, 4, 3, dtype=torch.float64, requires_grad=True)
    mask = torch.rand(1, 1, 8, 6, dtype=torch.float64)
    target = gram(torch.rand(1, 5, 6, 2, dtype=torch.float64))
    loss = StyleLoss(target, "paper", mask=mask)
    small = torch.nn.functional.interpolate(mask, size=(4, 3), mode="area")
    weighted = (features * small).view(5, 12)

    def formula():
        return ((weighted @ weighted.T / small.pow(2).sum() - target).pow(2).sum() / (4 * 5**2) * small.mean())

    assert torch.allclose(loss(features), formula())
    assert torch.autograd.gradcheck(lambda f: loss(f), (features,))
    loss(features).backward()
    fast = features.grad.clone()
    features.grad = None
    formula().backward()
    assert torch.allclose(fast, features.grad)


def test_w2_loss_is_the_distance_between_gaussians():
    # One channel: W2^2 between N(m1, s1^2) and N(m2, s2^2) is (m1 - m2)^2 + (s1 - s2)^2.
    a = torch.tensor([1.0, 3.0, 1.0, 3.0], dtype=torch.float64).view(1, 1, 2, 2)  # mean 2, std 1
    b = torch.tensor([5.0, 11.0, 5.0, 11.0], dtype=torch.float64).view(1, 1, 2, 2)  # mean 8, std 3
    loss = MomentLoss(MomentLoss.statistics(b))
    eps = MomentLoss.EPS
    expected = (8 - 2) ** 2 + (math.sqrt(9 + eps) - math.sqrt(1 + eps)) ** 2
    assert loss(a).item() == pytest.approx(expected * MomentLoss.SCALE, rel=1e-6)
    assert loss(b).item() == pytest.approx(0.0, abs=1e-12)


def test_w2_loss_gradient_and_blend():
    torch.manual_seed(0)
    target = torch.rand(1, 6, 5, 4, dtype=torch.float64) * 3
    features = torch.rand(1, 6, 4, 3, dtype=torch.float64, requires_grad=True)
    loss = MomentLoss(MomentLoss.statistics(target))
    assert torch.autograd.gradcheck(lambda f: loss(f), (features,))
    # A 2x2 tiling of the target has the same moments: zero loss, at any size.
    assert loss(target.repeat(1, 1, 2, 2)).item() == pytest.approx(0.0, abs=1e-10)
    # Blending mixes the raw moments: the blend of a texture with itself is that texture.
    stats = MomentLoss.statistics(target)
    blended = MomentLoss.blend([stats, stats], [0.3, 0.7])
    assert torch.allclose(blended[0], stats[0]) and torch.allclose(blended[1], stats[1])


def test_masked_w2_loss_sees_only_its_region():
    torch.manual_seed(0)
    inside, outside = torch.rand(1, 3, 4, 2) + 2, torch.rand(1, 3, 4, 2) * 9
    features = torch.cat([inside, outside], dim=3)  # left half, right half
    mask = torch.zeros(1, 1, 4, 4)
    mask[..., :2] = 1.0
    loss = MomentLoss(MomentLoss.statistics(inside), mask=mask)
    assert loss(features).item() == pytest.approx(0.0, abs=1e-9)
    assert MomentLoss(MomentLoss.statistics(inside))(features).item() > 1e-6


def test_sliced_loss_compares_sorted_projections():
    torch.manual_seed(0)
    target = torch.rand(1, 4, 6, 6)
    loss = SlicedLoss(SlicedLoss.statistics(target, seed=3))
    assert loss(target).item() == pytest.approx(0.0, abs=1e-12)
    # Moving pixels around changes no distribution: a shuffled texture has zero loss too.
    shuffled = target.flatten(2)[..., torch.randperm(36)].view(1, 4, 6, 6)
    assert loss(shuffled).item() == pytest.approx(0.0, abs=1e-10)
    # By hand, one channel and so one direction (of length 1): the mean squared difference of the
    # sorted values, here of [0, 1, 2, 3] against [1, 2, 3, 4] (a shift by one): 1.
    a = torch.tensor([3.0, 0.0, 2.0, 1.0]).view(1, 1, 2, 2)
    one = SlicedLoss(SlicedLoss.statistics(a + 1))
    assert one(a).item() == pytest.approx(SlicedLoss.SCALE)
    features = target.double().requires_grad_(True)
    shifted = SlicedLoss(SlicedLoss.statistics(torch.rand(1, 4, 3, 5, dtype=torch.float64)))
    assert torch.autograd.gradcheck(lambda f: shifted(f), (features,))


def test_sliced_blend_is_the_barycentre_of_quantiles():
    low = SlicedLoss.statistics(torch.zeros(1, 1, 2, 2))
    high = SlicedLoss.statistics(torch.full((1, 1, 2, 2), 4.0))
    directions, quantiles = SlicedLoss.blend([low, high], [1.0, 3.0])
    # 1-D: the weighted mean of the quantile functions; the direction is +1 or -1.
    assert torch.allclose(quantiles.abs(), torch.full((1, 4), 3.0))
