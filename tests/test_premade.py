"""Results made ahead for the example pairs and the "How it works" figures: all there, small, found
by what an image is (not its name), and shown on picking an example pair. (That they are what the
regeneration command makes: test_shipped_results.py.)"""
from __future__ import annotations

import os
import shutil

import pytest
from PIL import Image

from styler.figures import FIGURES, figure_panels
from webapp import handlers, premade
from webapp.gallery import paintings, photos

pytestmark = pytest.mark.unit


def test_every_example_pair_has_its_result_and_time_lapse():
    for photo in photos():
        for painting in paintings():
            result, timelapse = premade.result_paths(photo, painting)
            assert premade.find(photo.path, painting.path) == (result, timelapse)
            with Image.open(result) as image:
                assert max(image.size) == premade.SETTINGS.size
            with Image.open(timelapse) as animation:
                assert animation.is_animated and 2 <= animation.n_frames <= premade.TIMELAPSE_FRAMES
                assert max(animation.size) <= premade.TIMELAPSE_SIDE
            assert result.stat().st_size + timelapse.stat().st_size < 120_000  # shipped small


def test_an_example_is_known_by_its_bytes_not_its_name(tmp_path):
    photo, painting = photos()[0], paintings()[0]
    copy = tmp_path / "anything.jpg"  # an example under another name (as in Gradio's cache)
    shutil.copy(photo.path, copy)
    assert premade.find(copy, painting.path) == premade.result_paths(photo, painting)
    impostor = tmp_path / photo.path.name  # another picture under the example's name
    Image.new("RGB", (64, 48), "teal").save(impostor)
    assert premade.find(impostor, painting.path) is None
    assert premade.find(None, painting.path) is None and premade.find(photo.path, painting.path.parent) is None


def test_picking_an_example_pair_shows_its_result_until_it_is_no_longer_one(tmp_path):
    photo, painting = photos()[1], paintings()[1]
    shown = handlers.example_result(str(photo.path), str(painting.path), False)
    assert (shown.image, shown.timelapse) == tuple(str(p) for p in premade.result_paths(photo, painting))
    assert shown.status.startswith("**Example result**, made ahead") and "Run" in shown.status
    assert shown.compare == (str(photo.path), shown.image) and shown.results["visible"] and shown.showing_example
    other = tmp_path / "mine.png"
    Image.new("RGB", (64, 48), "teal").save(other)
    cleared = handlers.example_result(str(other), str(painting.path), True)
    assert cleared.image is None and cleared.timelapse is None and not cleared.results["visible"]
    assert cleared.showing_example is False  # the example is taken away
    untouched = handlers.example_result(str(other), str(painting.path), False)
    assert all(u == {"__type__": "update"} for u in untouched.values()[:-1])  # a visitor's own result stays
    assert untouched.showing_example is False


def test_every_figure_has_its_preview_made_ahead():
    total = 0
    for figure in FIGURES:
        preview = premade.figure_preview(figure)
        base = premade.figure_base(premade.FIGURE_SETTINGS)
        panels = figure_panels(figure, base)
        assert [label for _, label in preview] == [str(panel.label) for panel in panels], figure
        for path, _ in preview:
            with Image.open(path) as image:
                assert max(image.size) == premade.FIGURE_SIZE, path
            total += os.path.getsize(path)
    assert total < 200_000, f"{total} bytes: shipped small"
