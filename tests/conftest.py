"""Shared fixtures: the project's example images, and the shared test images when present."""
import os
from pathlib import Path

import pytest
from PIL import Image

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_IMAGES = ROOT.parent / "shared" / "images"


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
    """For modules of many tiny runs: on a shared 2-core machine one intra-op thread is far
    faster than two contending ones (0.1 s against 2.7 s per 32 px run, measured under load)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def url():
    """The web app served in this process on a free port, for one test module."""
    from app_helpers import running_app

    with running_app() as address:
        yield address


@pytest.fixture(scope="module")
def client(url):
    from gradio_client import Client

    return Client(url, verbose=False)
