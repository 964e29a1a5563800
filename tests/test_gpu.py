"""ZeroGPU support (webapp/gpu.py): the engine always runs through the real `spaces` decorator, and
GPU seconds are asked for per run. (What crosses the decorator, on the real engine:
test_gpu_runs.py; the app built as on a Space: test_app_api.py.)"""
from __future__ import annotations

import importlib

import pytest

from styler import DEFAULTS
from webapp import gpu

pytestmark = pytest.mark.unit


def test_the_engine_runs_through_the_real_spaces_decorator_as_deployed():
    """`spaces` is installed as on a Space; off ZeroGPU its decorator hands the generator back
    unchanged (the package's local mode), and the app runs it that way."""
    import spaces
    from spaces.config import Config

    assert gpu.spaces is spaces and not gpu.ON_ZEROGPU and Config.zero_gpu is gpu.ON_ZEROGPU
    assert gpu.on_gpu(_engine_stand_in) is _engine_stand_in  # local mode: the function itself


def _engine_stand_in():
    yield 1


def test_zerogpu_is_told_by_its_environment_not_by_the_package(monkeypatch):
    try:
        for value, expected in (("true", True), ("1", True), ("", False), ("false", False)):
            monkeypatch.setenv("SPACES_ZERO_GPU", value)
            assert importlib.reload(gpu).ON_ZEROGPU is expected, value
    finally:
        monkeypatch.delenv("SPACES_ZERO_GPU")
        importlib.reload(gpu)


def test_zerogpu_asks_for_what_the_run_needs():
    def ask(**changes):
        return gpu.gpu_seconds(None, None, DEFAULTS.replace(**{"seconds": 0, **changes}))  # iterations alone

    small, large, huge = ask(size=320, iterations=150), ask(size=1024, iterations=500), ask(size=4096, iterations=200)
    assert small == gpu.MIN_SECONDS  # a Recommended run: the shortest request, the best place in line
    assert gpu.MIN_SECONDS < large < huge <= gpu.GPU_DURATION
    assert ask(size=4096, iterations=10000) == gpu.GPU_DURATION  # capped
    # A time budget bounds the request: the run ends by then whatever its iterations.
    assert ask(size=4096, iterations=10000, seconds=30) == gpu.START_SECONDS + 30
