"""What the benchmarks share: the test images and the floor every iteration is measured against."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import torch

from styler import StyleParams, accel
from styler.images import resize, to_tensor

ROOT = Path(__file__).resolve().parent.parent

SHARED_IMAGES = ROOT.parent / "shared" / "images"
EXAMPLES = ROOT / "examples"
# (content, style) pairs from the shared test images; the project's own examples stand in without them.
SHARED_PAIRS = [("golden_gate.jpg", "woman-with-hat-matisse.jpg"), ("hoovertowernight.jpg", "escher_sphere.jpg"),
                ("brad_pitt.jpg", "picasso_selfport1907.jpg")]
EXAMPLE_PAIRS = [("photo_leuven_street.jpg", "painting_starry_night.jpg"), ("photo_cat.jpg", "painting_great_wave.jpg"),
                 ("photo_astronaut.jpg", "painting_kandinsky_composition_viii.jpg")]


def image_pairs(count: int = 2) -> list[tuple[Path, Path]]:
    if SHARED_IMAGES.is_dir():
        return [(SHARED_IMAGES / c, SHARED_IMAGES / s) for c, s in SHARED_PAIRS[:count]]
    print(f"note: {SHARED_IMAGES} is absent; using the project's examples instead", file=sys.stderr)
    return [(EXAMPLES / c, EXAMPLES / s) for c, s in EXAMPLE_PAIRS[:count]]


class Floor:
    """The floor: one VGG-19 forward + backward to the layers the paper's settings use, on the
    content image at a run's size, in the run's arithmetic and memory layout. `floor()` returns
    its seconds (the GPU synchronised)."""

    def __init__(self, net, content, size, device, precision: str = "float32", cudnn_benchmark: bool = False):
        self.net, self.device, self.precision = net, device, precision  # (in the network's own layout)
        self.cudnn_benchmark = cudnn_benchmark
        self.x = to_tensor(resize(content, size), device).requires_grad_(True)
        self.layers = StyleParams().layers_in_use()
        if device.type == "cuda":  # this precision's switches for the process, until the next variant
            accel.forget_cuda_switches()
            accel.cuda_switches(precision in ("tf32", "bf16"), cudnn_benchmark)

    def __call__(self) -> float:
        start = time.perf_counter()
        with accel.network_autocast(self.precision, self.device):
            feats = self.net(self.x, self.layers)
        sum(f.float().sum() for f in feats.values()).backward()
        self.x.grad = None
        if self.device.type == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter() - start
