"""Shared fixtures: the project's example images, the shared test images when present, one app
server for every server test, and the tiers of tests. (Constants and helpers: tests/helpers.py.)"""
import os
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before anything imports gradio

import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from helpers import EXAMPLES, SHARED_IMAGES  # noqa: E402


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


# Tiers of tests, by module (a test may name another tier with its own marker):
#   unit    no server, no browser, no stylisation above 64 px: `python -m pytest -m unit`, under a minute
#   engine  the engine on the real weights (the default for a module not listed)
#   server  the app served in this process, driven through its API
#   browser the page in Chromium
TIERS = ("unit", "engine", "server", "browser")
MODULE_TIERS = {
    "unit": {"test_params", "test_lbfgs", "test_losses", "test_color", "test_examples", "test_plan", "test_figures",
             "test_vgg", "test_premade", "test_i18n", "test_status", "test_controls", "test_uploads", "test_gpu",
             "test_runner", "test_figures_tab", "test_architecture"},
    "server": {"test_app_api", "test_app_creative", "test_app_load", "test_server_limits", "test_server_load",
               "test_hostile_inputs"},
    "browser": {"test_browser"},
}


def pytest_collection_modifyitems(items):
    for item in items:
        if any(item.get_closest_marker(tier) for tier in TIERS):
            continue
        module = item.module.__name__.rsplit(".", 1)[-1]
        tier = next((t for t, modules in MODULE_TIERS.items() if module in modules), "engine")
        item.add_marker(getattr(pytest.mark, tier))
