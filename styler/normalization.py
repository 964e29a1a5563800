"""The paper's normalised network: each filter rescaled so its mean activation is 1.

Gatys et al. rescale every conv filter's weights and bias so that its mean activation over
images and positions is 1; that keeps the layers' losses on comparable scales and gives the
paper's alpha/beta ratios their meaning. The means are taken over a fixed normalisation set,
NORMALIZATION_SET: the project's own example photos and paintings, listed by name (a new gallery
image does not change the network), at 256 px (long side).

For the default weights the scales are computed once and shipped in `styler/data/`
(regenerate with `python -m styler.normalization`); other weights get them computed at load.
"""
from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from pathlib import Path

import torch
import torch.nn.functional as F

from .errors import WeightsError
from .params import LAYER_NAMES
from .images import fit_long_side, load_image, resize, to_tensor
from .vgg import POOL_AFTER, VGG19Features, load_conv_weights

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
SHIPPED = Path(__file__).resolve().parent / "data" / "vgg19_original_filter_scales.pt"
SET_SIZE = 256  # long side of each normalisation image, px
# The images the shipped scales were computed from (in examples/): changing this set changes the
# network, so regenerate the scales with `python -m styler.normalization` when it changes.
NORMALIZATION_SET = (
    "painting_auvers_street.jpg", "painting_great_wave.jpg", "painting_kandinsky_composition_viii.jpg",
    "painting_stained_glass.jpg", "painting_starry_night.jpg", "photo_astronaut.jpg", "photo_butterfly.jpg",
    "photo_cat.jpg", "photo_coffee.jpg", "photo_leuven_street.jpg",
)
MAX_MEMO = 8  # scales kept per (weights, pooling)

_memo: OrderedDict[tuple[str, str], dict[str, torch.Tensor]] = OrderedDict()
_memo_lock = threading.Lock()


def normalization_images(directory: Path | None = None) -> list[torch.Tensor]:
    """The normalisation set, 1x3xHxW in 0..255, long side SET_SIZE."""
    directory = directory or EXAMPLES_DIR
    missing = [name for name in NORMALIZATION_SET if not (directory / name).is_file()]
    if missing:
        code = "weights.normalization_image_missing" if len(missing) == 1 else "weights.normalization_images_missing"
        raise WeightsError(code, folder=str(directory), names=", ".join(missing))
    tensors = []
    for name in NORMALIZATION_SET:
        image = load_image(directory / name, "normalisation")
        tensors.append(to_tensor(resize(image, fit_long_side(image.size, SET_SIZE))))
    return tensors


@torch.no_grad()
def compute_scales(convs, convention, pooling: str, images: list[torch.Tensor]) -> dict[str, torch.Tensor]:
    """Layer by layer: measure each filter's mean post-ReLU activation over all images and
    positions (with the earlier layers already rescaled) and take its inverse."""
    model = VGG19Features(convs, convention, pooling)
    acts = [model.preprocess(img) for img in images]
    scales = {}
    for name in LAYER_NAMES:
        acts = [F.relu(model.convs[name](a)) for a in acts]
        total = sum(a.sum(dim=(0, 2, 3)) for a in acts)
        count = sum(a.shape[0] * a.shape[2] * a.shape[3] for a in acts)
        filter_mean = total / count
        # A filter that never fires on the set keeps scale 1: there is nothing to normalise.
        scale = torch.where(filter_mean > 1e-8, 1.0 / filter_mean.clamp_min(1e-8), torch.ones_like(filter_mean))
        scales[name] = scale
        acts = [a * scale.view(1, -1, 1, 1) for a in acts]
        if name in POOL_AFTER:
            acts = [model._pool(a) for a in acts]
    return scales


def filter_scales(source: str, pooling: str, convs, convention) -> dict[str, torch.Tensor]:
    """Each filter's scale for these weights and pooling: shipped for the original weights,
    computed (once per process) for others."""
    key = (source, pooling)
    with _memo_lock:
        if key in _memo:
            return _memo[key]
    scales = None
    if source == "original" and SHIPPED.is_file():
        shipped = torch.load(SHIPPED, map_location="cpu", weights_only=True)
        scales = shipped.get(pooling)
    if scales is None:
        scales = compute_scales(convs, convention, pooling, normalization_images())
    with _memo_lock:
        _memo[key] = scales
        while len(_memo) > MAX_MEMO:
            _memo.popitem(last=False)
    return scales


def main() -> int:
    """Recompute the shipped scales of the original weights from examples/."""
    convs, convention = load_conv_weights("original")
    images = normalization_images()
    data = {pooling: compute_scales(convs, convention, pooling, images) for pooling in ("avg", "max")}
    SHIPPED.parent.mkdir(parents=True, exist_ok=True)
    torch.save(data, SHIPPED)
    print(f"wrote {SHIPPED} from {len(images)} images in {EXAMPLES_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
