"""ZeroGPU support (webapp/gpu.py): the engine always runs through the real `spaces` decorator, and
GPU seconds are asked for per run. (What crosses the decorator, on the real engine:
test_gpu_runs.py; the app built as on a Space: test_app_api.py.)"""
from __future__ import annotations


import pytest

from styler import DEFAULTS
from webapp import gpu
from webapp.config import ServerConfig, on_zerogpu

from helpers import serving

pytestmark = pytest.mark.unit


def test_the_engine_runs_through_the_real_spaces_decorator_as_deployed():
    """`spaces` is installed as on a Space; off ZeroGPU its decorator hands the generator back
    unchanged (the package's local mode), and the app runs it that way."""
    import spaces
    from spaces.config import Config

    assert gpu.spaces is spaces and not on_zerogpu() and Config.zero_gpu is on_zerogpu()
    assert gpu.on_gpu(_engine_stand_in) is _engine_stand_in  # local mode: the function itself


def _engine_stand_in():
    yield 1


def test_zerogpu_is_told_by_its_environment_as_the_package_tells_it():
    from spaces.config import boolean

    for value, expected in (("true", True), ("1", True), ("T", True), ("", False), ("false", False), ("0", False)):
        assert on_zerogpu({"SPACES_ZERO_GPU": value}) is expected is boolean(value), value
        server = ServerConfig.from_environment({"SPACES_ZERO_GPU": value})
        assert (server.on_zerogpu, server.max_seconds) == (expected, 60 if expected else 120), value
        if expected:
            assert server.device == "cuda"  # the GPU exists inside each run's call only
    assert not on_zerogpu({})
    assert ServerConfig.from_environment({"STYLER_GPU_DURATION": "45"}).gpu_duration == 45
    assert ServerConfig.from_environment({}).gpu_duration == ServerConfig().gpu_duration
    with pytest.raises(SystemExit, match="STYLER_GPU_DURATION"):
        ServerConfig.from_environment({"STYLER_GPU_DURATION": "a minute"})


def test_zerogpu_asks_for_what_the_run_needs():
    def ask(**changes):
        return gpu.gpu_seconds(None, None, DEFAULTS.replace(**{"seconds": 0, **changes}))  # iterations alone

    with serving(gpu_duration=90):
        small, large, huge = ask(size=320, iterations=150), ask(size=1024, iterations=500), ask(size=4096, iterations=200)
        assert small == gpu.MIN_SECONDS  # a Recommended run: the shortest request, the best place in line
        assert gpu.MIN_SECONDS < large < huge <= 90
        assert ask(size=4096, iterations=10000) == 90  # capped by the server's setting
        # A time budget bounds the request: the run ends by then whatever its iterations.
        assert ask(size=4096, iterations=10000, seconds=30) == gpu.START_SECONDS + 30
    with serving(gpu_duration=40):  # the cap is the server's, read when a run asks
        assert ask(size=4096, iterations=10000) == 40
