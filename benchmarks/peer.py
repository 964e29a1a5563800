"""Styler against its peer, pastiche (a good PyTorch implementation of the same method), side by side.

    python benchmarks/peer.py [--size 256] [--iterations 100] [--pairs 2]

Both CLIs run in turn in fresh processes on the same pairs, size and device, each saving an
image every --every iterations; each saved image is scored by the fixed evaluator (quality.py)
at the time its file was written. Score = style error + content error (both relative; lower is
better). Reported: wall time and final score of each, and the time styler takes to reach
pastiche's final score.
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


def score(evaluate, path: Path) -> float:
    q = evaluate(Image.open(path))
    return q["style_err"] + q["content_err"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--every", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=2)
    args = parser.parse_args()
    print(f"size {args.size} px, {args.iterations} iterations, CPU, frames every {args.every}")
    print(f"{'pair':<42} {'tool':<9} {'wall s':>7} {'final score':>12} {'s to peer final':>16}")
    for content, style in image_pairs(args.pairs):
        evaluate = Evaluator(content, style)
        results = {}
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            ours = [sys.executable, "-m", "styler", str(content), str(style), "-o", str(tmp / "styler.png"),
                    "--size", str(args.size), "--iterations", str(args.iterations),
                    "--save-every", str(args.every), "--quiet", "--device", "cpu"]
            peer = [sys.executable, "-m", "pastiche", "--content", str(content), "--styles", str(style),
                    "--output", str(tmp / "pastiche.png"), "--size", str(args.size),
                    "--num-steps", str(args.iterations), "--workspace", str(tmp / "peer"),
                    "--workspace-step", str(args.every), "--seed", "0", "--no-verbose", "--device", "cpu"]
            for tool, cmd, frames_dir, pattern, final in (
                    ("styler", ours, tmp, "styler_*.png", tmp / "styler.png"),
                    ("pastiche", peer, tmp / "peer", "*.png", tmp / "pastiche.png")):
                wall, frames = timed_frames(cmd, frames_dir, pattern)
                curve = [(t, score(evaluate, p)) for t, p in frames] + [(wall, score(evaluate, final))]
                results[tool] = (wall, curve)
        peer_final = results["pastiche"][1][-1][1]
        reach = next((t for t, s in results["styler"][1] if s <= peer_final), None)
        name = f"{content.name} + {style.name}"
        for tool, (wall, curve) in results.items():
            to_peer = f"{reach:.1f}" if tool == "styler" and reach is not None else ("never" if tool == "styler" else "")
            print(f"{name:<42} {tool:<9} {wall:>7.1f} {curve[-1][1]:>12.3f} {to_peer:>16}")
        if reach is not None:
            print(f"{'':<42} styler reached pastiche's final score in {reach / results['pastiche'][0]:.2f}x its time")


if __name__ == "__main__":
    main()
