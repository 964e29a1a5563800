"""Coarse-to-fine against a single scale at a large size: time and evaluator quality.

    python benchmarks/multiscale.py [--size 1024] [--iterations 60] [--scales 3]

Both runs use the Recommended settings and the same total number of iterations; the
multi-scale run spends its early ones at 1/4 and 1/2 of the size.
"""
from __future__ import annotations

import argparse

from common import image_pairs
from quality import Evaluator
from styler import stylize
from styler.presets import preset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--scales", type=int, default=3)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    content, style = image_pairs(1)[0]
    evaluate = Evaluator(content, style)
    print(f"{content.name} + {style.name}, {args.size} px, {args.iterations} iterations, device {args.device}")
    print(f"{'scales':>7} {'seconds':>8} {'content err':>12} {'style err':>10} {'score':>7}")
    times = {}
    for scales in (1, args.scales):
        params = preset("Recommended", size=args.size, seconds=0, iterations=args.iterations, scales=scales,
                        preview_every=args.iterations, device=args.device)
        for p in stylize(content, style, params):
            pass
        q = evaluate(p.image)
        times[scales] = p.elapsed
        print(f"{scales:>7} {p.elapsed:>8.1f} {q['content_err']:>12.3f} {q['style_err']:>10.3f} "
              f"{q['content_err'] + q['style_err']:>7.3f}")
    print(f"multi-scale time / single-scale time: {times[args.scales] / times[1]:.2f}")


if __name__ == "__main__":
    main()
