"""Peak memory per output size, and memory across consecutive runs in one process.

    python benchmarks/memory.py [--sizes 512 1024 2048] [--full-history 512] [--runs 20]

Each size runs in a fresh process (2 iterations, paper settings) and reports its peak resident
memory (CPU) or peak allocated GPU memory; the sizes in --full-history also run 110 iterations,
when L-BFGS holds its full history of 100 pairs (2 x 100 x 3 floats per pixel). Then `--runs`
small runs in one process report the resident memory after each: it must not grow.
"bytes/px" is the peak above the loaded network (CPU) or the peak GPU memory, per output pixel:
what styler/limits.py's estimate stands for.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys

from common import ROOT, image_pairs

CHILD = """
import json, resource, sys, torch
from styler import stylize
from styler.engine import resolve_device
from styler.presets import preset
from styler.network import get_vgg
content, style, size, device, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
params = preset("Paper (Fig. 3)", size=size, iterations=iterations, preview_every=iterations, device=device)
get_vgg(params.weights, params.pooling, params.normalized, resolve_device(device))
with open("/proc/self/statm") as f:
    loaded = int(f.read().split()[1]) * resource.getpagesize() / 2**20
for p in stylize(content, style, params):
    pass
gpu = torch.cuda.max_memory_allocated() / 2**20 if torch.cuda.is_available() else None
print(json.dumps({"rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "loaded_mib": loaded,
                  "gpu_mib": gpu, "image": p.image.size, "seconds": p.elapsed}))
"""


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[512, 1024, 2048])
    parser.add_argument("--full-history", type=int, nargs="*", default=[512])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    content, style = image_pairs(1)[0]
    print(f"{'size':>6} {'iterations':>10} {'image':>11} {'peak RSS MiB':>13} {'bytes/px':>9} {'peak GPU MiB':>13} "
          f"{'seconds':>8}")
    runs = [(size, 2) for size in args.sizes] + [(size, 110) for size in args.full_history]
    for size, iterations in runs:
        out = subprocess.run([sys.executable, "-c", CHILD, str(content), str(style), str(size), args.device,
                              str(iterations)], cwd=ROOT, check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        gpu = f"{r['gpu_mib']:.0f}" if r["gpu_mib"] is not None else "-"
        pixels = r["image"][0] * r["image"][1]
        above = ((r["gpu_mib"] if r["gpu_mib"] is not None else r["rss_mib"] - r["loaded_mib"]) * 2**20) / pixels
        print(f"{size:>6} {iterations:>10} {'x'.join(map(str, r['image'])):>11} {r['rss_mib']:>13.0f} {above:>9.0f} "
              f"{gpu:>13} {r['seconds']:>8.1f}", flush=True)

    from styler import StyleParams, stylize

    params = StyleParams(size=128, iterations=3, device=args.device)
    after = []
    for _ in range(args.runs):
        for _ in stylize(content, style, params):
            pass
        after.append(rss_mib())
    print(f"RSS after each of {args.runs} runs at 128 px (MiB): {', '.join(f'{m:.0f}' for m in after)}")
    print(f"growth from run 2 to run {args.runs}: {after[-1] - after[1]:+.1f} MiB")


if __name__ == "__main__":
    main()
