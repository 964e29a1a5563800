"""Styler against its peer, pastiche (a good PyTorch implementation of the same method), side by side.

    python benchmarks/peer.py [--size 512] [--iterations 100] [--pairs 3] [--styler-flags "..."]

Both CLIs run in turn in fresh processes on the same pairs, size and device, each saving an
image every --every iterations: pastiche with --iterations steps, styler with its own defaults
(the Recommended preset) unless --styler-flags say otherwise. Each saved image is scored by the
fixed evaluator (quality.py) at the time its file was written: content and Gram style error
(relative; lower is better), score = their sum, and the W2 and sliced-Wasserstein distances
(neither tool's default optimises them). Reported: each tool's quality-vs-time curve, its wall
time and final errors; styler's errors at half of pastiche's wall time; and the time styler takes
to reach pastiche's final score, and both of its final errors at once (when it does).
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


def errors(evaluate, path: Path) -> tuple[float, float, float, float]:
    q = evaluate(Image.open(path))
    return q["content_err"], q["style_err"], q["w2_err"], q["sw_err"]


def first_time(curve, good) -> float | None:
    return next((t for t, c, s, *_ in curve if good(c, s)), None)


def at_time(curve, seconds: float):
    """The last point of `curve` written by `seconds` (what a person stopping then would have)."""
    before = [point for point in curve if point[0] <= seconds]
    return before[-1] if before else None


def print_curves(results) -> None:
    for tool, (wall, curve) in results.items():
        points = "  ".join(f"{t:.1f}s {c:.3f}/{s:.3f}" for t, c, s, *_ in curve)
        print(f"  {tool:<9} (time, content/style error): {points}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--iterations", type=int, default=100, help="pastiche's steps")
    parser.add_argument("--every", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--styler-flags", default="",
                        help="extra flags for styler's CLI, e.g. \"--content-weight 5e-8\" "
                             "(default: none, its Recommended preset)")
    args = parser.parse_args()
    print(f"size {args.size} px, pastiche {args.iterations} steps, CPU, frames every {args.every}"
          + (f", styler flags: {args.styler_flags}" if args.styler_flags else ", styler's defaults"))
    print(f"{'pair':<42} {'tool':<9} {'wall s':>7} {'content':>8} {'style':>8} {'w2':>6} {'sw':>6} {'score':>7}"
          f" {'s to peer score':>16}")
    for content, style in image_pairs(args.pairs):
        evaluate = Evaluator(content, style)
        results = {}
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            ours = [sys.executable, "-m", "styler", str(content), str(style), "-o", str(tmp / "styler.png"),
                    "--size", str(args.size), "--save-every", str(args.every), "--quiet", "--device", "cpu", *args.styler_flags.split()]
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
        _, peer_content, peer_style, *_ = peer_curve[-1]
        reach_score = first_time(results["styler"][1], lambda c, s: c + s <= peer_content + peer_style)
        reach_both = first_time(results["styler"][1], lambda c, s: c <= peer_content and s <= peer_style)
        name = f"{content.name} + {style.name}"
        for tool, (wall, curve) in results.items():
            _, c, s, w2, sw = curve[-1]
            to_peer = "" if tool != "styler" else ("never" if reach_score is None else f"{reach_score:.1f}")
            print(f"{name:<42} {tool:<9} {wall:>7.1f} {c:>8.3f} {s:>8.3f} {w2:>6.3f} {sw:>6.3f} {c + s:>7.3f} "
                  f"{to_peer:>16}")
        print_curves(results)
        half = at_time(results["styler"][1], peer_wall / 2)
        if half is None:
            print(f"  styler at half of pastiche's time ({peer_wall / 2:.1f} s): no frame yet")
        else:
            t, c, s, w2, sw = half
            both = "both at most pastiche's final" if c <= peer_content and s <= peer_style else "not both"
            print(f"  styler at half of pastiche's time ({peer_wall / 2:.1f} s; frame at {t:.1f} s): content {c:.3f}, "
                  f"style {s:.3f}, w2 {w2:.3f}, sw {sw:.3f} ({both})")
        for label, reach in (("final score", reach_score), ("content and style errors both", reach_both)):
            verdict = "never" if reach is None else f"in {reach:.1f} s = {reach / peer_wall:.2f}x its time"
            print(f"  styler reached pastiche's {label}: {verdict}")


if __name__ == "__main__":
    main()
