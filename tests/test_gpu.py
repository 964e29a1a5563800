"""ZeroGPU support (webapp/gpu.py): the engine always runs through the real `spaces` decorator, and
all that crosses it pickles; GPU seconds are asked for per run."""
from __future__ import annotations

import importlib
import pickle

import pytest
from PIL import Image

from helpers import CONTENT, STYLE
from styler import DEFAULTS, StyleParams
from styler.engine import Progress
from webapp import gpu


def test_what_crosses_the_zerogpu_boundary_pickles():
    """On ZeroGPU the engine generator runs in another process: all it takes and yields must pickle."""
    params = StyleParams(size=48, iterations=2, seconds=0)
    assert pickle.loads(pickle.dumps(params)) == params
    items = list(gpu.run_engine(Image.open(CONTENT), Image.open(STYLE), params))
    assert all(isinstance(p, Progress) for p in items) and [p.done for p in items] == [False, True]
    copy = pickle.loads(pickle.dumps(items[-1]))
    assert copy.losses == items[-1].losses and copy.image.size == items[-1].image.size
    assert copy.stage == items[-1].stage == "48x32 px"


def test_an_engine_refusal_becomes_a_record():
    sliver = Image.new("RGB", (2000, 10))  # 48x0 px at this size: nothing to stylise
    items = list(gpu.run_engine(sliver, Image.open(STYLE), StyleParams(size=48, iterations=2)))
    assert len(items) == 1 and isinstance(items[0], gpu.RunFailed)
    assert "too small" in items[0].message and items[0].last_image is None
    assert pickle.loads(pickle.dumps(items[0])) == items[0]


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
        return gpu.gpu_seconds(None, None, DEFAULTS.replace(seconds=0, **changes))  # iterations alone

    small, large, huge = ask(size=320, iterations=150), ask(size=1024, iterations=500), ask(size=4096, iterations=200)
    assert small == gpu.MIN_SECONDS  # a Recommended run: the shortest request, the best place in line
    assert gpu.MIN_SECONDS < large < huge <= gpu.GPU_DURATION
    assert ask(size=4096, iterations=10000) == gpu.GPU_DURATION  # capped
    # A time budget bounds the request: the run ends by then whatever its iterations.
    assert ask(size=4096, iterations=10000, seconds=30) == gpu.START_SECONDS + 30
    with pytest.raises(AttributeError):
        gpu.gpu_seconds(None, None, {"size": 5})  # settings arrive checked, as StyleParams


@pytest.mark.server  # (it builds the whole app, in another process)
def test_the_app_builds_as_on_a_zerogpu_space():
    """With the variables ZeroGPU sets, the real `spaces` package takes over the engine call (it
    patches torch as installed here and wraps `run_engine`), and the page builds with ZeroGPU's
    limits. (No GPU here: nothing runs on one.)"""
    import os
    import subprocess
    import sys

    from helpers import ROOT

    script = ("import webapp\nfrom webapp import gpu, policy\nwebapp.build_demo(preload=False)\n"
              "print(gpu.ON_ZEROGPU, hasattr(gpu.run_engine, '__wrapped__'), policy.MAX_SECONDS, policy.DEVICE.type)")
    env = {**os.environ, "SPACES_ZERO_GPU": "true", "SPACES_ZERO_DEVICE_API_URL": "http://127.0.0.1:9",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True", "60", "cuda"], done.stdout
