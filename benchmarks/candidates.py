"""Which look should be the default? Candidates side by side, at equal wall time, by the fixed
evaluator on both axes (and on style statistics a candidate does not optimise), with a picture sheet.

    python benchmarks/candidates.py [--size 256] [--seconds 30] [--pairs 3] [--only NAME ...] [--factors 0.3 1 3]

Every candidate runs on every pair (../shared/images, else the project's examples) in this process,
one after the other, with previews every few iterations; the image shown at --seconds (or the
final one, if the run ended sooner) is scored by quality.py: content error, Gram style error, and
the W2 and sliced-Wasserstein distances (as fractions of the unchanged photo's). The score column
is content + Gram error, for sorting only. For each pair a sheet (photo, painting, then each
candidate) is written to artifacts/candidates/ (git-ignored): look at it before deciding.
Content and style error trade off: --factors runs each candidate at several multiples of its
alpha/beta, so that candidates can be compared at equal content error.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw

from common import ROOT, image_pairs
from quality import Evaluator
from styler import StyleParams, stylize
from styler.engine import stages
from styler.images import fit_long_side, load_image
from styler.presets import LOOK, preset

BASE = dict(init="content", preview_every=2)
MULTI = dict(scales=5, scale_step=1.41)  # from about size/4 in steps of sqrt(2)
# alpha/beta 1e-5 (beta is the default 1e3): where coarse-to-fine Gram runs are about as far from
# the photo as the previous default at 256 px (content error 0.72-0.76 at 20 s).
C2F = dict(content_weight=1e-2, **MULTI)
W2 = dict(C2F, style_loss="w2")
CANDIDATES = {
    # The previous default: the paper's sums, alpha/beta 1e-7 at 320 px (scaled by the pixel count
    # to the size run, as it was), TV 2 (x 1000, as beta is now 1000).
    "previous default (Recommended)": dict(loss_scale="paper", content_weight=1e-4, tv_weight=2e3),
    # Round 1: the style statistic, one scale or coarse to fine (run with --factors 0.3 1 3).
    "gram": dict(content_weight=3e-2),
    "gram, coarse to fine": dict(content_weight=3e-2, **MULTI),
    "w2, coarse to fine": W2,
    "sliced, coarse to fine": dict(W2, style_loss="sliced"),
    # Round 2: one change each to Gram, coarse to fine, at 1e-5.
    "c2f": C2F,
    "c2f + averaging 0.9": dict(C2F, average=0.9),
    "c2f + replicate padding": dict(C2F, padding="replicate"),
    "c2f + TV 10": dict(C2F, tv_weight=10.0),
    "c2f, layers 256:64:16:4:1": dict(C2F, style_layers="conv1_1:256,conv2_1:64,conv3_1:16,conv4_1:4,conv5_1:1",
                                      content_weight=1e-2 * 341 / 5),
    "c2f, layers 1:2:4:8:16": dict(C2F, style_layers="conv1_1:1,conv2_1:2,conv3_1:4,conv4_1:8,conv5_1:16",
                                   content_weight=1e-2 * 31 / 5),
    "c2f, colour-matched start": dict(C2F, init="matched"),
    "c2f, Adam": dict(C2F, optimizer="adam", learning_rate=4.0),
    "c2f, scale step 2": dict(C2F, scales=3, scale_step=2.0),
    # Round 3 at 384 px, 60 s, and round 4 (--factors 0.5) chose this one.
    "Recommended (the new default)": LOOK,
}


def iterations_for(content, style, params: StyleParams, seconds: float) -> int:
    """As many iterations as fit in `seconds`: a few timed iterations at the full size, and each
    coarser scale costing its share of the pixels."""
    pilot = params.replace(iterations=6, scales=1)
    times = [p.elapsed for p in stylize(content, style, pilot)]
    per_iteration = (times[-1] - times[1]) / (len(times) - 2)
    full = fit_long_side(content.size, params.size)
    schedule = stages(params.replace(iterations=1000), full)
    cost = sum(w * h / (full[0] * full[1]) for (w, h), _ in schedule)
    scales = len(schedule)
    # A margin, since the pilot's pace is only an estimate: the clock, not the count, ends the run.
    return max(scales, round(1.3 * seconds / per_iteration / cost * scales))


def run_for(content, style, params: StyleParams, seconds: float) -> tuple[Image.Image, float, int]:
    """The image shown at `seconds` (or the last, if sooner), its time and iteration."""
    shown, at, iteration = None, 0.0, 0
    run = stylize(content, style, params)
    try:
        for p in run:
            if p.image is not None:
                shown, at, iteration = p.image, p.elapsed, p.iteration
            if p.elapsed >= seconds:
                break
    finally:
        run.close()
    return shown, at, iteration


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="candidate names to run (default: all)")
    parser.add_argument("--factors", type=float, nargs="+", default=[1.0],
                        help="run each candidate (but the previous default) at these multiples of its alpha/beta")
    args = parser.parse_args()
    out = ROOT / "artifacts" / "candidates"
    out.mkdir(parents=True, exist_ok=True)
    names = [n for n in CANDIDATES if not args.only or n in args.only]
    print(f"{args.size} px, {args.seconds:g} s each, CPU; errors lower is better (w2, sw: photo = 1.00)")
    print(f"{'pair':<22} {'candidate':<40} {'its':>4} {'s':>5} {'content':>8} {'gram':>6} {'w2':>6} {'sw':>6} {'score':>6}")
    for content_path, style_path in image_pairs(args.pairs):
        evaluate = Evaluator(content_path, style_path)
        content, style = load_image(content_path), load_image(style_path)
        row_images = [("photo", content), ("painting", style)]
        for name in names:
            for factor in ([1.0] if name.startswith("previous") else args.factors):
                params = preset("Paper (Fig. 3)").replace(size=args.size, device="cpu", **{**BASE, **CANDIDATES[name]})
                params = params.replace(content_weight=params.content_weight * factor)
                if name.startswith("previous"):
                    params = params.replace(content_weight=params.content_weight * (320 / args.size) ** 2)
                params = params.replace(iterations=iterations_for(content, style, params, args.seconds))
                image, at, iteration = run_for(content, style, params, args.seconds)
                q = evaluate(image)
                label = name if factor == 1.0 else f"{name} x{factor:g}"
                print(f"{content_path.stem[:10] + '+' + style_path.stem[:11]:<22} {label[:40]:<40} {iteration:>4} "
                      f"{at:>5.1f} {q['content_err']:>8.3f} {q['style_err']:>6.3f} {q['w2_err']:>6.3f} "
                      f"{q['sw_err']:>6.3f} {q['content_err'] + q['style_err']:>6.3f}", flush=True)
                row_images.append((label, image))
        sheet(row_images, args.size, out / f"{content_path.stem}+{style_path.stem}_{args.size}.png")


if __name__ == "__main__":
    main()
