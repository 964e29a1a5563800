"""What a run costs in memory, and whether it fits the device: checked before anything is allocated.

A run's memory grows with its output pixels: the network's activations and their gradients for
the image and the style targets, plus the optimiser's state (L-BFGS keeps 100 pairs of image-sized
vectors). `benchmarks/memory.py` measures the bytes per pixel these constants stand for; the
README's "Limits" section has its numbers. On Linux an allocation beyond the memory the process
may use is not an error but a kill of the whole process (every visitor's run with it), so the
estimate is checked up front.
"""
from __future__ import annotations

import math
import os
from pathlib import Path

import torch

from .errors import DeviceError, about
from .messages import message
from .params import StyleParams

# Bytes per output pixel, measured peaks above the loaded network (benchmarks/memory.py), with
# room to spare: the CPU's float32 activations and gradients; CUDA's are larger (its convolution
# workspaces); L-BFGS's full history (100 pairs of float32 vectors: 2,400 bytes a pixel, 3,200 on the
# Laplacian pyramid, which holds 4/3 as many values); Adam's two moments.
NETWORK_BYTES = {"cpu": 2_800, "cuda": 5_000, "mps": 5_000}
LBFGS_BYTES = 4_000
ADAM_BYTES = 1_200
FIXED_BYTES = 150 * 2**20  # buffers whose size does not follow the picture
USABLE = 0.8  # of the memory free for runs: the rest is headroom for the process and the system
MIN_SIZE = 64


def run_bytes(params: StyleParams, pixels: int, device: torch.device) -> int:
    """Estimated peak memory of one run of `pixels` output pixels on `device`."""
    per_pixel = NETWORK_BYTES.get(device.type, NETWORK_BYTES["cuda"])
    per_pixel *= max(1.0, params.style_scale)  # the style's pass is larger when its scale is
    per_pixel += LBFGS_BYTES if params.optimizer == "lbfgs" else ADAM_BYTES
    return int(FIXED_BYTES + per_pixel * pixels)


def free_bytes(device: torch.device) -> int | None:
    """Memory a new run may take on `device` now; None when it cannot be told."""
    if device.type == "cuda":
        free, _ = torch.cuda.mem_get_info(device)
        return int(free)
    if device.type == "cpu":
        return _free_ram()
    return None


def largest_size(params: StyleParams, free: int | None, device: torch.device, aspect: float = 1.0) -> int | None:
    """The largest output size (long side, a multiple of 16) whose run fits in `free` bytes,
    for a picture of this aspect (long side / short side; 1, a square, is the worst case)."""
    if free is None:
        return None
    budget = free * USABLE - FIXED_BYTES
    per_pixel = run_bytes(params, 1, device) - FIXED_BYTES
    if budget <= 0:
        return 0
    side = math.sqrt(budget / per_pixel * max(1.0, aspect))
    return int(side // 16 * 16)


def check_fits(params: StyleParams, size: tuple[int, int], device: torch.device, free: int | None = None) -> None:
    """Raise DeviceError, naming the largest size that fits, when a run at `size` (width, height)
    would not fit in the device's free memory (`free`, or measured now)."""
    free = free_bytes(device) if free is None else free
    if free is None:
        return
    width, height = size
    need = run_bytes(params, width * height, device)
    if need <= free * USABLE:
        return
    aspect = max(width, height) / min(width, height)
    fits = largest_size(params, free, device, aspect)
    where = message("memory.gpu" if device.type == "cuda" else "memory.ram")
    hint = message("memory.fits", size=fits) if fits and fits >= MIN_SIZE else message("memory.nothing_fits")
    raise DeviceError("param.invalid", **about("size", "memory.run_too_large", size=f"{width}x{height}",
                                               need=f"{need / 2**30:.1f}", where=where, free=f"{free / 2**30:.1f}",
                                               hint=hint))


def _free_ram() -> int | None:
    """MemAvailable, or less where a container (cgroup) limits the process."""
    available = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                available = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    cgroup = _cgroup_headroom()
    if cgroup is not None:
        available = cgroup if available is None else min(available, cgroup)
    if available is None and hasattr(os, "sysconf"):
        try:
            available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError):
            pass
    return available


def _cgroup_headroom() -> int | None:
    """Bytes left under the container's memory limit (cgroup v2, then v1), if it has one."""
    for limit_file, usage_file in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                   ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                    "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        try:
            limit = Path(limit_file).read_text().strip()
            usage = int(Path(usage_file).read_text().strip())
        except (OSError, ValueError):
            continue
        if limit == "max" or int(limit) >= 2**60:
            return None
        return max(0, int(limit) - usage + _reclaimable(Path(usage_file).parent))
    return None


def _reclaimable(cgroup: Path) -> int:
    """File cache the kernel gives back before it kills: counted in the usage, yet free."""
    try:
        for line in (cgroup / "memory.stat").read_text().splitlines():
            key, _, value = line.partition(" ")
            if key in ("inactive_file", "total_inactive_file"):
                return int(value)
    except (OSError, ValueError):
        pass
    return 0


def clip_bytes(params: StyleParams, pixels: int, frames: int, device: torch.device) -> int:
    """Estimated peak memory of a clip's run: one frame's run, plus the frames held (the input's and
    the results', 8-bit RGB) and a frame pair's optical flow (float32, both ways)."""
    return run_bytes(params, pixels, device) + frames * pixels * 3 * 2 + pixels * 4 * 2 * 3
