"""What the benchmarks share: the test images and a CPU-friendly way to time things."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as `python benchmarks/x.py` from anywhere

SHARED_IMAGES = ROOT.parent / "shared" / "images"
EXAMPLES = ROOT / "examples"
# (content, style) pairs from the shared test images; the project's own examples stand in without them.
SHARED_PAIRS = [("golden_gate.jpg", "woman-with-hat-matisse.jpg"), ("hoovertowernight.jpg", "escher_sphere.jpg")]
EXAMPLE_PAIRS = [("photo_leuven_street.jpg", "painting_starry_night.jpg"), ("photo_cat.jpg", "painting_great_wave.jpg")]


def image_pairs(count: int = 2) -> list[tuple[Path, Path]]:
    if SHARED_IMAGES.is_dir():
        return [(SHARED_IMAGES / c, SHARED_IMAGES / s) for c, s in SHARED_PAIRS[:count]]
    print(f"note: {SHARED_IMAGES} is absent; using the project's examples instead", file=sys.stderr)
    return [(EXAMPLES / c, EXAMPLES / s) for c, s in EXAMPLE_PAIRS[:count]]


def median_seconds(fn, repeats: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
