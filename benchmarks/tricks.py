"""Quality tricks from later practice, each against the same baseline, by the fixed evaluator.

    python benchmarks/tricks.py [--size 256] [--iterations 100] [--pairs 2]

Baseline: the Recommended preset. Each trick changes one thing:
- tv=0 (the paper's: no smoothness term) and tv=10;
- replicate padding in the first convolution instead of zeros (edge artefacts);
- iterate averaging: the mean of the last 10 iterates instead of the last one;
- per-layer style weights rising with depth (0.1 ... 0.3) instead of equal;
- a histogram-matched start: the photo recoloured to the painting's colour mean and covariance;
- white noise as the start (the paper's).
Reported: content and style error (quality.py), their sum, and pixel noise (mean squared
difference between neighbouring pixels, 0..1 scale, x1000; lower is smoother).
"""
from __future__ import annotations

import argparse

import numpy as np
from PIL import Image

from common import image_pairs
from quality import Evaluator
from styler import stylize
from styler.color import match_histogram
from styler.images import load_image, resize, to_image, to_tensor
from styler.presets import preset
from styler.vgg import get_vgg

TRICKS = {
    "baseline (Recommended)": {},
    "tv 0 (paper)": {"tv_weight": 0.0},
    "tv 10": {"tv_weight": 10.0},
    "replicate padding": {},
    "average of last 10 iterates": {"preview_every": 1},
    "style weights rising with depth": {
        "style_layers": "conv1_1:0.1,conv2_1:0.15,conv3_1:0.2,conv4_1:0.25,conv5_1:0.3"},
    "histogram-matched start": {},
    "white-noise start (paper)": {"init": "noise"},
}


def noise(image: Image.Image) -> float:
    x = np.asarray(image, dtype=np.float64) / 255.0
    return 1000 * (np.mean(np.diff(x, axis=0) ** 2) + np.mean(np.diff(x, axis=1) ** 2))


def run(name, content, style, params):
    init = None
    if name == "histogram-matched start":
        photo = to_tensor(content.convert("RGB"))
        init = to_image(match_histogram(photo, to_tensor(resize(style.convert("RGB"), (256, 256)))))
    first_conv = get_vgg().convs["conv1_1"]  # the network the engine uses (original, avg, CPU)
    first_conv.padding_mode = "replicate" if name == "replicate padding" else "zeros"
    recent = []
    try:
        for p in stylize(content, style, params, init_image=init):
            if p.image is not None and p.iteration > params.iterations - 10:
                recent.append(np.asarray(p.image, dtype=np.float64))
    finally:
        first_conv.padding_mode = "zeros"
    if name == "average of last 10 iterates":
        return Image.fromarray(np.clip(np.mean(recent, axis=0).round(), 0, 255).astype(np.uint8))
    return p.image


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--pairs", type=int, default=2)
    args = parser.parse_args()
    print(f"{args.size} px, {args.iterations} iterations, CPU")
    print(f"{'trick':<34} {'content':>8} {'style':>7} {'score':>7} {'noise':>7}")
    totals: dict[str, list[float]] = {name: [] for name in TRICKS}
    for content_path, style_path in image_pairs(args.pairs):
        print(f"{content_path.name} + {style_path.name}")
        evaluate = Evaluator(content_path, style_path)
        content, style = load_image(content_path), load_image(style_path)
        for name, changes in TRICKS.items():
            params = preset("Recommended", size=args.size, iterations=args.iterations, device="cpu", **changes)
            image = run(name, content, style, params)
            q = evaluate(image)
            score = q["content_err"] + q["style_err"]
            totals[name].append(score)
            print(f"  {name:<32} {q['content_err']:>8.3f} {q['style_err']:>7.3f} {score:>7.3f} {noise(image):>7.2f}",
                  flush=True)
    print("mean score over the pairs (lower is better):")
    for name, scores in totals.items():
        print(f"  {name:<32} {np.mean(scores):>7.3f}")


if __name__ == "__main__":
    main()
