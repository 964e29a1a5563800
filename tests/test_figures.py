"""The paper's figures on real images: deeper layers lose detail; style panels match their targets;
the "How it works" tab streams a figure's panels and stops within one iteration."""
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from helpers import CONTENT, EXAMPLES, STYLE
from styler import StyleParams, StylerError
from styler.figures import CAPTIONS, FIGURES, figure_panels, main, run_panels
from styler.presets import preset
from webapp import figures_tab as ft, runs

pytestmark = pytest.mark.engine

BASE = preset("Paper (Fig. 3)", size=64, iterations=100, preview_every=100)


def finals(photo, painting, panels):
    out = [None] * len(panels)
    first = [None] * len(panels)
    for index, progress in run_panels(photo, painting, panels):
        first[index] = first[index] or progress
        if progress.done:
            out[index] = progress
    return first, out


def test_content_reconstruction_error_rises_with_the_layer(photo, painting):
    panels = [p for p in figure_panels("content", BASE) if str(p.label) in ("conv1_2", "conv3_2", "conv5_2")]
    _, done = finals(photo, painting, panels)
    target = np.asarray(photo.resize(done[0].image.size, Image.Resampling.LANCZOS), dtype=float)
    errors = [np.abs(np.asarray(p.image, dtype=float) - target).mean() for p in done]
    assert errors[0] < errors[1] < errors[2], errors


def test_style_reconstructions_match_their_gram_targets(photo, painting):
    panels = figure_panels("style", BASE)[:2]  # conv1_1, conv1_1+conv2_1
    first, done = finals(photo, painting, panels)
    for start, end in zip(first, done):
        assert end.losses["content"] == 0.0
        assert end.losses["style"] < start.losses["style"] / 20


def test_every_figure_has_panels_and_a_caption():
    for figure in FIGURES:
        panels = figure_panels(figure, BASE)
        assert panels and CAPTIONS[figure].count(". ") >= 1
    assert len(figure_panels("tradeoff", BASE)) == 5 * 4
    with pytest.raises(StylerError, match="unknown figure"):
        figure_panels("nope", BASE)


def test_cli_writes_a_labelled_grid(tmp_path, capsys):
    code = main([str(EXAMPLES / "photo_cat.jpg"), str(EXAMPLES / "painting_great_wave.jpg"), "--out", str(tmp_path),
                 "--figures", "init", "--size", "48", "--iterations", "2", "--quiet"])
    assert code == 0
    grid = Image.open(tmp_path / "init.png")
    assert grid.width > 3 * 48 and grid.height > 36
    assert main(["missing.jpg", "x.jpg", "--out", str(tmp_path), "--size", "48", "--iterations", "2"]) == 2
    assert "does not exist" in capsys.readouterr().err


def _payload(path):
    return {"path": str(path), "orig_name": path.name}


def test_a_figure_streams_its_panels_and_stops_within_one_iteration(one_torch_thread):
    request = SimpleNamespace(session_hash="unit-test")
    run = ft.make_run("init")(_payload(CONTENT), _payload(STYLE), 48, 2, request=request)
    updates = list(run)
    galleries = [g for g, _, _ in updates if isinstance(g, list)]
    assert [len(g) for g in galleries if g][:1] == [1] and len(galleries[-1]) == 3
    assert [label for _, label in galleries[-1]] == ["from noise", "from content", "from style"]
    assert updates[-1][1].startswith("**Done**") and len(updates[0][2]) == 3
    assert runs.active() == 0

    run = ft.make_run("init")(_payload(CONTENT), _payload(STYLE), 48, 50, request=request)
    next(run), next(run)  # started, first iteration
    runs.request_stop(ft.stop_key("unit-test", "init"))
    last = list(run)
    assert len(last) == 1 and last[0][1].startswith("**Stopped**")
    assert runs.active() == 0
    runs.request_stop("unit-test")  # the main run's Stop is a different request
    assert not runs.take_stop(ft.stop_key("unit-test", "init"))
    runs.clear_stop("unit-test")
