"""The painting's elements (styler.losses.NeighbourLoss): zero on the painting's own features, blind to
where they stand, and what pulls a result towards the painting's parts when the Gram statistics
are already met."""
import pytest
import torch

from styler.losses import NeighbourLoss, StyleLoss, gram

pytestmark = pytest.mark.unit


def painting_features(seed: int = 0, channels: int = 8, side: int = 6) -> torch.Tensor:
    return torch.rand(1, channels, side, side, generator=torch.Generator().manual_seed(seed))


def test_zero_on_the_paintings_own_features_in_any_arrangement():
    features = painting_features()
    assert NeighbourLoss(NeighbourLoss.statistics(features))(features).item() == pytest.approx(0.0, abs=1e-5)
    shuffled = features.flatten(2)[..., torch.randperm(36)].view_as(features)
    assert NeighbourLoss(NeighbourLoss.statistics(features))(shuffled).item() == pytest.approx(0.0, abs=1e-5)


def test_pairs_are_searched_anew_every_few_evaluations():
    """Between searches the pairs stay (a smooth loss for the optimiser); then they follow the image."""
    features = painting_features()
    shuffled = features.flatten(2)[..., torch.randperm(36)].view_as(features)
    loss = NeighbourLoss(NeighbourLoss.statistics(features))
    values = [loss(features if i == 0 else shuffled).item() for i in range(NeighbourLoss.SEARCH_EVERY + 1)]
    assert values[0] == pytest.approx(0.0, abs=1e-5)
    assert all(v > 0.1 for v in values[1:-1])  # the first image's pairs, on the shuffled one
    assert values[-1] == pytest.approx(0.0, abs=1e-5)  # searched again: the shuffled image's own pairs


def test_the_folded_loss_is_both_halves_of_the_relaxed_distance_with_their_gradient():
    """The loss folds its pairs into one matrix at each search: the value and the gradient must be
    those of the two halves written out (nearest pairs by cosine, the painting's half weighted)."""
    painting, result = painting_features(0, side=7), painting_features(1, side=5).requires_grad_(True)
    loss = NeighbourLoss(NeighbourLoss.statistics(painting))
    loss.focus(painting_features(2, side=5))  # unequal weights in the painting's half
    centre, targets = loss.centre, loss.unit_targets
    value = loss(result)
    (folded,) = torch.autograd.grad(value, result)

    copy = result.detach().clone().requires_grad_(True)
    unit = copy.flatten(2)[0] - centre
    unit = unit / unit.norm(dim=0, keepdim=True)
    cosine = unit.T @ targets  # positions x painting features
    result_half = 1 - cosine.max(dim=1).values.mean()
    nearest = cosine.argmax(dim=0)
    painting_half = ((1 - cosine[nearest, torch.arange(targets.shape[1])]) * loss.painting_weights).mean()
    written_out = 0.5 * (result_half + painting_half)
    (direct,) = torch.autograd.grad(written_out, copy)
    assert value.item() == pytest.approx(written_out.item(), abs=1e-6)
    torch.testing.assert_close(folded, direct, atol=1e-6, rtol=1e-4)


def test_a_result_made_of_one_part_of_the_painting_is_incomplete():
    """Every result feature is a painting feature, yet most of the painting is missing: only the
    painting's half of the distance sees it."""
    features = painting_features()
    one_part = features[..., :1, :1].expand_as(features).contiguous()
    loss = NeighbourLoss(NeighbourLoss.statistics(features))
    assert loss(one_part).item() > 0.05


def test_it_sees_elements_that_the_gram_matrix_misses():
    """Two textures with the same Gram matrix (a rotation of the feature space that keeps F F^T)
    are equal for the paper's loss, and different for the neighbour loss."""
    features = painting_features(channels=4)
    flat = features.flatten(2)[0]
    # An orthogonal mixing of the positions keeps F F^T exactly, while making new feature vectors.
    positions = flat.shape[1]
    q, _ = torch.linalg.qr(torch.randn(positions, positions, generator=torch.Generator().manual_seed(1)))
    mixed = (flat @ q).view_as(features)
    assert StyleLoss(gram(features))(mixed).item() == pytest.approx(0.0, abs=1e-6)
    assert NeighbourLoss(NeighbourLoss.statistics(features))(mixed).item() > 0.1


def test_gradient_descent_brings_the_result_to_the_paintings_parts():
    target = painting_features(seed=3)
    loss = NeighbourLoss(NeighbourLoss.statistics(target))
    x = painting_features(seed=4).requires_grad_(True)
    first = loss(x).item()
    optimiser = torch.optim.Adam([x], lr=0.05)
    for _ in range(100):
        optimiser.zero_grad()
        value = loss(x)
        value.backward()
        optimiser.step()
    assert value.item() < 0.3 * first


def test_large_paintings_are_searched_through_a_fixed_subset():
    big = torch.rand(1, 4, 80, 80, generator=torch.Generator().manual_seed(5))
    centre, unit = NeighbourLoss.statistics(big, seed=7)
    assert unit.shape == (4, NeighbourLoss.MAX_TARGETS)
    assert torch.equal(unit, NeighbourLoss.statistics(big, seed=7)[1])  # the same for a seed
    assert not torch.equal(unit, NeighbourLoss.statistics(big, seed=8)[1])
    assert torch.allclose(unit.norm(dim=0), torch.ones(NeighbourLoss.MAX_TARGETS), atol=1e-5)


def test_blending_paintings_takes_each_ones_share_of_the_parts():
    a, b = (NeighbourLoss.statistics(painting_features(seed=s, side=10)) for s in (1, 2))
    centre, unit = NeighbourLoss.blend([a, b], [3.0, 1.0])
    assert unit.shape[1] == 75 + 25
    assert torch.equal(unit[:, :75], a[1][:, :75]) and torch.equal(unit[:, 75:], b[1][:, :25])
    assert torch.allclose(centre, (3 * a[0] + b[0]) / 4)


def test_the_searched_precision_only_ranks_pairs():
    target = painting_features(seed=6, channels=16, side=8)
    x = painting_features(seed=7, channels=16, side=8)
    exact = NeighbourLoss(NeighbourLoss.statistics(target))(x).item()
    fast = NeighbourLoss(NeighbourLoss.statistics(target), search_dtype=torch.bfloat16)(x).item()
    assert fast == pytest.approx(exact, abs=0.02)


def test_focus_weighs_the_paintings_features_that_the_start_lacks():
    """A start that already has half of the painting's parts: the other half counts for more, and
    a result missing it is further from the painting than before the focus."""
    painting = painting_features(seed=8, channels=8, side=8)
    flat = painting.flatten(2)
    start = flat[..., :32].repeat(1, 1, 2).view_as(painting)  # the first half of the parts, twice
    loss = NeighbourLoss(NeighbourLoss.statistics(painting))
    before = loss(start).item()
    loss = NeighbourLoss(NeighbourLoss.statistics(painting))
    loss.focus(start)
    weights = loss.painting_weights
    assert weights.mean().item() == pytest.approx(1.0)
    assert weights[32:].mean() > 3 * weights[:32].mean()  # the missing half
    assert loss(start).item() > before
    whole = NeighbourLoss(NeighbourLoss.statistics(painting))
    whole.focus(start)
    assert whole(painting).item() == pytest.approx(0.0, abs=1e-5)  # the whole painting lacks nothing
