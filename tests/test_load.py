"""Load and faults, library level, on the real weights at tiny sizes.

- A run whose loss becomes non-finite stops with DivergedError, keeping a real last picture.
- Closing a generator mid-run (Gradio's Stop, a client gone) frees the run: no engine object
  survives, RSS comes back near where it was, and the next run works.
- Many consecutive runs in one process do not grow its memory.

RSS is read from /proc/self/statm (resident pages), the number an operator watches.
"""
from __future__ import annotations

import gc
import math
import os

import numpy as np
import pytest
import torch
from PIL import Image

from styler import DivergedError, StyleParams, stylize
from styler import accel, engine
from styler.network import get_vgg

MB = 1e6


pytestmark = [pytest.mark.engine, pytest.mark.usefixtures("one_torch_thread")]


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def settle() -> int:
    gc.collect()
    return rss()


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image, dtype=np.float64)


def assert_real_picture(image: Image.Image, size: tuple[int, int]) -> None:
    """An actual image: right size, RGB, not black, not flat (NaN pixels become a flat 0)."""
    assert isinstance(image, Image.Image) and image.mode == "RGB" and image.size == size
    array = pixels(image)
    assert array.mean() > 30, f"mean {array.mean():.1f}: a black image"
    assert array.std() > 10, f"std {array.std():.1f}: a flat image"


def live_runs() -> int:
    """Engine objects of a run still reachable anywhere in the process."""
    gc.collect()
    kinds = (engine.Objective, torch.optim.Optimizer)
    return sum(issubclass(type(o), kinds) for o in gc.get_objects())


# Divergence --------------------------------------------------------------------------------------

def test_a_real_non_finite_loss_stops_the_run_with_a_real_picture(photo, painting):
    # No accepted weight makes a run blow up midway here (alpha, beta <= 1e12; Adam's steps are
    # clamped to 0..255; L-BFGS stays finite), but per-layer weights are unbounded, and from about
    # 1e30 (with alpha = 1e12) the float32 loss overflows at the very first iteration.
    params = StyleParams(size=48, iterations=5, preview_every=1, content_weight=1e12, content_layers="conv4_2:1e30")
    seen = []
    with pytest.raises(DivergedError) as info:
        for progress in stylize(photo, painting, params):
            seen.append(progress)
    error = info.value
    assert error.iteration == 1 and not seen
    assert "diverged" in str(error) and "\n" not in str(error)
    assert_real_picture(error.last_image, (48, 36))  # the white-noise start, not black
    # the shared network is unharmed: the next run works
    final = list(stylize(photo, painting, StyleParams(size=48, iterations=2)))[-1]
    assert final.done and all(math.isfinite(v) for v in final.losses.values())


def _reference(photo, painting, params) -> Image.Image:
    """The image after iteration 2 of an unpoisoned run with the same settings."""
    items = list(stylize(photo, painting, params.replace(iterations=2, preview_every=1)))
    return items[-1].image  # the final item of a 2-iteration run: the iterate after step 2


class _NaNGradient(torch.autograd.Function):
    """Identity forward, NaN backward: a finite loss whose gradient overflowed."""

    @staticmethod
    def forward(ctx, t):
        return t.clone()

    @staticmethod
    def backward(ctx, grad):
        return grad * float("nan")


@pytest.mark.parametrize("optimizer", ["lbfgs", "adam"])
@pytest.mark.parametrize("poison", ["nan-loss", "nan-gradient"])
def test_divergence_midway_keeps_the_last_finite_iterate(optimizer, poison, photo, painting, monkeypatch):
    params = StyleParams(size=48, iterations=6, preview_every=1, optimizer=optimizer, learning_rate=4.0)
    reference = _reference(photo, painting, params)
    real_call = engine.Objective.__call__
    calls = {"n": 0}

    def poisoned(self, x):  # one call per iteration (L-BFGS runs max_iter=1)
        calls["n"] += 1
        total, parts = real_call(self, x)
        if calls["n"] == 3:
            if poison == "nan-loss":
                return total * float("nan"), parts * float("nan")
            return _NaNGradient.apply(total), parts  # finite loss, NaN step
        return total, parts

    monkeypatch.setattr(engine.Objective, "__call__", poisoned)
    seen = []
    with pytest.raises(DivergedError) as info:
        for progress in stylize(photo, painting, params):
            seen.append(progress)
    error = info.value
    assert error.iteration in (3, 4) and f"diverged at iteration {error.iteration}" in str(error)
    assert all(p.image is None or pixels(p.image).std() > 10 for p in seen), "a black preview was shown"
    assert_real_picture(error.last_image, reference.size)
    # it is the iterate after step 2: the last one whose loss and pixels were finite
    assert np.abs(pixels(error.last_image) - pixels(reference)).max() <= 1


# Closing mid-run ---------------------------------------------------------------------------------

def test_closing_mid_run_stops_it_frees_it_and_the_next_run_works(photo, painting):
    params = StyleParams(size=128, iterations=100, preview_every=50)

    def start_and_close():
        run = stylize(photo, painting, params)
        next(run)
        next(run)  # mid-run: two iterations done, the optimiser holds its state
        run.close()
        assert run.gi_frame is None

    # Closing runs no further iteration: the run's own network sees no pass after it.
    cpu = torch.device("cpu")
    network = get_vgg(memory_format=accel.RunSettings.resolve(params.precision, cpu).memory_format)
    forwards = []
    hook = network.convs["conv1_1"].register_forward_hook(lambda *a: forwards.append(1))
    try:
        run = stylize(photo, painting, params)
        next(run), next(run)
        assert forwards, "the hook is on the network the run uses"
        forwards.clear()
        run.close()
        assert forwards == []
    finally:
        hook.remove()
    start_and_close()  # warm-up: the shared network, allocator pools and thread pools
    base = settle()
    for _ in range(5):
        start_and_close()
    grown = settle() - base
    assert live_runs() == 0, "an objective or optimiser of a closed run is still alive"
    # Closed runs leave allocator noise only; runs left suspended (a leak) keep their tensors.
    assert grown < 15 * MB, f"RSS grew {grown / MB:.0f} MB over 5 start-and-close cycles"
    final = list(stylize(photo, painting, StyleParams(size=48, iterations=3, preview_every=1)))
    assert final[-1].done and len(final) == 3
    assert_real_picture(final[-1].image, (48, 36))


def test_twenty_consecutive_tiny_runs_do_not_grow_memory(photo, painting):
    # square inputs: at size 32 (the minimum) anything else has a side under 32 px and is refused
    square = photo.crop((0, 0, photo.height, photo.height)).resize((64, 64))
    square_style = painting.crop((0, 0, painting.height, painting.height)).resize((64, 64))
    params = StyleParams(size=32, iterations=2, preview_every=1)
    readings = {}
    for i in range(1, 21):
        items = list(stylize(square, square_style, params))
        assert items[-1].done and items[-1].image.size == (32, 32)
        del items
        if i in (2, 10, 20):  # from run 2: the first run fills allocator caches
            readings[i] = settle()
    grown = readings[20] - readings[2]
    assert grown < 20 * MB, f"RSS grew {grown / MB:.0f} MB from run 2 to run 20: " + \
        ", ".join(f"run {i}: {r / MB:.0f} MB" for i, r in readings.items())
    assert live_runs() == 0
