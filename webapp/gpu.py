"""Hugging Face ZeroGPU support, kept in one place.

On a Space with ZeroGPU, GPU work must run inside a function decorated with `spaces.GPU`;
elsewhere (or when the `spaces` package is not installed) the decorator is a no-op.
`import spaces` has to happen before torch initialises CUDA, which is why `webapp/__init__.py`
imports this module before anything that imports torch.

The decorated generator may run in a separate worker process: everything it receives and
yields must pickle. It therefore yields plain dicts (numbers, strings, PIL images) and turns
engine errors into records instead of raising them (custom exceptions with extra constructor
arguments do not survive a round trip through pickle). Progress reporting, Gradio updates and
`gr.Error`s stay in the undecorated caller, `webapp.runner`.
"""
from __future__ import annotations

import os

try:  # pragma: no cover - only on Hugging Face Spaces
    import spaces  # noqa: F401  (must precede torch's CUDA initialisation)
except ImportError:  # the normal case off Spaces
    spaces = None

# The most seconds of GPU time one run may ask ZeroGPU for. Each run asks for what its size and
# iterations need (`gpu_seconds`): ZeroGPU's queue favours shorter requests.
GPU_DURATION = int(os.environ.get("STYLER_GPU_DURATION", "300"))
ON_SPACES_GPU = spaces is not None
# Measured on a whole H200 (benchmarks/gpu.py): about 4 ms per iteration for a 512 x 384 px
# picture, growing with the pixel count. Asked for with a 3x margin (a ZeroGPU slice may be
# slower), plus the start: moving the network to the GPU, recording the first iteration.
SECONDS_PER_ITERATION = 0.004
MEASURED_PIXELS = 512 * 384
MARGIN = 3.0
START_SECONDS = 15
MIN_SECONDS = 20


def gpu_seconds(content, style, params: dict, **_extras) -> int:
    """GPU seconds to ask for a run with these settings (same arguments as `run_engine`)."""
    try:
        size, iterations = int(params["size"]), int(params["iterations"])
    except (KeyError, TypeError, ValueError):
        return GPU_DURATION  # the engine will refuse the settings; any duration does
    pixels = size * size * 3 / 4  # the long side is `size`; a 4:3 picture as the usual case
    need = START_SECONDS + MARGIN * iterations * SECONDS_PER_ITERATION * pixels / MEASURED_PIXELS
    try:
        budget = float(params.get("seconds") or 0)
    except (TypeError, ValueError):
        budget = 0.0
    if budget > 0:  # a time budget is the run's own bound: it ends by then, whatever its iterations
        need = min(need, START_SECONDS + budget)
    return int(min(GPU_DURATION, max(MIN_SECONDS, need)))


def on_gpu(fn):
    """`spaces.GPU(duration=gpu_seconds)(fn)` when `spaces` is importable, else `fn` itself."""
    if spaces is None:
        return fn
    return spaces.GPU(duration=gpu_seconds)(fn)  # pragma: no cover


@on_gpu
def run_engine(content, style, params: dict, *, init_image=None, mask=None):
    """Run styler.stylize and yield picklable records, one per engine iteration.

    `style` is a PIL image or a list of them; `init_image` and `mask` are PIL images or None
    (all picklable), passed on to the engine unchanged.

    Yields {"kind": "progress", iteration, total, losses, elapsed, eta, image, done, stage, notes, device, budget}
    and, if the engine refuses or fails, a last {"kind": "error", "message", "last_image"}.
    """
    from styler import StyleParams, StylerError, stylize
    from styler.errors import DivergedError

    try:
        run = stylize(content, style, StyleParams.from_dict(params), init_image=init_image, mask=mask)
        try:
            for p in run:
                yield {
                    "kind": "progress", "iteration": p.iteration, "total": p.total,
                    "losses": dict(p.losses), "elapsed": p.elapsed, "eta": p.eta,
                    "image": p.image, "done": p.done, "stage": p.stage, "notes": list(p.notes),
                    "device": p.device, "budget": p.budget,
                }
        finally:
            run.close()  # frees the run's memory at once when the consumer stops early
    except StylerError as exc:
        last = exc.last_image if isinstance(exc, DivergedError) else None
        yield {"kind": "error", "message": str(exc), "last_image": last}
