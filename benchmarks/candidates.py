"""Which look should be the default? Candidates side by side at equal wall time, judged on content,
on style statistics a candidate may not optimise, and on completeness, with a picture sheet per pair.

    python benchmarks/candidates.py [--pairs examples|hard|spread|shared|flat] [--size 384] [--seconds 30] [--only NAME ...]

Every candidate runs on every pair in this process, one after the other, with the app's own time
budget (`seconds`: the run plans its iterations from this machine's measured pace and ends on
time), and its final image is scored by quality.py: content error, Gram error, W2 and sliced
distances (fractions of the unchanged photo's), completeness (how much of the painting appears,
on a network no candidate optimises; 1.0 = no more than the photo has) and grain (the finest
pyramid level's energy against the painting's). For each pair a sheet (photo, painting, then each
candidate) is written to artifacts/candidates/ (git-ignored): look at every one before deciding.
"""
from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from PIL import Image, ImageDraw

from common import EXAMPLES, ROOT, SHARED_IMAGES
from quality import Evaluator
from styler import StyleParams, pyramid, stylize
from styler.images import load_image
from styler.losses import NeighbourLoss
from styler.presets import preset

# Every candidate is a change to the Recommended preset (384 px, a 30 s budget, coarse to fine).
# Each earlier look with its alpha as it was set (balance="fixed"), as those looks ran.
PREVIOUS_LOOK = dict(init="matched", content_weight=7e-3, scales=5, scale_step=1.41, neighbour_weight=0.0,
                     balance="fixed")
CANDIDATES = {
    # The default before the painting's elements: Gram statistics alone, from the recoloured photo.
    "previous default (Gram)": PREVIOUS_LOOK,
    # The same with stronger style (the "alpha/beta 1e-6"): more of the painting, less photo.
    "Gram, 7x style": dict(PREVIOUS_LOOK, content_weight=1e-3),
    # Gram combined with the neighbour term (relaxed EMD on conv3_1 and conv4_1), every painting
    # feature weighted alike (no focus on what the start lacks), at three balances.
    "Gram + elements, alpha 5e-2": dict(PREVIOUS_LOOK, neighbour_weight=1e-3, content_weight=5e-2, focus=0),
    "Gram + elements, alpha 7e-2": dict(PREVIOUS_LOOK, neighbour_weight=1e-3, content_weight=7e-2, focus=0),
    "Gram + elements, alpha 1e-1": dict(PREVIOUS_LOOK, neighbour_weight=1e-3, content_weight=1e-1, focus=0),
    # W2 (mean and covariance) in place of Gram, with the neighbour term.
    "W2 + elements": dict(PREVIOUS_LOOK, style_loss="w2", neighbour_weight=1e-3, content_weight=5e-2),
    # The default look with alpha as set for every painting: the default before the balance.
    "elements, fixed alpha 5e-2": dict(balance="fixed"),
    "default look (StyleParams())": {},
    # STROTSS's self-similarity content loss in place of the paper's (the balance cannot measure
    # it: alpha as set).
    "self-similarity content, alpha 0.3": dict(content_loss="self-similarity", content_weight=0.3),
    "self-similarity content, alpha 1": dict(content_loss="self-similarity", content_weight=1.0),
    "self-similarity content, alpha 3": dict(content_loss="self-similarity", content_weight=3.0),
    # The image optimised as a Laplacian pyramid (styler.pyramid), each coarser level counting
    # `gain` times the next finer one (0.5: every level alike; 1: the plain sum over its pixels).
    "pyramid 4 levels, gain 0.5": dict(pyramid_levels=4, gain=0.5),
    "pyramid 4 levels, gain 0.6": dict(pyramid_levels=4, gain=0.6),
    "pyramid 4 levels, gain 0.75": dict(pyramid_levels=4, gain=0.75),
    "pyramid 4 levels, gain 1": dict(pyramid_levels=4, gain=1.0),
}

PAIR_SETS = {
    "flat": [("photo_cat.jpg", "painting_great_wave.jpg"),
             ("photo_astronaut.jpg", "painting_kandinsky_composition_viii.jpg")],
    "hard": [("photo_cat.jpg", "painting_great_wave.jpg"), ("photo_astronaut.jpg", "painting_kandinsky_composition_viii.jpg"),
             ("brad_pitt.jpg", "picasso_selfport1907.jpg"), ("golden_gate.jpg", "candy.jpg"),
             ("amber.jpg", "udnie.jpg"), ("hoovertowernight.jpg", "mosaic.jpg")],
    # Pairs that one fixed alpha paints unevenly: flat paintings barely move a photo, the busy
    # stained glass pulls it apart; a face (what the balance is judged on).
    "spread": [("photo_butterfly.jpg", "painting_great_wave.jpg"),
               ("photo_butterfly.jpg", "painting_kandinsky_composition_viii.jpg"),
               ("photo_leuven_street.jpg", "painting_great_wave.jpg"),
               ("photo_leuven_street.jpg", "painting_auvers_street.jpg"),
               ("photo_cat.jpg", "painting_stained_glass.jpg"),
               ("photo_astronaut.jpg", "painting_kandinsky_composition_viii.jpg"),
               ("brad_pitt.jpg", "picasso_selfport1907.jpg")],
    "shared": [("golden_gate.jpg", "woman-with-hat-matisse.jpg"), ("hoovertowernight.jpg", "escher_sphere.jpg"),
               ("brad_pitt.jpg", "picasso_selfport1907.jpg"), ("brad_pitt.jpg", "frida_kahlo.jpg"),
               ("golden_gate.jpg", "candy.jpg"), ("amber.jpg", "mosaic.jpg"), ("amber.jpg", "udnie.jpg")],
}


