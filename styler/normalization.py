"""The paper's normalised network: each filter rescaled so its mean activation is 1.

Gatys et al. rescale every conv filter's weights and bias so that its mean activation over
images and positions is 1; that keeps the layers' losses on comparable scales and gives the
paper's alpha/beta ratios their meaning. The means are taken over a fixed normalisation set,
the project's own `examples/` photos and paintings at 256 px (long side).

For the default weights the scales are computed once and shipped in `styler/data/`
(regenerate with `python -m styler.normalization`); other weights get them computed at load.
"""
from __future__ import annotations

import sys
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

_memo: dict[tuple[str, str], dict[str, torch.Tensor]] = {}


def normalization_images(directory: Path | None = None) -> list[torch.Tensor]:
    """The normalisation set: every example image, 1x3xHxW in 0..255, long side SET_SIZE."""
    directory = directory or EXAMPLES_DIR
    files = sorted(p for p in directory.glob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    if not files:
        raise WeightsError(
            f"The normalised network needs the example images in {directory} to compute its scales; "
            "none were found. Use normalized=False, or restore examples/.")
    tensors = []
    for path in files:
        image = load_image(path, "normalisation")
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


@torch.no_grad()
def measure_filter_means(model, images: list[torch.Tensor]) -> dict[str, torch.Tensor]:
    """Each filter's mean activation over images and positions, through a built model."""
    sums: dict[str, torch.Tensor] = {}
    counts: dict[str, int] = {}
    for img in images:
        feats = model(img.to(model.mean.device), LAYER_NAMES)
        for name, a in feats.items():
            sums[name] = sums.get(name, 0) + a.sum(dim=(0, 2, 3)).cpu()
            counts[name] = counts.get(name, 0) + a.shape[0] * a.shape[2] * a.shape[3]
    return {name: sums[name] / counts[name] for name in sums}


def filter_scales(source: str, pooling: str, convs, convention) -> dict[str, torch.Tensor]:
    key = (source, pooling)
    if key in _memo:
        return _memo[key]
    scales = None
    if source == "original" and SHIPPED.is_file():
        shipped = torch.load(SHIPPED, map_location="cpu", weights_only=True)
        scales = shipped.get(pooling)
    if scales is None:
        scales = compute_scales(convs, convention, pooling, normalization_images())
    _memo[key] = scales
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
