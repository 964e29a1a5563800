"""How a run uses its device: arithmetic precision, memory layout, cuDNN autotuning, and how
Gram matrices are multiplied.

On the CPU, precision "auto" means bf16 where this machine measures it clearly faster than float32
(`cpu_prefers_bf16`: CPUs with native bf16 instructions), else float32; Apple MPS computes in
float32. The CPU shares the channels_last layout
(oneDNN's NHWC convolutions run faster than NCHW there, benchmarks/speed.py). On x86 CPUs the
Gram products run as oneDNN 1x1 convolutions (`gram_convolutions_apply`; each loss is built
with its run's choice). `Tuning` holds the choices
(its defaults are the ones the benchmarks measured fastest without loss of quality, see the
README's Speed section); each run resolves them once into a frozen `RunSettings` that it passes
down.

torch's TF32 and cuDNN autotuning switches are process-wide: they are set once, at the process's
first CUDA run (`cuda_switches`), and kept. A later CUDA run that asks for the other one of
float32 and TF32 computes in the process's, and `RunSettings` says so (its precision is the one
used), so concurrent runs never change each other's arithmetic mid-pass.
"""
from __future__ import annotations

import platform
import statistics
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, replace

import torch


@dataclass(frozen=True)
class Tuning:
    """How runs use their device where there is a choice. The defaults are what the benchmarks
    measured to be fastest without loss of quality; a benchmark passes other variants to
    `styler.stylize(..., tuning=)`, nothing changes them in place."""

    auto_precision: str = "tf32"  # what precision="auto" means on a CUDA GPU
    channels_last: bool = True  # NHWC activations on CUDA and the CPU: what their fastest convolutions use
    # cuDNN autotuning: off, as it re-tunes for every new image shape (each scale of a run), and its
    # trial workspaces can take far more GPU memory than the run itself.
    cudnn_benchmark: bool = False
    lbfgs: str = "auto"  # L-BFGS form: "auto" (compact on CUDA, two-loop elsewhere), "compact", "two-loop"
    cuda_graphs: bool = True  # replay each iteration's forward + backward as a CUDA graph (graphs.py)
    # Gram products on x86 CPUs as oneDNN 1x1 convolutions instead of BLAS matrix products: the
    # same float32 sums, faster for VGG's shapes where MKL takes its generic code path and oneDNN
    # its vectorised one (benchmarks/speed.py --gram compares them).
    gram_convolutions: bool = True
    # What precision="auto" means on the CPU: "measured" (bf16 where `cpu_prefers_bf16` finds it
    # clearly faster on this machine), or always "float32".
    cpu_auto_precision: str = "measured"


DEFAULT_TUNING = Tuning()


def precision_for(requested: str, device: torch.device, tuning: Tuning = DEFAULT_TUNING) -> str:
    """The precision a run actually uses: "float32", "tf32" or "bf16". On a CUDA GPU whose switches
    a run has already set (`cuda_switches`), float32 and TF32 are what they give."""
    if device.type == "cpu":
        if requested == "auto":
            return "bf16" if tuning.cpu_auto_precision == "measured" and cpu_prefers_bf16() else "float32"
        return "bf16" if requested == "bf16" else "float32"  # TF32 is a GPU format
    if device.type != "cuda":
        return "float32"
    precision = tuning.auto_precision if requested == "auto" else requested
    if precision != "bf16" and _cuda_set:  # float32 or TF32: whichever the process's switches give
        return "tf32" if _cuda_set[0][0] else "float32"
    return precision


@dataclass(frozen=True)
class PrecisionProbe:
    """One machine's measured pace of a VGG-like forward + backward pass in each precision."""

    float32_seconds: float
    bf16_seconds: float | None  # None: not measured (no bf16 convolutions on this CPU)

    @property
    def bf16_speedup(self) -> float:
        return self.float32_seconds / self.bf16_seconds if self.bf16_seconds else 0.0


BF16_MIN_SPEEDUP = 1.3  # below this, bf16's rounding is not worth it
_probe_lock = threading.Lock()
_probe: list[PrecisionProbe] = []


def cpu_precision_probe() -> PrecisionProbe:
    """Measured once per process, on first need (warm-up asks first): CPUs differ several-fold in
    bf16 (native instructions make it about twice as fast as float32; without them it is emulated
    and far slower), so the choice is this machine's own measurement, never assumed."""
    with _probe_lock:
        if not _probe:
            _probe.append(_measure_cpu_precisions())
        return _probe[0]


def cpu_prefers_bf16() -> bool:
    return cpu_precision_probe().bf16_speedup >= BF16_MIN_SPEEDUP


