"""Styler against its peer, pastiche (a good PyTorch implementation of the same method), side by side.

    python benchmarks/peer.py [--size 256] [--iterations 100] [--pairs 2] [--styler-flags "..."]

Both CLIs run in turn in fresh processes on the same pairs, size and device, each saving an
image every --every iterations; each saved image is scored by the fixed evaluator (quality.py)
at the time its file was written: content and style error (both relative; lower is better) and
score = their sum. Reported: each tool's quality-vs-time curve, its wall time and final errors,
and the time styler takes to reach pastiche's final score, and to reach both of its final errors
at once (when it does).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from common import ROOT, image_pairs
from quality import Evaluator


def timed_frames(cmd: list[str], frame_dir: Path, pattern: str) -> tuple[float, list[tuple[float, Path]]]:
    start = time.time()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.time() - start
    frames = sorted((p.stat().st_mtime - start, p) for p in frame_dir.glob(pattern))
    return wall, frames


def errors(evaluate, path: Path) -> tuple[float, float]:
    q = evaluate(Image.open(path))
    return q["content_err"], q["style_err"]


def first_time(curve, good) -> float | None:
    return next((t for t, c, s in curve if good(c, s)), None)


def print_curves(results) -> None:
    for tool, (wall, curve) in results.items():
        points = "  ".join(f"{t:.1f}s {c:.3f}/{s:.3f}" for t, c, s in curve)
        print(f"  {tool:<9} (time, content/style error): {points}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--every", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--styler-flags", default="",
                        help="extra flags for styler's CLI, e.g. \"--content-weight 5e-8\" "
                             "(default: none, its Recommended preset)")
    args = parser.parse_args()
    print(f"size {args.size} px, {args.iterations} iterations, CPU, frames every {args.every}"
          + (f", styler flags: {args.styler_flags}" if args.styler_flags else ""))
    print(f"{'pair':<42} {'tool':<9} {'wall s':>7} {'content':>8} {'style':>8} {'score':>7} {'s to peer score':>16}")
    for content, style in image_pairs(args.pairs):
        evaluate = Evaluator(content, style)
        results = {}
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            ours = [sys.executable, "-m", "styler", str(content), str(style), "-o", str(tmp / "styler.png"),
                    "--size", str(args.size), "--iterations", str(args.iterations),
                    "--save-every", str(args.every), "--quiet", "--device", "cpu", *args.styler_flags.split()]
            peer = [sys.executable, "-m", "pastiche", "--content", str(content), "--styles", str(style),
                    "--output", str(tmp / "pastiche.png"), "--size", str(args.size),
                    "--num-steps", str(args.iterations), "--workspace", str(tmp / "peer"),
                    "--workspace-step", str(args.every), "--seed", "0", "--no-verbose", "--device", "cpu"]
            for tool, cmd, frames_dir, pattern, final in (
                    ("styler", ours, tmp, "styler_*.png", tmp / "styler.png"),
                    ("pastiche", peer, tmp / "peer", "*.png", tmp / "pastiche.png")):
                wall, frames = timed_frames(cmd, frames_dir, pattern)
                curve = [(t, *errors(evaluate, p)) for t, p in frames] + [(wall, *errors(evaluate, final))]
                results[tool] = (wall, curve)
        peer_wall, peer_curve = results["pastiche"]
        _, peer_content, peer_style = peer_curve[-1]
        reach_score = first_time(results["styler"][1], lambda c, s: c + s <= peer_content + peer_style)
        reach_both = first_time(results["styler"][1], lambda c, s: c <= peer_content and s <= peer_style)
        name = f"{content.name} + {style.name}"
        for tool, (wall, curve) in results.items():
            _, c, s = curve[-1]
            to_peer = "" if tool != "styler" else ("never" if reach_score is None else f"{reach_score:.1f}")
            print(f"{name:<42} {tool:<9} {wall:>7.1f} {c:>8.3f} {s:>8.3f} {c + s:>7.3f} {to_peer:>16}")
        print_curves(results)
        for label, reach in (("final score", reach_score), ("content and style errors both", reach_both)):
            verdict = "never" if reach is None else f"in {reach:.1f} s = {reach / peer_wall:.2f}x its time"
            print(f"  styler reached pastiche's {label}: {verdict}")


if __name__ == "__main__":
    main()
