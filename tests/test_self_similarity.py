"""STROTSS's self-similarity content loss (styler.self_similarity): it keeps how places relate to
each other, not the features themselves, so a painting may change every texture and keep the layout."""
import pytest
import torch

from styler.self_similarity import MAX_POSITIONS, SelfSimilarityLoss

pytestmark = pytest.mark.unit


def features(seed=0, channels=16, height=12, width=10):
    return torch.rand(1, channels, height, width, generator=torch.Generator().manual_seed(seed))


def test_zero_on_the_photos_own_features_and_blind_to_what_each_feature_is():
    photo = features()
    loss = SelfSimilarityLoss(photo)
    assert loss(photo).item() == pytest.approx(0.0, abs=1e-6)
    # Every feature vector turned the same way (new "textures", same relations) and rescaled per
    # position: the feature content loss would be large, this one stays zero.
    rotation, _ = torch.linalg.qr(torch.randn(16, 16, generator=torch.Generator().manual_seed(1)))
    turned = torch.einsum("dc,bchw->bdhw", rotation, photo) * torch.linspace(0.5, 3, 120).view(1, 1, 12, 10)
    assert ((turned - photo) ** 2).mean() > 0.1
    assert loss(turned).item() == pytest.approx(0.0, abs=1e-5)


def test_a_changed_layout_costs_and_its_gradient_points_back():
    photo = features()
    moved = photo.flip(-1).flip(-2).clone().requires_grad_(True)
    loss = SelfSimilarityLoss(photo)
    value = loss(moved)
    assert value.item() > 0.05
    value.backward()
    with torch.no_grad():
        stepped = moved - 0.5 * moved.grad / moved.grad.abs().max()
    assert loss(stepped).item() < value.item()


def test_large_layers_are_compared_on_a_fixed_subset_of_positions():
    photo = features(channels=4, height=40, width=40)
    loss = SelfSimilarityLoss(photo)
    assert loss.target.shape == (MAX_POSITIONS, MAX_POSITIONS)
    assert torch.equal(loss.keep, SelfSimilarityLoss(photo).keep)  # the same positions every time
    assert loss(photo).item() == pytest.approx(0.0, abs=1e-6)
