"""Shared fixtures: the project's example images, the shared test images when present, one app
server for every server test, and the tiers of tests. (Constants and helpers: tests/helpers.py.)"""
import os
import threading
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before anything imports gradio

import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from helpers import EXAMPLES, SHARED_IMAGES, patience  # noqa: E402


@pytest.fixture(scope="session")
def photo() -> Image.Image:
    return Image.open(EXAMPLES / "photo_leuven_street.jpg").convert("RGB")


@pytest.fixture(scope="session")
def painting() -> Image.Image:
    return Image.open(EXAMPLES / "painting_starry_night.jpg").convert("RGB")


@pytest.fixture(scope="session")
def shared_images() -> Path:
    if not SHARED_IMAGES.is_dir():
        pytest.skip(f"{SHARED_IMAGES} is absent: these tests use the shared test photos and paintings")
    return SHARED_IMAGES


@pytest.fixture(scope="module")
def one_torch_thread():
    """For modules of many tiny runs: on a small shared machine one intra-op thread is far faster
    than threads contending for the same cores."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def url():
    """The web app served in this process on a free port, shared by every server test."""
    from helpers import running_app

    with running_app() as address:
        yield address


@pytest.fixture(scope="session")
def client(url):
    from gradio_client import Client

    return Client(url, verbose=False)


HOLD = 100  # the seed of a job that holds the only slot until `release` is set


@pytest.fixture
def release():
    event = threading.Event()
    yield event
    event.set()  # never leave a job held


@pytest.fixture
def started(monkeypatch, release):
    """Seeds of the runs the engine started, in order (the seed tells the jobs apart). The job
    with seed HOLD waits for `release` before it runs: the line forms behind it however slow the
    machine is."""
    from webapp import gpu

    seeds: list[int] = []
    engine = gpu.run_engine

    def spy(content, style, params, **kwargs):
        seeds.append(params.seed)
        if params.seed == HOLD:
            release.wait(patience(300))
        return engine(content, style, params, **kwargs)

    monkeypatch.setattr(gpu, "run_engine", spy)
    return seeds


# Tiers of tests. Each module names its own with `pytestmark = pytest.mark.<tier>`, and only one:
#   unit    no weights, no server, no browser: `python -m pytest -m unit`, under a minute
#   engine  the engine on the real weights
#   server  the app served in this process (or another), driven through its API
#   browser the page in Chromium
TIERS = ("unit", "engine", "server", "browser")


def pytest_collection_modifyitems(items):
    wrong = []
    for item in items:
        named = {marker.name for marker in item.iter_markers() if marker.name in TIERS}
        if len(named) != 1:
            wrong.append(f"{item.nodeid}: {sorted(named) or 'no tier'}")
    if wrong:
        raise pytest.UsageError("every test module names exactly one tier (pytestmark = pytest.mark.<tier>):\n"
                                + "\n".join(wrong))


def _no_weights(*args, **kwargs):
    raise AssertionError("a unit test loads no network weights: move this test to an engine-tier module")


@pytest.fixture(autouse=True)
def unit_tests_load_no_weights(request, monkeypatch):
    """A unit test that reaches for the network fails, even when another test loaded it already."""
    if request.node.get_closest_marker("unit") is None:
        yield
        return
    from styler import engine, network, normalization, vgg

    for module in (engine, network):
        monkeypatch.setattr(module, "get_vgg", _no_weights)
    for module in (network, normalization, vgg):
        monkeypatch.setattr(module, "load_conv_weights", _no_weights)
    yield
