"""GPU speed, precision and scale, side by side in one run.

    python benchmarks/gpu.py [--out results.json] [--quick] [--sections ...] [--variants ...] [--device cuda]

1. The floor: one VGG-19 forward + backward to conv5_1 at 512 px, per precision and layout.
2. The paper's settings (512 px, 500 iterations, white noise, alpha/beta 1e-3) under each
   combination of precision (float32 / tf32 / bf16), memory layout (NCHW / channels_last), cuDNN
   autotuning and L-BFGS form (two-loop / compact): wall time, time per iteration, first preview,
   and the fixed evaluator's content and style errors (quality.py), for two seeds.
3. Peak GPU memory at 512, 1024, 2048 and 4096 px after 110 iterations (the L-BFGS history
   full), and allocated memory across 20 consecutive runs in one process.
4. Large outputs: 2048 and 4096 px with the High quality preset (coarse to fine).
5. Where an iteration's time goes: the profiler's top GPU kernels over 20 iterations.
6. torch.compile on the network: compile time and time per iteration (not run by default).

Runs on any device (`--quick --device cpu` is a smoke test of the script itself).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time

import numpy as np
import torch
from PIL import Image

from common import Floor, image_pairs
from quality import Evaluator
from styler import StyleParams, StylerError, accel, stylize, warm_up
from styler.engine import resolve_device
from styler.images import fit_long_side, load_image
from styler.presets import preset
from styler.network import get_vgg

# name: (precision, channels_last, cudnn_benchmark, lbfgs form, CUDA graphs)
VARIANTS = {
    "float32": ("float32", False, False, "two-loop", False),
    "tf32": ("tf32", False, False, "two-loop", False),  # about what torch does by default
    "tf32+cl": ("tf32", True, False, "two-loop", False),
    "tf32+cl+compact+bench": ("tf32", True, True, "compact", False),
    "float32+cl+compact+bench": ("float32", True, True, "compact", False),
    "float32+cl+compact": ("float32", True, False, "compact", False),
    "bf16+cl+compact+bench": ("bf16", True, True, "compact", False),
    "tf32+cl+compact": ("tf32", True, False, "compact", False),
    "tf32+cl+compact+graphs": ("tf32", True, False, "compact", True),
    "float32+cl+compact+graphs": ("float32", True, False, "compact", True),
}
DEFAULT_VARIANT = "tf32+cl+compact+graphs"  # accel.DEFAULT_TUNING on a CUDA GPU
SECTIONS = ("floor", "paper", "graphs", "memory", "large", "profile", "compile")


def tuning_of(precision, channels_last, benchmark, form, cuda_graphs=False) -> accel.Tuning:
    """A variant's choices, passed to each run (`stylize(..., tuning=)`)."""
    return accel.Tuning(auto_precision=precision, channels_last=channels_last, cudnn_benchmark=benchmark,
                        lbfgs=form, cuda_graphs=cuda_graphs)


