"""Each loss against a value computed by hand from the paper's formulas."""
import torch

from styler.losses import ContentLoss, MaskedStyleLoss, StyleLoss, TVLoss, gram

F = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).view(1, 2, 1, 2)  # N=2 filters, M=2 positions


def test_gram_is_feature_correlations_over_positions():
    # F F^T = [[1*1+2*2, 1*3+2*4], [3*1+4*2, 3*3+4*4]] = [[5, 11], [11, 25]], divided by M=2.
    assert torch.allclose(gram(F), torch.tensor([[2.5, 5.5], [5.5, 12.5]]))


def test_content_loss_is_half_sum_of_squares():
    target = torch.tensor([[1.0, 0.0], [0.0, 2.0]]).view(1, 2, 1, 2)
    # differences 0, 2, 3, 2 -> squares 0 + 4 + 9 + 4 = 17 -> 8.5
    assert ContentLoss(target)(F).item() == 8.5


def test_style_loss_matches_the_paper_formula():
    # Paper: E = 1/(4 N^2 M^2) * sum (G - A)^2 with unnormalised G = F F^T.
    # Against zero features: sum(G^2) = 25 + 121 + 121 + 625 = 892; 892 / (4 * 4 * 4) = 13.9375.
    loss = StyleLoss.from_features(torch.zeros_like(F))
    assert abs(loss(F).item() - 13.9375) < 1e-6


def test_style_loss_is_zero_on_its_own_target_and_ignores_size():
    tile = torch.rand(1, 4, 8, 8)
    loss = StyleLoss.from_features(tile)
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
    StyleLoss(target)(features).backward()
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
    loss = MaskedStyleLoss(target, mask)
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
