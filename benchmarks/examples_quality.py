"""What a visitor sees first, scored: every example pair's made-ahead result by the fixed evaluator.

    python benchmarks/examples_quality.py [--results examples/results] [--sheet artifacts/examples.png]

Reads `<photo>+<painting>.jpg` from --results (default: the shipped ones, made by the default Run
with `python examples/make_results.py`), scores each against its photo and painting (quality.py:
content and Gram error, W2 and sliced distances, completeness, grain) and prints a row a pair and
the mean and range per painting. --sheet writes every result in a grid (photos down, paintings
across) to look at.
"""
from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from PIL import Image

from common import EXAMPLES
from quality import Evaluator

COLUMNS = ("content_err", "style_err", "w2_err", "sw_err", "completeness", "grain")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=EXAMPLES / "results")
    parser.add_argument("--sheet", type=Path, default=None)
    args = parser.parse_args()
    photos = sorted(EXAMPLES.glob("photo_*.jpg"))
    paintings = sorted(EXAMPLES.glob("painting_*.jpg"))
    print(f"{'pair':<40} " + " ".join(f"{c[:8]:>8}" for c in COLUMNS))
    rows: dict[str, list[dict]] = {p.stem: [] for p in paintings}
    cells = []
    for photo in photos:
        for painting in paintings:
            result = Image.open(args.results / f"{photo.stem}+{painting.stem}.jpg").convert("RGB")
            q = Evaluator(photo, painting)(result)
            rows[painting.stem].append(q)
            cells.append(result)
            print(f"{photo.stem[6:] + ' + ' + painting.stem[9:]:<40} " + " ".join(f"{q[c]:>8.3f}" for c in COLUMNS),
                  flush=True)
    print("\nper painting: mean (min-max)")
    for painting, qs in rows.items():
        print(f"{painting[9:]:<28} " + "  ".join(
            f"{c[:5]} {statistics.mean(q[c] for q in qs):.2f} ({min(q[c] for q in qs):.2f}-{max(q[c] for q in qs):.2f})"
            for c in ("content_err", "style_err", "completeness", "grain")))
    every = [q for qs in rows.values() for q in qs]
    print("all pairs: " + "  ".join(f"{c} {statistics.mean(q[c] for q in every):.3f} (max {max(q[c] for q in every):.3f})"
                                    for c in COLUMNS))
    if args.sheet:
        side = 192
        grid = Image.new("RGB", (side * len(paintings), side * len(photos)), "white")
        for i, cell in enumerate(cells):
            cell.thumbnail((side, side))
            grid.paste(cell, ((i % len(paintings)) * side, (i // len(paintings)) * side))
        args.sheet.parent.mkdir(parents=True, exist_ok=True)
        grid.save(args.sheet)


if __name__ == "__main__":
    main()
