"""Styler against its peer, pastiche (a good PyTorch implementation of the same method), side by side.

    python benchmarks/peer.py [--size 512] [--iterations 100] [--pairs 3] [--share 0.25] [--styler-flags "..."]

On each pair, pastiche runs first with --iterations steps in a fresh process, timed. Styler's CLI
then runs in a fresh process with its defaults (the default look) and a time budget of `share` of
pastiche's wall time (`--seconds`, so it plans for the time it has and ends on time), unless
--styler-flags say otherwise. Both final images are scored by the fixed evaluator (quality.py):
content error, Gram error, W2 and sliced distances, completeness (how much of the painting
appears; 1.0 = no more than the photo has) and grain; lower is better. The target: styler, in a
quarter of pastiche's time, at most pastiche's content error, Gram error and completeness. A sheet
per pair (photo, painting, pastiche, styler) goes to artifacts/peer/ (git-ignored): look at it.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from candidates import sheet
from common import ROOT, image_pairs
from quality import Evaluator

COLUMNS = ("content_err", "style_err", "w2_err", "sw_err", "completeness", "grain")
TARGETS = ("content_err", "style_err", "completeness")  # styler's must be at most pastiche's


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--iterations", type=int, default=100, help="pastiche's steps")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--share", type=float, default=0.25, help="styler's budget, as a share of pastiche's time")
    parser.add_argument("--styler-flags", default="",
                        help="extra flags for styler's CLI, e.g. \"--preset 'Paper (Fig. 3)'\" (default: none)")
    args = parser.parse_args()
    out = ROOT / "artifacts" / "peer"
    out.mkdir(parents=True, exist_ok=True)
    print(f"{args.size} px, CPU; pastiche {args.iterations} steps, styler {args.share:g} of its time"
          + (f", styler flags: {args.styler_flags}" if args.styler_flags else ", styler's defaults"))
    print(f"{'pair':<40} {'tool':<9} {'wall s':>7} " + " ".join(f"{c[:8]:>8}" for c in COLUMNS))
    met = []
    for content, style in image_pairs(args.pairs):
        evaluate = Evaluator(content, style)
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            peer = [sys.executable, "-m", "pastiche", "--content", str(content), "--styles", str(style),
                    "--output", str(tmp / "pastiche.png"), "--size", str(args.size),
                    "--num-steps", str(args.iterations), "--seed", "0", "--no-verbose", "--device", "cpu"]
            peer_wall = timed(peer)
            ours = [sys.executable, "-m", "styler", str(content), str(style), "-o", str(tmp / "styler.png"),
                    "--size", str(args.size), "--seconds", f"{peer_wall * args.share:.1f}", "--quiet",
                    "--device", "cpu", *args.styler_flags.split()]
            our_wall = timed(ours)
            results = {"pastiche": (peer_wall, Image.open(tmp / "pastiche.png").convert("RGB")),
                       "styler": (our_wall, Image.open(tmp / "styler.png").convert("RGB"))}
        scores = {tool: evaluate(image) for tool, (_, image) in results.items()}
        name = f"{content.stem} + {style.stem}"
        for tool, (wall, _) in results.items():
            print(f"{name:<40} {tool:<9} {wall:>7.1f} " + " ".join(f"{scores[tool][c]:>8.3f}" for c in COLUMNS))
        better = [c for c in TARGETS if scores["styler"][c] <= scores["pastiche"][c]]
        met.append(len(better) == len(TARGETS))
        print(f"  styler at most pastiche's: {', '.join(better) or 'none'} of {', '.join(TARGETS)}", flush=True)
        sheet([("photo", Image.open(content)), ("painting", Image.open(style)),
               *((f"{tool} {wall:.0f} s", image) for tool, (wall, image) in results.items())],
              320, out / f"{content.stem}+{style.stem}_{args.size}.png")
    print(f"target met on {sum(met)} of {len(met)} pairs")


if __name__ == "__main__":
    main()
