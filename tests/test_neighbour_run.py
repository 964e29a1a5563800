"""The painting's elements in a run: the engine's neighbour term brings more of the painting."""
import pytest
import torch

from styler import stylize
from styler.images import fit_area, resize, to_tensor
from styler.losses import NeighbourLoss
from styler.network import get_vgg
from styler.params import StyleParams

pytestmark = pytest.mark.engine


def test_a_run_with_the_elements_term_brings_more_of_the_painting(photo, painting, one_torch_thread):
    """The engine adds the term into the style loss: the painting's neighbour distance to the
    result, measured after the run, is lower with the term than with the Gram loss alone."""
    base = StyleParams(size=64, iterations=30, seconds=0, init="content", content_weight=1e-2, scales=1,
                       device="cpu", precision="float32", preview_every=100, neighbour_weight=0.0)
    net = get_vgg("original", "avg", True, torch.device("cpu"))

    def distance_to_painting(params) -> float:
        result = list(stylize(photo, painting, params))[-1].image
        style = to_tensor(resize(painting, fit_area(painting.size, result.width * result.height)))
        with torch.no_grad():
            loss = NeighbourLoss(NeighbourLoss.statistics(net(style, ["conv3_1"])["conv3_1"]))
            return loss(net(to_tensor(result), ["conv3_1"])["conv3_1"]).item()

    assert distance_to_painting(base.replace(neighbour_weight=1e-3)) < distance_to_painting(base) - 0.01
