"""Several clients at once: every job finishes in its turn with its own result, no cross-talk."""
from __future__ import annotations

import pytest
from PIL import Image

from helpers import EXAMPLES, patience, running_app
from styler.metadata import read_params

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client, handle_file  # noqa: E402

from webapp import runner  # noqa: E402

pytestmark = pytest.mark.server

PNG_FILE = runner.OUTPUTS.index("png_file")


def params_seed(path) -> int:
    return read_params(path).seed


def test_four_concurrent_clients_each_get_their_own_result():
    # Landscape and portrait contents and different seeds: a mix-up would show in size or settings.
    jobs_spec = [("photo_cat.jpg", 11), ("photo_astronaut.jpg", 12), ("photo_leuven_street.jpg", 13),
                 ("photo_coffee.jpg", 14)]
    with running_app() as url:
        clients = [Client(url, verbose=False) for _ in jobs_spec]
        style = handle_file(str(EXAMPLES / "painting_starry_night.jpg"))
        jobs = [c.submit(content=handle_file(str(EXAMPLES / name)), style=style, size=48, iterations=3, seed=seed,
                         api_name="/stylize")
                for c, (name, seed) in zip(clients, jobs_spec)]
        results = [job.result(timeout=patience(300)) for job in jobs]
    for (name, seed), result in zip(jobs_spec, results):
        png = result[PNG_FILE]
        png = png.get("path") if isinstance(png, dict) else png
        assert params_seed(png) == seed, name
        with Image.open(EXAMPLES / name) as content, Image.open(png) as out:
            expected = 48 / max(content.size)
            assert out.size == (round(content.width * expected), round(content.height * expected))
