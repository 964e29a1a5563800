"""Hugging Face ZeroGPU support, kept in one place.

On a ZeroGPU Space, GPU work must run inside a function decorated with `spaces.GPU`; everywhere
else the `spaces` package's decorator returns the function unchanged, so the engine always runs
through it, exactly as deployed. `import spaces` has to happen before torch initialises CUDA,
which is why `webapp/__init__.py` imports this module before anything that imports torch.
Whether this is ZeroGPU, and the most GPU seconds a run may ask for, are the server's
`ServerConfig` (webapp.config), read when a run asks, never at import.

The decorated generator may run in a separate worker process: everything it receives and
yields must pickle. It takes StyleParams and the inputs as `CheckedImage`s, each decoded once
in the caller at no more than the run needs (so no full-size photo is pickled across), and
yields the engine's `Progress` items (dataclasses of numbers, strings, messages and PIL images),
and turns engine errors into a `RunFailed` record instead of raising them: the error's message
code and fields (plain data), rendered in the visitor's language by the caller. Progress reporting, Gradio updates and
`gr.Error`s stay in the undecorated caller, `webapp.runner`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import spaces  # must precede torch's CUDA initialisation

from styler import StyleParams, StylerError, stylize  # noqa: E402  (after spaces)
from styler.errors import DivergedError  # noqa: E402
from styler.messages import Message  # noqa: E402
from styler.video import stylize_video  # noqa: E402

from . import policy  # noqa: E402

# Each run asks ZeroGPU for what its size and iterations need (`gpu_seconds`), never more than its
# time budget nor the server's `gpu_duration`: ZeroGPU's queue favours shorter requests, and a
# visitor's daily quota is a few minutes.
# The pace a request is sized by: seconds per iteration at MEASURED_PIXELS on a whole card
# (benchmarks/gpu.py measures it), and how much slower each kind of ZeroGPU hardware is, by its
# share of the card's multiprocessors: "large" (the default) is a MIG slice, "xlarge" the card.
SECONDS_PER_ITERATION = 0.004
MEASURED_PIXELS = 512 * 384
SLOWER_THAN_MEASURED = {"large": 132 / 60, "xlarge": 1.0}
GPU_SIZE = "large"
MARGIN = 2.0  # on top of the hardware's slowdown: other visitors' runs share the card
START_SECONDS = 15  # moving the network to the GPU, recording the first iteration
MIN_SECONDS = 20


def gpu_seconds(content, style, params: StyleParams, **_extras) -> int:
    """GPU seconds to ask for a run with these settings (same arguments as `run_engine`)."""
    pixels = params.size * params.size * 3 / 4  # the long side is `size`; a 4:3 picture as the usual case
    per_iteration = SECONDS_PER_ITERATION * SLOWER_THAN_MEASURED[GPU_SIZE] * pixels / MEASURED_PIXELS
    need = START_SECONDS + MARGIN * params.iterations * per_iteration
    if params.seconds > 0:  # a time budget is the run's own bound: it ends by then, whatever its iterations
        need = min(need, START_SECONDS + params.seconds)
    return int(min(policy.server().gpu_duration, max(MIN_SECONDS, need)))


@dataclass(frozen=True)
class RunFailed:
    """The engine refused or failed a run: the message for the person (its code and fields, see
    styler.messages), and the last good picture (a run that diverged keeps one)."""

    code: str
    fields: dict[str, Any]
    last_image: Any = None

    @classmethod
    def of(cls, error: StylerError) -> "RunFailed":
        return cls(error.code, error.fields, error.last_image if isinstance(error, DivergedError) else None)

    @property
    def message(self) -> Message:
        return Message(self.code, self.fields)


def on_gpu(fn):
    """`spaces.GPU` with a duration sized per run: on ZeroGPU it attaches a GPU for the call; on
    any other machine the package hands `fn` back unchanged."""
    return spaces.GPU(duration=gpu_seconds, size=GPU_SIZE)(fn)


@on_gpu
def run_engine(content, style, params: StyleParams, *, init_image=None, mask=None):
    """Run styler.stylize: yield its `Progress` items, and, if the engine refuses or fails, a last
    `RunFailed`.

    `content` is a CheckedImage (styler.read_input), `style` one or a list of them; `init_image`
    and `mask` are CheckedImages or None. The engine takes them as they are.
    """
    try:
        run = stylize(content, style, params, init_image=init_image, mask=mask)
        try:
            yield from run
        finally:
            run.close()  # frees the run's memory at once when the consumer stops early
    except StylerError as exc:
        yield RunFailed.of(exc)


def clip_gpu_seconds(clip, style, params: StyleParams, video) -> int:
    """GPU seconds to ask for a clip: its time budget (the whole clip's), or its frames' iterations."""
    pixels = params.size * params.size * 3 / 4
    per_iteration = SECONDS_PER_ITERATION * SLOWER_THAN_MEASURED[GPU_SIZE] * pixels / MEASURED_PIXELS
    need = START_SECONDS + MARGIN * per_iteration * (params.iterations + video.frames * video.frame_iterations)
    if params.seconds > 0:
        need = min(need, START_SECONDS + params.seconds)
    return int(min(policy.server().gpu_duration, max(MIN_SECONDS, need)))


@spaces.GPU(duration=clip_gpu_seconds, size=GPU_SIZE)
def run_video_engine(clip, style, params: StyleParams, video):
    """Run styler.video.stylize_video: yield its `VideoProgress` items, and, if the engine refuses
    or fails, a last `RunFailed` (the frames finished before stay with the caller)."""
    try:
        run = stylize_video(clip, style, params, video)
        try:
            yield from run
        finally:
            run.close()
    except StylerError as exc:
        yield RunFailed.of(exc)