def sync(device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def floor_ms(content, size, device, precision, channels_last) -> float:
    layout = accel.memory_format(device, tuning_of(precision, channels_last, True, "compact"))
    net = get_vgg("original", "avg", True, device, layout)
    floor = Floor(net, content, fit_long_side(content.size, size), device, precision, cudnn_benchmark=True)
    times = [floor() for _ in range(13)][3:]
    return 1000 * statistics.median(times)


def timed_run(content, style, params, evaluate=None, tuning: accel.Tuning = accel.DEFAULT_TUNING) -> dict:
    accel.forget_cuda_switches()  # each variant's run sets the process's switches as it asks
    stamps, first_preview, last = [], None, None
    for p in stylize(content, style, params, tuning=tuning):
        stamps.append(p.elapsed)
        if p.image is not None and first_preview is None:
            first_preview = p.elapsed
        last = p
    deltas = [b - a for a, b in zip(stamps[1:], stamps[2:])]
    row = {"seconds": round(last.elapsed, 3), "ms_per_iteration": round(1000 * statistics.median(deltas), 3),
           "first_preview_s": round(first_preview, 3), "final_loss": last.losses["total"]}
    if evaluate is not None:
        row.update({k: round(v, 4) for k, v in evaluate(last.image).items()})
    return row


def peak_memory(content, style, size, iterations, device) -> dict:
    torch.cuda.reset_peak_memory_stats()
    start = time.perf_counter()
    for _ in stylize(content, style, preset("Paper (Fig. 3)", size=size, iterations=iterations,
                                            preview_every=iterations, device=str(device))):
        pass
    return {"size": size, "iterations": iterations, "seconds": round(time.perf_counter() - start, 2),
            "peak_mib": round(torch.cuda.max_memory_allocated() / 2**20)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--out", default=None, help="write every number here as JSON")
    parser.add_argument("--quick", action="store_true", help="tiny sizes and counts: checks the script")
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, default=SECTIONS[:5])
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS))
    parser.add_argument("--seeds", type=int, default=2)
    args = parser.parse_args()
    device = resolve_device(args.device)
    size, iterations = (96, 12) if args.quick else (512, 500)
    results: dict = {"torch": torch.__version__, "device": str(device)}
    if device.type == "cuda":
        results["gpu"] = torch.cuda.get_device_name(device)
    print(json.dumps(results))

    def save():
        if args.out:
            with open(args.out, "w") as f:
                json.dump(results, f, indent=1)

    warm_up(StyleParams(device=str(device)))
    content_path, style_path = image_pairs(1)[0]
    content, style = load_image(content_path), load_image(style_path)
    evaluate = Evaluator(content_path, style_path)
    net = get_vgg("original", "avg", True, device, accel.memory_format(device))  # the runs' network

    if "floor" in args.sections:
        floor_section(content, size, device, results, save)
    if "paper" in args.sections:
        paper_section(args, content, style, content_path, style_path, evaluate, size, iterations, device, results, save)
    if "graphs" in args.sections and device.type == "cuda":
        graphs_section(content, style, size, device, results, save)
    if "memory" in args.sections and device.type == "cuda":
        memory_section(args, content, style, device, results, save)
    if "large" in args.sections:
        large_section(args, content, style, evaluate, device, results, save)
    if "profile" in args.sections:
        profile_section(content, style, size, device, results, save)
    if "compile" in args.sections:
        compile_section(net, content, style, evaluate, size, iterations, device, results, save)


def floor_section(content, size, device, results, save) -> None:
    print(f"\n1. floor at {size} px (ms, forward + backward to conv5_1)")
    results["floor_ms"] = {}
    for precision in ("float32", "tf32", "bf16"):
        for channels_last in (False, True):
            name = f"{precision}{'+cl' if channels_last else ''}"
            results["floor_ms"][name] = ms = round(floor_ms(content, size, device, precision, channels_last), 3)
            print(f"  {name:<14} {ms:8.2f}")
    save()


def paper_section(args, content, style, content_path, style_path, evaluate, size, iterations, device,
                  results, save) -> None:
    print(f"\n2. paper settings, {size} px, {iterations} iterations, {content_path.name} + {style_path.name}")
    print(f"  {'variant':<26} {'seed':>4} {'s':>7} {'ms/it':>7} {'preview s':>9} {'content':>8} {'style':>7}")
    results["paper"] = []
    for seed in range(args.seeds):
        for name in args.variants:
            params = preset("Paper (Fig. 3)", size=size, iterations=iterations, seed=seed, device=str(device))
            row = {"variant": name, "seed": seed,
                   **timed_run(content, style, params, evaluate, tuning_of(*VARIANTS[name]))}
            results["paper"].append(row)
            print(f"  {name:<26} {seed:>4} {row['seconds']:>7.2f} {row['ms_per_iteration']:>7.2f} "
                  f"{row['first_preview_s']:>9.3f} {row['content_err']:>8.4f} {row['style_err']:>7.4f}", flush=True)
            save()