def image_path(name: str) -> Path:
    return EXAMPLES / name if (EXAMPLES / name).exists() else SHARED_IMAGES / name


def pairs(which: str) -> list[tuple[Path, Path]]:
    if which == "examples":
        photos = sorted(EXAMPLES.glob("photo_*.jpg"))
        paintings = sorted(EXAMPLES.glob("painting_*.jpg"))
        return [(p, s) for p in photos for s in paintings]
    chosen = [(image_path(c), image_path(s)) for c, s in PAIR_SETS[which]]
    missing = [p for pair in chosen for p in pair if not p.exists()]
    if missing:
        raise SystemExit(f"{missing[0]} is absent: the '{which}' pairs need ../shared/images")
    return chosen


def final_image(content, style, params: StyleParams, focus: float | None = None,
                gain: float | None = None) -> tuple[Image.Image, float, int]:
    """The run's last image; `focus` replaces NeighbourLoss.FOCUS_POWER for it (0: no focus),
    `gain` pyramid.LEVEL_GAIN."""
    saved = NeighbourLoss.FOCUS_POWER, pyramid.LEVEL_GAIN
    NeighbourLoss.FOCUS_POWER = saved[0] if focus is None else focus
    pyramid.LEVEL_GAIN = saved[1] if gain is None else gain
    try:
        last = None
        for last in stylize(content, style, params):
            pass
    finally:
        NeighbourLoss.FOCUS_POWER, pyramid.LEVEL_GAIN = saved
    return last.image, last.elapsed, last.iteration


def sheet(images: list[tuple[str, Image.Image]], height: int, path: Path, columns: int = 4) -> None:
    """Labelled cells of one height, `columns` to a row."""
    cells = [im.convert("RGB").resize((round(im.width * height / im.height), height)) for _, im in images]
    width = max(c.width for c in cells) + 4
    rows = -(-len(cells) // columns)
    grid = Image.new("RGB", (columns * width, rows * (height + 16)), "white")
    draw = ImageDraw.Draw(grid)
    for i, ((label, _), cell) in enumerate(zip(images, cells)):
        x, y = (i % columns) * width, (i // columns) * (height + 16)
        grid.paste(cell, (x, y))
        draw.text((x + 2, y + height + 2), label[:width // 6], fill="black")
    grid.save(path)


COLUMNS = ("content_err", "style_err", "w2_err", "sw_err", "completeness", "grain")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default="hard", choices=("examples", *PAIR_SETS))
    parser.add_argument("--size", type=int, default=384)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--only", nargs="*", help="candidate names to run (default: all)")
    args = parser.parse_args()
    out = ROOT / "artifacts" / "candidates"
    out.mkdir(parents=True, exist_ok=True)
    names = [n for n in CANDIDATES if not args.only or n in args.only]
    print(f"{args.size} px, {args.seconds:g} s budget each; lower is better (w2, sw, completeness: photo = 1.00)")
    print(f"{'pair':<26} {'candidate':<30} {'its':>4} {'s':>5} " + " ".join(f"{c[:8]:>8}" for c in COLUMNS))
    scores: dict[str, list[dict]] = {n: [] for n in names}
    for content_path, style_path in pairs(args.pairs):
        evaluate = Evaluator(content_path, style_path)
        content, style = load_image(content_path), load_image(style_path)
        row_images = [("photo", content), ("painting", style)]
        for name in names:
            changes = dict(CANDIDATES[name])
            focus, gain = changes.pop("focus", None), changes.pop("gain", None)
            params = preset("Recommended", size=args.size, seconds=args.seconds, device="cpu", **changes)
            image, seconds, iterations = final_image(content, style, params, focus, gain)
            q = evaluate(image)
            scores[name].append(q)
            pair = f"{content_path.stem[:12]}+{style_path.stem[:13]}"
            print(f"{pair:<26} {name[:30]:<30} {iterations:>4} {seconds:>5.1f} "
                  + " ".join(f"{q[c]:>8.3f}" for c in COLUMNS), flush=True)
            row_images.append((name, image))
        sheet(row_images, 256, out / f"{content_path.stem}+{style_path.stem}_{args.size}.png")
    # The range matters as much as the mean: one strength should change every photo about as much.
    print("\nmean (min-max) over the pairs")
    for name, rows in scores.items():
        print(f"{name[:30]:<30} " + " ".join(
            f"{statistics.mean(r[c] for r in rows):.3f} ({min(r[c] for r in rows):.2f}-{max(r[c] for r in rows):.2f})"
            for c in COLUMNS))


if __name__ == "__main__":
    main()
