"""Runs with a time budget: do they end on time, and what do they paint in it?

    python benchmarks/budget.py [--size 512] [--seconds 20] [--pairs 3] [--preset Recommended]

For each pair, a run of the preset at --size with each budget in --seconds. Prints when its first
item came, its own time from the first item to the last (the target: within 10% of the budget),
its whole time, its iterations, and the evaluator's errors of its picture next to the photo's own
(content: 0 for the photo; Gram, W2 and sliced: how far from the painting, the photo = 1 for W2 and
sliced): clearly more style than the photo, the photo still recognisable. A sheet per pair (photo,
painting, results) goes to artifacts/budget/.
"""
from __future__ import annotations

import argparse
import time

from candidates import sheet
from common import ROOT, image_pairs
from quality import Evaluator

from styler import stylize
from styler.images import load_image
from styler.presets import DEFAULT_PRESET, preset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--seconds", type=float, nargs="+", default=[20.0])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--preset", default=DEFAULT_PRESET)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    out = ROOT / "artifacts" / "budget"
    out.mkdir(parents=True, exist_ok=True)
    print(f"{args.preset} at {args.size} px; errors lower is better (w2, sw: the photo = 1.00)")
    print(f"{'pair':<24} {'budget':>6} {'first':>6} {'first->last':>11} {'off':>6} {'whole':>6} {'its':>4} "
          f"{'content':>8} {'gram':>6} {'w2':>6} {'sw':>6}")
    for content_path, style_path in image_pairs(args.pairs):
        evaluate = Evaluator(content_path, style_path)
        content, style = load_image(content_path), load_image(style_path)
        name = f"{content_path.stem[:11]}+{style_path.stem[:11]}"
        photo = evaluate(content)
        print(f"{name:<24} {'photo':>6} {'':>6} {'':>11} {'':>6} {'':>6} {'':>4} {photo['content_err']:>8.3f} "
              f"{photo['style_err']:>6.3f} {photo['w2_err']:>6.3f} {photo['sw_err']:>6.3f}")
        cells = [("photo", content), ("painting", style)]
        for budget in args.seconds:
            params = preset(args.preset, size=args.size, seconds=budget, device=args.device)
            began = time.perf_counter()
            first = last = None
            for p in stylize(content_path, style_path, params):
                now = time.perf_counter()
                first = first or now
                last = p
            whole = time.perf_counter() - began
            own = time.perf_counter() - first
            q = evaluate(last.image)
            print(f"{name:<24} {budget:>5g}s {first - began:>6.2f} {own:>11.2f} {own / budget - 1:>+6.1%} "
                  f"{whole:>6.2f} {last.iteration:>4} {q['content_err']:>8.3f} {q['style_err']:>6.3f} "
                  f"{q['w2_err']:>6.3f} {q['sw_err']:>6.3f}", flush=True)
            cells.append((f"{budget:g} s, {last.iteration} its", last.image))
        sheet(cells, 256, out / f"{content_path.stem}+{style_path.stem}_{args.size}.png")


if __name__ == "__main__":
    main()