def _measure_cpu_precisions(side: int = 64, repeats: int = 3) -> PrecisionProbe:
    """VGG's first blocks (random filters of its shapes) forward and backward at `side` px,
    float32 and bf16 autocast taking turns, the median of each."""
    torch_bf16 = getattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", lambda: False)
    generator = torch.Generator().manual_seed(0)
    widths = (3, 64, 64, 128, 128, 256, 256)
    convs = [torch.randn(c_out, c_in, 3, 3, generator=generator) * (2 / (9 * c_in)) ** 0.5
             for c_in, c_out in zip(widths, widths[1:])]
    convs = [w.contiguous(memory_format=torch.channels_last) for w in convs]
    x = torch.randn(1, 3, side, side, generator=generator).contiguous(memory_format=torch.channels_last)

    def once(bf16: bool) -> float:
        start = time.perf_counter()
        image = x.clone().requires_grad_(True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            y = image
            for i, weight in enumerate(convs):
                y = torch.nn.functional.relu(torch.nn.functional.conv2d(y, weight, padding=1))
                if i in (1, 3):
                    y = torch.nn.functional.avg_pool2d(y, 2)
        y.float().square().mean().backward()
        return time.perf_counter() - start

    if not torch_bf16():
        return PrecisionProbe(statistics.median(once(False) for _ in range(repeats)), None)
    once(False), once(True)  # first calls pick and prepare their kernels
    float32, bf16 = [], []
    for _ in range(repeats):
        float32.append(once(False))
        bf16.append(once(True))
    return PrecisionProbe(statistics.median(float32), statistics.median(bf16))


def graphs_apply(device: torch.device, precision: str, tuning: Tuning = DEFAULT_TUNING) -> bool:
    """Whether a run's iterations may be replayed as a CUDA graph. Not with bf16 (autocast's weight
    cache cannot be recorded). A run with region masks goes without too (`RunSettings.graphs`):
    their loss reads each mask's mass back to the host at its first use, and recorded graphs of
    masked runs have not been checked on a GPU."""
    return device.type == "cuda" and tuning.cuda_graphs and precision != "bf16"


# oneDNN's x86 convolutions; on other CPUs (ARM) torch's convolutions may take slower paths.
_ONEDNN_X86 = torch.backends.mkldnn.is_available() and platform.machine().lower() in ("x86_64", "amd64")


def gram_convolutions_apply(device: torch.device, tuning: Tuning = DEFAULT_TUNING) -> bool:
    """Whether a run's Gram products run as 1x1 convolutions (losses.py): on x86 CPUs, where
    oneDNN's are the faster path."""
    return tuning.gram_convolutions and _ONEDNN_X86 and device.type == "cpu"


def describe(device: torch.device, precision: str) -> str:
    """Where a run computes, for people: "CPU", "NVIDIA H200, TF32", "Apple GPU (MPS)"."""
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)}, {precision.upper() if precision != 'float32' else 'float32'}"
    return {"cpu": "CPU", "mps": "Apple GPU (MPS)"}.get(device.type, str(device))


def memory_format(device: torch.device, tuning: Tuning = DEFAULT_TUNING) -> torch.memory_format:
    if device.type in ("cuda", "cpu") and tuning.channels_last:
        return torch.channels_last
    return torch.contiguous_format


@dataclass(frozen=True)
class RunSettings:
    """How one run uses its device, resolved once when it starts and passed down."""

    device: torch.device
    precision: str  # "float32", "tf32" or "bf16"
    memory_format: torch.memory_format
    cudnn_benchmark: bool
    lbfgs: str
    cuda_graphs: bool  # allowed for this device and precision (a masked run still goes without)
    gram_convolutions: bool  # Gram products as 1x1 convolutions; each loss is built with it

    @classmethod
    def resolve(cls, requested_precision: str, device: torch.device, tuning: Tuning = DEFAULT_TUNING) -> "RunSettings":
        precision = precision_for(requested_precision, device, tuning)
        return cls(device, precision, memory_format(device, tuning), tuning.cudnn_benchmark, tuning.lbfgs,
                   graphs_apply(device, precision, tuning), gram_convolutions_apply(device, tuning))

    def describe(self) -> str:
        return describe(self.device, self.precision)

    def graphs(self, masked: bool) -> bool:
        return self.cuda_graphs and not masked

    def on_device(self) -> "RunSettings":
        """These settings as the run computes them, once the process's CUDA switches are set (by
        this run, if it is the first): its precision is the one the switches give."""
        if self.device.type != "cuda":
            return self
        tensor_cores, _ = cuda_switches(self.precision in ("tf32", "bf16"), self.cudnn_benchmark)
        if self.precision == "bf16" or (self.precision == "tf32") == tensor_cores:
            return self
        return replace(self, precision="tf32" if tensor_cores else "float32")


_cuda_lock = threading.Lock()
_cuda_set: list[tuple[bool, bool]] = []  # (TF32 tensor cores, cuDNN autotuning), once set


def cuda_switches(tensor_cores: bool, cudnn_benchmark: bool = DEFAULT_TUNING.cudnn_benchmark) -> tuple[bool, bool]:
    """torch's process-wide TF32 and cuDNN autotuning switches: set at the first call, as it asks
    (bf16 runs want TF32 too, for their float32 Gram products), and kept; every call returns the
    switches the process computes with. Setting them needs no GPU."""
    with _cuda_lock:
        if not _cuda_set:
            torch.backends.cudnn.allow_tf32 = tensor_cores
            torch.backends.cudnn.benchmark = cudnn_benchmark
            torch.set_float32_matmul_precision("high" if tensor_cores else "highest")
            _cuda_set.append((tensor_cores, cudnn_benchmark))
        return _cuda_set[0]


def forget_cuda_switches() -> None:
    """Let the next CUDA run set the switches again: for a benchmark that compares arithmetic in
    one process, between runs, never while one is going."""
    with _cuda_lock:
        _cuda_set.clear()


def network_autocast(precision: str, device: torch.device):
    """bf16 for the network's convolutions; the losses cast back to float32."""
    if precision == "bf16":
        return torch.autocast(device.type, dtype=torch.bfloat16)
    return nullcontext()
