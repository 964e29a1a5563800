"""How a run uses its device: arithmetic precision, memory layout, cuDNN autotuning, and how
Gram matrices are multiplied.

The CPU (and Apple MPS) always computes in float32; the CPU shares the channels_last layout
(oneDNN's NHWC convolutions: iterations about 13% shorter than NCHW at 256 and 512 px on a
2-core CPU, benchmarks/speed.py). On x86 CPUs the Gram products run as oneDNN 1x1 convolutions
(`gram_by_convolution`). The defaults in `TUNING` are the ones `benchmarks/gpu.py`
measured to be fastest without loss of quality (see the README's Speed section).

torch's TF32 switches are process-wide: `arithmetic()` sets them for each pass and puts them
back, through a gate (`SwitchGate`) that lets passes needing the same switches run together and
makes a pass needing other ones wait until those have finished. So runs at once in one process
(STYLER_CONCURRENCY > 1) never see each other's switches, whatever precisions they ask for.
"""
from __future__ import annotations

import platform
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Callable

import torch


@dataclass
class Tuning:
    """Process-wide choices; the GPU benchmark flips them to compare."""

    auto_precision: str = "tf32"  # what precision="auto" means on a CUDA GPU
    channels_last: bool = True  # NHWC activations on CUDA and the CPU: what their fastest convolutions use
    # cuDNN autotuning: no faster here (H200, 512 px: within run-to-run noise), but it re-tunes
    # for every new image shape, and its trial workspaces took a 1024 px run's peak GPU memory
    # from 3.6 GB to 130 GB.
    cudnn_benchmark: bool = False
    lbfgs: str = "auto"  # L-BFGS form: "auto" (compact on CUDA, two-loop elsewhere), "compact", "two-loop"
    cuda_graphs: bool = True  # replay each iteration's forward + backward as a CUDA graph (graphs.py)
    # Gram products on x86 CPUs as oneDNN 1x1 convolutions instead of BLAS matrix products: the
    # same float32 sums, 2-2.5x faster for VGG's shapes on a 2-core AMD EPYC, where MKL runs its
    # generic code path and oneDNN its AVX-512 one (their *_VERBOSE logs). A paper-settings
    # iteration went from 1.10x to 1.05x the network's own forward + backward at 256 px
    # (benchmarks/speed.py --gram convolution matmul).
    gram_convolutions: bool = True


TUNING = Tuning()


def precision_for(requested: str, device: torch.device) -> str:
    """The precision a run actually uses: "float32", "tf32" or "bf16"."""
    if device.type != "cuda":
        return "float32"
    return TUNING.auto_precision if requested == "auto" else requested


def graphs_apply(device: torch.device, precision: str, masked: bool) -> bool:
    """Whether a run's iterations are replayed as a CUDA graph. Not with bf16 (autocast's weight
    cache cannot be recorded) nor with region masks (their loss reads each mask's mass back to the
    host at its first use; recorded graphs of masked runs have not been checked on a GPU)."""
    return device.type == "cuda" and TUNING.cuda_graphs and precision != "bf16" and not masked


# oneDNN's x86 convolutions; on other CPUs (ARM) torch's convolutions may take slower paths.
_ONEDNN_X86 = torch.backends.mkldnn.is_available() and platform.machine().lower() in ("x86_64", "amd64")


def gram_by_convolution(features: torch.Tensor) -> bool:
    """Whether the Gram products of these features run as 1x1 convolutions (losses.py)."""
    return (TUNING.gram_convolutions and _ONEDNN_X86 and features.device.type == "cpu"
            and features.dtype == torch.float32)


def describe(device: torch.device, precision: str) -> str:
    """Where a run computes, for people: "CPU", "NVIDIA H200, TF32", "Apple GPU (MPS)"."""
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)}, {precision.upper() if precision != 'float32' else 'float32'}"
    return {"cpu": "CPU", "mps": "Apple GPU (MPS)"}.get(device.type, str(device))


def memory_format(device: torch.device) -> torch.memory_format:
    if device.type in ("cuda", "cpu") and TUNING.channels_last:
        return torch.channels_last
    return torch.contiguous_format


class SwitchGate:
    """Process-wide switches shared by concurrent passes: passes needing the same setting hold the
    gate together; one needing another setting waits until they have all left (and, while it
    waits, newcomers of the current setting wait behind it). The first to enter applies its
    setting; the last to leave puts back what was there before."""

    def __init__(self, apply: Callable[[object], object]):
        self._apply = apply  # sets a setting, returns the one it replaced
        self._cond = threading.Condition()
        self._setting: object = None
        self._users = 0
        self._saved: object = None
        self._waiting_other = 0

    @contextmanager
    def hold(self, setting):
        with self._cond:
            waiting = False
            while self._users and (self._setting != setting or self._waiting_other > (1 if waiting else 0)):
                if self._setting != setting and not waiting:
                    waiting = True
                    self._waiting_other += 1
                self._cond.wait()
            if waiting:
                self._waiting_other -= 1
            if self._users == 0:
                self._saved, self._setting = self._apply(setting), setting
            self._users += 1
        try:
            yield
        finally:
            with self._cond:
                self._users -= 1
                if self._users == 0:
                    self._apply(self._saved)
                    self._cond.notify_all()


def _set_cuda_switches(setting) -> tuple:
    """(allow TF32 in cuDNN, cuDNN autotuning, matmul precision): set these, return the old ones."""
    cudnn = torch.backends.cudnn
    old = (cudnn.allow_tf32, cudnn.benchmark, torch.get_float32_matmul_precision())
    cudnn.allow_tf32, cudnn.benchmark = setting[0], setting[1]
    torch.set_float32_matmul_precision(setting[2])
    return old


_CUDA_SWITCHES = SwitchGate(_set_cuda_switches)


def arithmetic(precision: str, device: torch.device):
    """torch's process-wide TF32 and cuDNN switches as this precision needs them, for a forward +
    backward pass; whatever else runs in the process keeps its own settings."""
    if device.type != "cuda":
        return nullcontext()
    tensor_cores = precision in ("tf32", "bf16")  # bf16 runs its float32 leftovers (Gram) as TF32
    return _CUDA_SWITCHES.hold((tensor_cores, TUNING.cudnn_benchmark, "high" if tensor_cores else "highest"))


def network_autocast(precision: str, device: torch.device):
    """bf16 for the network's convolutions; the losses cast back to float32."""
    if precision == "bf16":  # only ever chosen for CUDA (`precision_for`); tests also run it on the CPU
        return torch.autocast(device.type, dtype=torch.bfloat16)
    return nullcontext()
