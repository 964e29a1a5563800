"""The server's limits (webapp.policy): requests over a limit are refused before they queue, with a
message naming the limit and what fits; the memory estimate guards the library too."""
from __future__ import annotations


import os


import time

import pytest
import torch

from helpers import CONTENT, STYLE, patience, serving

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import handle_file  # noqa: E402
from gradio_client.exceptions import ValidationError  # noqa: E402

from styler import DeviceError, StyleParams, limits, pace, stylize  # noqa: E402
from webapp import controls, handlers, i18n, policy, runner, runs  # noqa: E402
from webapp.config import ServerConfig  # noqa: E402

pytestmark = pytest.mark.server


def statm_rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def submit(client, **params):
    return client.submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)), api_name="/stylize",
                         **params)


def test_a_huge_request_is_refused_at_once_naming_the_limit(client):
    before = statm_rss()
    started = time.monotonic()
    with pytest.raises(ValidationError) as info:
        submit(client, size=4096, iterations=10000).result(timeout=patience(30))
    assert time.monotonic() - started < patience(2)
    message = str(info.value)
    assert "size: 4096 px is more than this server makes: at most" in message
    largest, _ = policy.largest_size(StyleParams(size=4096))
    assert f"at most {largest} px" in message and largest <= policy.server().max_size
    assert statm_rss() - before < 50e6, "nothing was allocated for the refused run"
    assert runs.active() == 0


def test_budgets_and_iterations_over_the_limit_are_refused_with_what_fits(client, monkeypatch):
    with pytest.raises(ValidationError, match="seconds: this server gives a run at most 2 min; 10 min was asked for"):
        submit(client, size=64, seconds=600).result(timeout=patience(30))
    # A fixed number of iterations is estimated from the pace measured on this machine.
    monkeypatch.setattr(pace, "seconds_per_iteration", lambda device, pixels: 1.0)
    with pytest.raises(ValidationError) as info:
        submit(client, size=64, seconds=0, scales=1, iterations=1000).result(timeout=patience(30))
    assert "iterations: 1000 iterations at 64 px would take about 16 min" in str(info.value)
    assert "choose a time budget (seconds), or at most 120 iterations" in str(info.value)


def test_only_the_bundled_weights_unless_downloads_are_allowed(client, monkeypatch):
    with pytest.raises(ValidationError, match="weights: this server uses original only"):
        submit(client, size=48, iterations=2, weights="torchvision").result(timeout=patience(30))
    with serving(allow_downloads=True):
        assert policy.weight_sources() == ("original", "torchvision")
        policy.check(StyleParams(weights="torchvision", size=64))  # allowed now (not run: it would download)


def test_a_run_within_the_limits_still_runs(client):
    final = submit(client, size=48, seconds=15, iterations=3).result(timeout=patience(120))
    assert final[runner.OUTPUTS.index("status")].startswith("**Done**")


def test_the_memory_estimate_refuses_before_allocating():
    cpu = torch.device("cpu")
    params = StyleParams(size=1024)
    need = limits.run_bytes(params, 1024 * 768, cpu)
    assert limits.run_bytes(params.replace(optimizer="adam"), 1024 * 768, cpu) < need  # no L-BFGS history
    limits.check_fits(params, (1024, 768), cpu, free=int(need / limits.USABLE) + 1)
    with pytest.raises(DeviceError) as info:
        limits.check_fits(params, (1024, 768), cpu, free=need)
    fits = limits.largest_size(params, need, cpu, 4 / 3)
    assert 64 < fits < 1024 and f"the largest size that fits now is {fits} px" in str(info.value)
    korean = i18n.render(info.value.message, "ko")
    assert korean.startswith("출력 크기 (px): 1024x768 px 실행에는 약 ") and f"가장 큰 크기는 {fits} px입니다." in korean
    assert limits.run_bytes(params, round(fits * fits * 3 / 4), cpu) <= need * limits.USABLE
    assert limits.free_bytes(cpu) > 0


def test_the_library_refuses_a_run_larger_than_memory(monkeypatch):
    monkeypatch.setattr(limits, "free_bytes", lambda device: 300 * 2**20)
    before = statm_rss()
    with pytest.raises(DeviceError, match=r"size: a 256x170 px run needs about .* the largest size that fits now is"):
        next(stylize(CONTENT, STYLE, StyleParams(size=256)))
    assert statm_rss() - before < 50e6


def test_restoring_two_style_settings_with_one_style_loaded_keeps_the_next_run_valid():
    two = StyleParams(style_blend="0.3,0.7", size=64)
    update = handlers._settings_updates(two, "source.png", None, 0.5, "en")
    assert update.settings.fields["style_blend"] == "" and update.blend == pytest.approx(0.7)
    runner.make_params({**two.to_dict(), "style_blend": update.settings.fields["style_blend"]})  # one style: accepted
    # With a second style loaded, the restored blend applies.
    update = handlers._settings_updates(two, "source.png", {"path": str(STYLE)}, 0.5, "en")
    assert update.settings.fields["style_blend"] == "0.3,0.7"


def test_a_restored_budget_shows_as_the_nearest_choice():
    assert controls.values_for(StyleParams(seconds=45))["seconds"] in (30.0, 60.0)
    assert controls.values_for(StyleParams(seconds=0))["seconds"] == 0.0
    assert controls.values_for(StyleParams(seconds=3000))["seconds"] == 120.0


def test_a_figure_over_the_limit_is_refused_before_it_runs(monkeypatch):
    import gradio as gr

    from webapp import figures_tab

    monkeypatch.setattr(pace, "seconds_per_iteration", lambda device, pixels: 0.1)
    run = figures_tab.make_run("tradeoff")(str(CONTENT), str(STYLE), 128, 500, "1e-5, 1e-4, 1e-3, 1e-2")
    with pytest.raises(gr.Error, match=r"iterations: 20 panels of 500 iterations at 128 px would take about 16 min"):
        next(run)
    assert runs.active() == 0


def test_limits_come_from_the_environment():
    environ = {"STYLER_MAX_SECONDS": "45", "STYLER_MAX_SIZE": "512", "STYLER_ALLOW_DOWNLOADS": "1"}
    server = ServerConfig.from_environment(environ)
    assert (server.max_seconds, server.max_size, server.allow_downloads) == (45, 512, True)
    defaults = ServerConfig.from_environment({})
    assert (defaults.max_seconds, defaults.allow_downloads) == (120, False)
    with serving(**{name: getattr(server, name) for name in ("max_seconds", "max_size", "allow_downloads")}):
        assert policy.budget_choices() == [15, 30]
        with pytest.raises(ValueError, match="size: 640 px is more than this server makes: at most 512 px") as info:
            policy.check(StyleParams(size=640, seconds=30))
        assert i18n.render(info.value.message, "ko").startswith(
            "출력 크기 (px): 640 px: 이 서버가 만드는 크기보다 큽니다. 최대 512 px (이 서버의 ")
    assert policy.server().max_seconds == 120, "the server's own settings are back"
    with pytest.raises(SystemExit, match="STYLER_MAX_SECONDS must be a number >= 1, got 'soon'"):
        ServerConfig.from_environment({"STYLER_MAX_SECONDS": "soon"})
