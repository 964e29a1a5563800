"""The "How it works" tab's logic, without a server: parsing, panels, gallery values, settings copy,
and bad inputs. (A figure's handler running: test_figures.py.)"""
from __future__ import annotations

import re

import gradio as gr
import pytest

from helpers import CONTENT, STYLE
from styler.figures import CAPTIONS, FIGURES, RATIOS
from webapp import controls, figures_tab as ft, i18n

pytestmark = pytest.mark.unit


def test_ratios_parse_with_defaults_and_clear_errors():
    assert ft.parse_ratios("") == RATIOS and ft.parse_ratios(None) == RATIOS
    assert ft.parse_ratios("1e-4, 0.01  1") == (1e-4, 0.01, 1.0)
    assert ft.parse_ratios(ft.format_ratios()) == RATIOS
    for bad, message in (("1e-4, x", "not a number"), ("0", "positive"), ("-1", "positive"), ("nan", "positive"),
                         (", ".join(["1"] * 9), "at most")):
        with pytest.raises(ValueError, match=message) as refused:
            ft.parse_ratios(bad)
        assert i18n.render(refused.value.message, "ko").startswith("비율: ")


def test_panels_use_the_tabs_size_and_iterations_checked_by_styleparams():
    panels = ft.panels_for("init", 48, "3")
    assert [p.params.init for p in panels] == ["noise", "content", "style"]
    assert all(p.params.size == 48 and p.params.iterations == 3 and p.params.preview_every == 1 for p in panels)
    # A panel streams a few previews: every 20th of 100 iterations.
    assert {p.params.preview_every for p in ft.panels_for("init", 96, 100)} == {20}
    grid = ft.panels_for("tradeoff", 48, 3, "1e-4, 1e-2")
    assert len(grid) == 5 * 2
    # Columns are the paper's alpha/beta ratios.
    assert sorted({p.params.content_weight / p.params.style_weight for p in grid}) == pytest.approx([1e-4, 1e-2])
    assert ft.columns_for("tradeoff", "1e-4, 1e-2") == 2 and ft.columns_for("content") == 5
    with pytest.raises(ValueError, match="size"):
        ft.panels_for("init", 8, 3)
    with pytest.raises(ValueError, match="iterations"):
        ft.panels_for("init", 48, 0)
    with pytest.raises(ValueError, match="unknown figure"):
        ft.panels_for("nope", 48, 3)
    assert set(CAPTIONS) >= set(FIGURES)
    for figure in FIGURES:  # every figure's caption and title read in Korean too
        english, korean = i18n.caption(figure)
        assert english and re.search("[\uac00-\ud7a3]", korean) and korean != english, figure
        title_en, title_ko = i18n.pair(f"figures.title.{figure}")
        assert title_en and re.search("[\uac00-\ud7a3]", title_ko), figure


def test_gallery_shows_the_panels_done_so_far_with_labels():
    panels = ft.panels_for("init", 48, 3)
    assert ft.gallery_items(panels, [None] * 3) == []
    assert ft.gallery_items(panels, ["a", "b", None]) == [("a", "from noise"), ("b", "from content")]
    assert ft.gallery_items(panels, ["a", None, "c"], "ko") == [("a", "시작: noise"), ("c", "시작: style")]
    tradeoff = ft.panels_for("tradeoff", 48, 3)
    assert ft.gallery_items(tradeoff[:1], ["a"], "ko") == [("a", "conv1_1까지, a/b=1e-05")]


def test_settings_copy_fills_every_main_control():
    panels = ft.panels_for("init", 48, 3)
    stored = [p.params.to_dict() for p in panels]
    update = ft.settings_updates(stored, 1)
    assert update.preset is None and set(update.fields) == set(controls.FIELDS)  # preset cleared, every field
    assert (update.fields["init"], update.fields["size"], update.fields["iterations"]) == ("content", 48, 3)
    assert update.strength == controls.strength_of(panels[1].params)
    assert len(update.values()) == len(controls.FIELDS) + 2
    with pytest.raises(ValueError, match="Run this figure first"):
        ft.settings_updates(None, 0)
    with pytest.raises(ValueError, match="Click a finished panel"):
        ft.settings_updates(stored, None)
    with pytest.raises(ValueError, match="Click a finished panel"):
        ft.settings_updates(stored, 3)


def _payload(path):
    return {"path": str(path), "orig_name": path.name}


def test_bad_inputs_are_user_errors():
    with pytest.raises(gr.Error, match="No style image"):
        next(ft.make_run("init")(_payload(CONTENT), None, 32, 2))
    with pytest.raises(gr.Error, match="ratios"):
        next(ft.make_run("tradeoff")(_payload(CONTENT), _payload(STYLE), 32, 2, "1e-4, oops"))
    with pytest.raises(gr.Error, match="size"):
        next(ft.make_run("content")(_payload(CONTENT), _payload(STYLE), 5000, 2))


def test_each_figure_says_how_long_it_will_take_here_before_it_runs(monkeypatch):
    from styler import pace
    from webapp import figures_tab, policy

    monkeypatch.setattr(pace, "seconds_per_iteration", lambda device, pixels: 0.01)
    line = figures_tab.estimate_line("init", 96, 100)
    assert line == f"3 panels: about 3 s on this server's {policy.device_name()}."  # 3 x 100 x 0.01 s
    assert figures_tab.estimate_line("init", 96, "many") == ""  # no estimate for settings it will refuse
    assert figures_tab.estimate_line("init", 96, 10).startswith("3 panels: under a second")
    monkeypatch.setattr(pace, "seconds_per_iteration", lambda device, pixels: None)
    assert figures_tab.estimate_line("content", 96, 100) == "5 panels, run one after another."
    assert figures_tab.estimate_line("content", 96, 100, lang="ko") == "패널 5개를 차례로 실행합니다."
