"""Per-iteration time of a full stylisation against the floor, and the time to the first preview.

    python benchmarks/speed.py [--sizes 256 512] [--iterations 110] [--gram convolution matmul]
                               [--precisions float32 bf16] [--look paper|default]

The floor is one VGG-19 forward + backward to the deepest layer in use (conv5_1), at the same
size, on the same device, timed right after each iteration of the run (the ratio is the median
of those neighbouring pairs). Target: iteration / floor <= 1.15.
An iteration is timed twice: early (iterations 2-12, little L-BFGS history) and, when the run is
long enough, after iteration 100, when the optimiser holds its full history of 100 pairs.
`--gram` compares the ways the Gram products can run on a CPU (styler.accel.Tuning): as
oneDNN 1x1 convolutions (the default on x86) or as BLAS matrix products. `--precisions` runs
each precision in turn (on a CPU with native bf16, "auto" is bf16); the last column is each
iteration against the fastest floor of its size. `--look default` times the default look (the
painting's elements on) instead of the paper's settings.
"""
from __future__ import annotations

import argparse
import statistics
import time

import torch

from common import Floor, image_pairs
from styler import StyleParams, accel, stylize, warm_up
from styler.engine import resolve_device
from styler.images import fit_long_side, load_image
from styler.presets import preset
from styler.network import get_vgg


def interleaved(content, style, params, floor: Floor, tuning: accel.Tuning = accel.DEFAULT_TUNING) -> dict:
    """Each iteration timed on its own, with one floor pass timed right after it: on a shared
    machine the load drifts, and a ratio of neighbours does not depend on when it did.
    Returns the median iteration / floor ratio and times for iterations 2-12 and after 100."""
    run = stylize(content, style, params, tuning=tuning)
    first = next(run)
    first_preview = first.elapsed if first.image is not None else None
    rows = []  # (iteration, iteration seconds, floor seconds)
    while True:
        start = time.perf_counter()
        p = next(run, None)
        if p is None:
            break
        seconds = time.perf_counter() - start
        if first_preview is None and p.image is not None:
            first_preview = p.elapsed
        rows.append((p.iteration, seconds, floor()))

    def window(lo, hi):
        chosen = [r for r in rows if lo <= r[0] <= hi]
        if not chosen:
            return None
        return {"iteration": statistics.median(r[1] for r in chosen),
                "floor": statistics.median(r[2] for r in chosen),
                "ratio": statistics.median(r[1] / r[2] for r in chosen)}

    return {"early": window(2, 12), "late": window(101, 10**9), "first_preview": first_preview}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[256, 512])
    parser.add_argument("--iterations", type=int, default=110)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--gram", nargs="+", choices=["convolution", "matmul"], default=["convolution"],
                        help="how Gram products run on an x86 CPU; several: one row each")
    parser.add_argument("--precisions", nargs="+", choices=["auto", "float32", "bf16"], default=["auto"])
    parser.add_argument("--look", choices=["paper", "default"], default="paper")
    args = parser.parse_args()
    device = resolve_device(args.device)
    warm_up(StyleParams(device=args.device))  # "model loaded": the network and torch's optimiser imports
    net = get_vgg("original", "avg", True, device, accel.memory_format(device))  # as the runs have it
    content_path, style_path = image_pairs(1)[0]
    content, style = load_image(content_path), load_image(style_path)
    print(f"device: {device}, torch threads: {torch.get_num_threads()}, pair: {content_path.name} + {style_path.name}")
    if device.type == "cpu":
        probe = accel.cpu_precision_probe()
        print(f"precision probe: float32 {probe.float32_seconds * 1e3:.1f} ms, bf16 "
              + (f"{probe.bf16_seconds * 1e3:.1f} ms ({probe.bf16_speedup:.2f}x)" if probe.bf16_seconds else "none")
              + f"; auto = {accel.precision_for('auto', device)}")
    print(f"{'size':>6} {'precision':>9} {'gram':>11} {'floor s':>9} {'iter s':>9} {'ratio':>7} {'full-history s':>15} "
          f"{'ratio':>7} {'first preview s':>16} {'/ fastest floor':>16}")
    for size in args.sizes:
        rows = []
        for precision in args.precisions:
            for products in args.gram:
                tuning = accel.Tuning(gram_convolutions=products == "convolution")
                base = preset("Paper (Fig. 3)") if args.look == "paper" else StyleParams(seconds=0, scales=1)
                params = base.replace(size=size, iterations=args.iterations, device=args.device, precision=precision)
                chosen = accel.precision_for(params.precision, device)
                floor = Floor(net, content, fit_long_side(content.size, size), device, chosen)
                floor()  # once untimed, like the run's own first iteration
                rows.append((chosen, products, interleaved(content, style, params, floor, tuning)))
        fastest = min(r["early"]["floor"] for _, _, r in rows)
        for chosen, products, r in rows:
            early, late = r["early"], r["late"]
            full = f"{late['iteration']:>15.3f} {late['ratio']:>7.3f}" if late else f"{'-':>15} {'-':>7}"
            print(f"{size:>6} {chosen:>9} {products:>11} {early['floor']:>9.3f} {early['iteration']:>9.3f} "
                  f"{early['ratio']:>7.3f} {full} {r['first_preview']:>16.2f} {early['iteration'] / fastest:>16.3f}",
                  flush=True)

if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