def graphs_section(content, style, size, device, results, save) -> None:
    """The same run with and without CUDA graphs must give the same picture; runs the graphs
    cannot take (region masks, bf16) must still work."""
    print("\n2b. CUDA graphs: same seed, same picture?")
    images = {}
    for graphs in (False, True):
        params = preset("Paper (Fig. 3)", size=size, iterations=100, device=str(device))
        *_, last = stylize(content, style, params, tuning=dataclasses.replace(accel.DEFAULT_TUNING, cuda_graphs=graphs))
        images[graphs] = np.asarray(last.image, dtype=np.float64)
    diff = np.abs(images[True] - images[False])
    row = {"mean_abs_diff": round(float(diff.mean()), 4), "max_abs_diff": float(diff.max())}
    mask = Image.new("L", content.size, 0)
    mask.paste(255, (0, 0, content.width // 2, content.height))
    *_, masked = stylize(content, [style, content], preset("Recommended", size=256, iterations=20, seconds=0, device=str(device)),
                         mask=mask)
    row["masked_run_done"] = masked.done
    *_, half = stylize(content, style, preset("Recommended", size=256, iterations=20, seconds=0, device=str(device),
                                               precision="bf16"))
    row["bf16_run_done"] = half.done
    results["graphs_check"] = row
    print(f"  {row}")
    save()


def memory_section(args, content, style, device, results, save) -> None:
    print("\n3. peak GPU memory (MiB), L-BFGS history full")
    results["memory"] = []
    for size in ((128, 160) if args.quick else (512, 1024, 2048, 4096)):
        try:
            row = peak_memory(content, style, size, 12 if args.quick else 110, device)
        except StylerError as exc:  # out of memory: worth knowing, not a reason to stop
            row = {"size": size, "error": str(exc)}
        results["memory"].append(row)
        print(f"  {row}", flush=True)
    allocated = []
    for _ in range(20):
        for _ in stylize(content, style, preset("Paper (Fig. 3)", size=256, iterations=30, device=str(device))):
            pass
        allocated.append(round(torch.cuda.memory_allocated() / 2**20, 2))
    results["allocated_after_each_run_mib"] = allocated
    print(f"  allocated after each of 20 runs at 256 px (MiB): {allocated}")
    save()


def large_section(args, content, style, evaluate, device, results, save) -> None:
    print("\n4. large outputs, High quality preset (3 scales)")
    results["large"] = []
    for size in ((160,) if args.quick else (2048, 4096)):
        if device.type == "cuda":
            torch.cuda.reset_peak_memory_stats()
        params = preset("High quality", size=size, seconds=0, device=str(device), preview_every=50,
                        **({"iterations": 12} if args.quick else {}))
        row = {"size": size, "iterations": params.iterations, **timed_run(content, style, params, evaluate)}
        if device.type == "cuda":
            row["peak_mib"] = round(torch.cuda.max_memory_allocated() / 2**20)
        results["large"].append(row)
        print(f"  {row}", flush=True)
        save()


def profile_section(content, style, size, device, results, save) -> None:
    print(f"\n5. where the time goes: 20 iterations at {size} px after 30")
    activity = torch.profiler.ProfilerActivity
    activities = [activity.CPU] + ([activity.CUDA] if device.type == "cuda" else [])
    run = stylize(content, style, preset("Paper (Fig. 3)", size=size, iterations=50, device=str(device)))
    for _ in range(30):
        next(run)
    with torch.profiler.profile(activities=activities) as prof:
        start = time.perf_counter()
        for _ in range(20):
            next(run)
        sync(device)
        wall = time.perf_counter() - start
    run.close()
    sort = "cuda_time_total" if device.type == "cuda" else "cpu_time_total"
    table = prof.key_averages().table(sort_by=sort, row_limit=18, max_name_column_width=48)
    results["profile"] = {"ms_per_iteration": round(1000 * wall / 20, 3), "table": table}
    print(f"  {1000 * wall / 20:.2f} ms per iteration under the profiler")
    print(table)
    save()


def compile_section(net, content, style, evaluate, size, iterations, device, results, save) -> None:
    print("\n6. torch.compile on the network")
    count = min(iterations, 200)
    eager = timed_run(content, style, preset("Paper (Fig. 3)", size=size, iterations=count, device=str(device)))
    plain = net.forward
    net.forward = torch.compile(plain)
    try:
        start = time.perf_counter()
        for _ in stylize(content, style, preset("Paper (Fig. 3)", size=size, iterations=3, device=str(device))):
            pass
        compile_s = time.perf_counter() - start
        params = preset("Paper (Fig. 3)", size=size, iterations=count, device=str(device))
        row = {"compile_s": round(compile_s, 1), **timed_run(content, style, params, evaluate)}
    finally:
        net.forward = plain
    row["eager_ms_per_iteration"] = eager["ms_per_iteration"]
    results["compile"] = row
    print(f"  {row}")
    save()


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)", file=sys.stderr)
