"""Per-iteration time of a full stylisation against the floor, and the time to the first preview.

    python benchmarks/speed.py [--sizes 256 512] [--iterations 110]

The floor is one VGG-19 forward + backward to the deepest layer in use (conv5_1), at the same
size, on the same device, measured in the same run. Target: iteration / floor <= 1.15.
An iteration is timed twice: early (iterations 2-12, little L-BFGS history) and, when the run is
long enough, after iteration 100, when the optimiser holds its full history of 100 pairs.
"""
from __future__ import annotations

import argparse
import statistics
import time

import torch

from common import image_pairs, median_seconds
from styler import StyleParams, stylize, warm_up
from styler.engine import resolve_device
from styler.images import fit_long_side, load_image, resize, to_tensor
from styler.presets import preset
from styler.vgg import get_vgg


def floor_seconds(net, content, size, device) -> float:
    x = to_tensor(resize(content, size), device).requires_grad_(True)
    layers = StyleParams().layers_in_use

    def forward_backward():
        feats = net(x, layers)
        sum(f.sum() for f in feats.values()).backward()
        x.grad = None
        if device.type == "cuda":
            torch.cuda.synchronize()

    return median_seconds(forward_backward, repeats=5)


def iteration_seconds(content, style, params) -> tuple[float, float | None, float]:
    """(median seconds per iteration 2-12, the same after iteration 100 or None, seconds to the
    first preview)."""
    stamps, first_preview = [], None
    for p in stylize(content, style, params):
        stamps.append(p.elapsed)
        if p.image is not None and first_preview is None:
            first_preview = p.elapsed
    deltas = [b - a for a, b in zip(stamps, stamps[1:])]  # deltas[k]: iteration k + 2
    late = statistics.median(deltas[99:]) if len(deltas) > 100 else None
    return statistics.median(deltas[:11]), late, first_preview


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[256, 512])
    parser.add_argument("--iterations", type=int, default=110)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    device = resolve_device(args.device)
    warm_up(StyleParams(device=args.device))  # "model loaded": the network and torch's optimiser imports
    net = get_vgg("original", "avg", True, device)
    content_path, style_path = image_pairs(1)[0]
    content, style = load_image(content_path), load_image(style_path)
    print(f"device: {device}, torch threads: {torch.get_num_threads()}, pair: {content_path.name} + {style_path.name}")
    print(f"{'size':>6} {'floor s':>9} {'iter s':>9} {'ratio':>7} {'full-history s':>15} {'ratio':>7} "
          f"{'first preview s':>16}")
    for size in args.sizes:
        params = preset("Paper (Fig. 3)", size=size, iterations=args.iterations, device=args.device)
        dims = fit_long_side(content.size, size)
        floor = floor_seconds(net, content, dims, device)
        early, late, first = iteration_seconds(content, style, params)
        full = f"{late:>15.3f} {late / floor:>7.3f}" if late else f"{'-':>15} {'-':>7}"
        print(f"{size:>6} {floor:>9.3f} {early:>9.3f} {early / floor:>7.3f} {full} {first:>16.2f}", flush=True)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
