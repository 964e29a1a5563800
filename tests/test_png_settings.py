"""Settings stored in a PNG are hostile input: every bad value gets its message in the library
(styler.metadata), the CLI (exit 2, one line) and the page (a warning, the controls left as they
are), and restoring never leaves controls that this server's next Run refuses."""
from __future__ import annotations

import dataclasses
import json

import gradio as gr
import pytest
from PIL import Image, PngImagePlugin

from helpers import CONTENT, STYLE
from styler import InvalidParameter, StyleParams, pace
from styler.cli import main as cli_main
from styler.metadata import KEY, read_params, save_png
from webapp import controls, handlers, policy, runner

pytestmark = pytest.mark.unit


def png_with(tmp_path, text: str, *, name: str = "hostile.png", zipped: bool = False):
    info = PngImagePlugin.PngInfo()
    info.add_text(KEY, text, zip=zipped)
    path = tmp_path / name
    Image.new("RGB", (8, 8), "white").save(path, pnginfo=info)
    return path


def stored(**params) -> str:
    return json.dumps({"params": params})


# name -> (the stored text, a pattern the library's message matches from its start)
HOSTILE = {
    "not-json": ("{params: size=64", r"settings: the stored settings are not valid JSON$"),
    "json-list": ("[1, 2, 3]", r'settings: the stored settings hold no "params" object$'),
    "params-not-object": ('{"params": "size=64"}', r'settings: the stored settings hold no "params" object$'),
    "unknown-field": (stored(size=64, evil="rm -rf /"), r"settings: unknown setting 'evil'; known: size, "),
    "unknown-long-field": (stored(**{"x" * 5000: 1}), r"settings: unknown setting 'x{57}\.\.\.'; known:"),
    "number-as-list": (stored(size=[64]), r"size: expected a number \(allowed 32 to 4096\), got list"),
    "text-as-object": (stored(pooling={"a": 1}), r"pooling: expected text, got dict"),
    "bool-as-word": (stored(normalized="maybe"), r"normalized: expected true or false, got 'maybe'"),
    "number-as-null": (stored(seconds=None), r"seconds: expected a number .*got None"),
    "size-out-of-bounds": (stored(size=99999), r"size: 99999 is out of range; allowed 32 to 4096$"),
    "negative-budget": (stored(seconds=-5), r"seconds: -5.0 is out of range"),
    "nan": ('{"params": {"style_weight": NaN}}', r"style_weight: must be a finite number"),
    "infinity": ('{"params": {"iterations": 1e400}}', r"iterations: must be a finite number"),
    "thousands-of-digits": ('{"params": {"seed": ' + "9" * 5000 + "}}", r"settings: the stored settings are not "
                                                                        r"valid JSON$"),
    "nested-too-deep": ("[" * 9000 + "]" * 9000, r"settings: the stored settings are not valid JSON$"),
    "unknown-choice": (stored(pooling="median"), r"pooling: unknown value 'median'"),
    "unknown-layer": (stored(style_layers="conv9_9"), r"style_layers: unknown layer 'conv9_9'"),
    "huge-text-value": (stored(style_layers="conv1_1," * 600), r"style_layers: 4,800 characters of text; a setting "
                                                               r"takes at most 1,000$"),
    "huge-settings": (stored(size=64, style_blend=" " * 30_000), r"settings: the stored settings are 30,\d{3} "
                                                                 r"characters long; settings made here take at most"),
    "nothing-to-optimise": (stored(content_weight=0, style_weight=0, tv_weight=0),
                            r"style_weight: content, style and TV weights are all 0"),
}


def test_a_zipped_text_over_pillows_limit_is_refused(tmp_path):
    path = png_with(tmp_path, "a" * 3_000_000, zipped=True)  # a few kB on disk, 3 MB once decompressed
    with pytest.raises(InvalidParameter, match=r"^settings: the PNG's text is too large to read$"):
        read_params(path)


def test_a_png_without_settings_and_a_file_that_is_no_png_hold_none(tmp_path):
    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(plain)
    assert read_params(plain) is None and read_params(CONTENT) is None
    with pytest.raises(InvalidParameter, match=r"^settings: there is no file "):
        read_params(tmp_path / "missing.png")


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_library_names_what_is_wrong(case, tmp_path):
    text, pattern = HOSTILE[case]
    with pytest.raises(InvalidParameter, match="^" + pattern) as info:
        read_params(png_with(tmp_path, text))
    assert "\n" not in str(info.value) and len(str(info.value)) < 700


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_cli_exits_2_with_one_line(case, tmp_path, capsys):
    text, pattern = HOSTILE[case]
    png, out = png_with(tmp_path, text), tmp_path / "out.png"
    assert cli_main([str(CONTENT), str(STYLE), "--settings", str(png), "-o", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error: --settings 'hostile.png': "), err
    assert __import__("re").match("error: --settings 'hostile.png': " + pattern, err), err
    assert not out.exists()


def test_the_cli_refuses_a_png_without_settings(tmp_path, capsys):
    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(plain)
    assert cli_main([str(CONTENT), str(STYLE), "--settings", str(plain), "-o", str(tmp_path / "o.png"), "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == ("error: --settings 'plain.png': the file holds no settings (only PNG "
                                               "results made here do)")


# The page ----------------------------------------------------------------------------------------

@pytest.fixture
def small_server(monkeypatch):
    """A CPU server making at most 512 px in 60 s, with the bundled weights only."""
    before = policy.server()
    policy.configure(dataclasses.replace(before, device="cpu", max_size=512, max_seconds=60, allow_downloads=False))
    toasts = []
    for kind in ("Warning", "Info"):
        monkeypatch.setattr(gr, kind, lambda message, *a, kind=kind, **k: toasts.append((kind, message)))
    yield toasts
    policy.configure(before)


def the_page_now() -> dict:
    """The settings controls as the page shows them at first (the default preset)."""
    values = controls.preset_values(controls.DEFAULT_PRESET)
    return {name: values[name] for name in controls.FIELDS}


def after(update: handlers.RestoreUpdate, shown: dict) -> dict:
    """The controls after a restore's update (a skipped control keeps its value)."""
    skip = gr.skip()
    return {**shown, **{name: value for name, value in update.settings.fields.items() if value != skip}}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_page_warns_and_keeps_its_controls(case, tmp_path, small_server):
    text, pattern = HOSTILE[case]
    png = png_with(tmp_path, text)
    for restore, source in ((handlers.restore_from_file, "the PNG"),
                            (handlers.restore_from_upload, "the photo's metadata (a result made here)")):
        small_server.clear()
        update = restore({"path": str(png)} if restore is handlers.restore_from_upload else str(png))
        assert update.settings.fields == {} and update.blend == gr.skip(), "no control changes"
        [(kind, message)] = small_server
        assert kind == "Warning" and __import__("re").match(
            f"The settings in {__import__('re').escape(source)} were not restored: " + pattern, message), message


def test_a_korean_page_reads_the_refusal_in_korean(tmp_path, small_server):
    class Korean:
        headers = {"accept-language": "ko-KR,ko;q=0.9"}

    handlers.restore_from_file(str(png_with(tmp_path, stored(size=99999))), request=Korean())
    [(_, message)] = small_server
    assert message.startswith("PNG 파일의 설정을 불러오지 않았습니다: 출력 크기 (px): 범위를 벗어난 값입니다: 99999"), message


# Valid settings this server cannot run as they are: restored within its limits, or refused.
OVER_THE_LIMITS = {
    "size-above-the-server": (dict(size=2048), {"size": 512}, "Output size (px) 2048 → 512"),
    "budget-above-the-server": (dict(seconds=600), {"seconds": 60.0}, "Time budget (s) 600 → 60"),
    "downloaded-weights": (dict(weights="torchvision"), {"weights": "original"}, "torchvision → original"),
    "a-path-as-weights": (dict(weights="/etc/passwd"), {"weights": "original"}, "/etc/passwd → original"),
    "a-gpu-this-server-lacks": (dict(device="cuda:7"), {"device": "auto"}, "cuda:7 → auto"),
}


@pytest.mark.parametrize("case", list(OVER_THE_LIMITS))
def test_settings_over_this_servers_limits_are_restored_within_them(case, tmp_path, small_server):
    changes, expected, notice = OVER_THE_LIMITS[case]
    png = save_png(Image.new("RGB", (8, 8)), tmp_path / "result.png", StyleParams(**changes))
    update = handlers.restore_from_file(str(png))
    assert {name: update.settings.fields[name] for name in expected} == expected
    [(kind, message)] = small_server
    assert kind == "Info" and message.startswith("Settings restored from the PNG, changed to run on this server: ")
    assert notice in message, message
    runner.make_params(after(update, the_page_now()))  # the next Run is accepted


def test_a_fixed_run_too_long_here_is_refused_not_restored(tmp_path, small_server, monkeypatch):
    monkeypatch.setattr(pace, "seconds_per_iteration", lambda device, pixels: 0.1)  # a slow server
    png = save_png(Image.new("RGB", (8, 8)), tmp_path / "result.png", StyleParams(seconds=0, iterations=5000))
    update = handlers.restore_from_file(str(png))
    assert update.settings.fields == {}
    [(kind, message)] = small_server
    assert kind == "Warning" and message.startswith("The settings in the PNG were not restored: iterations: 5000 "
                                                    "iterations at 384 px would take about"), message


ANY_PNG = {**{name: text for name, (text, _) in HOSTILE.items()},
           **{name: stored(**StyleParams(**changes).to_dict()) for name, (changes, _, _) in OVER_THE_LIMITS.items()},
           "two-styles": stored(**StyleParams(style_blend="0.2,0.8", size=256).to_dict()),
           "a-result-made-here": stored(**StyleParams(size=320, seconds=45, init="noise").to_dict())}


@pytest.mark.parametrize("case", list(ANY_PNG))
def test_a_restore_never_leaves_controls_the_next_run_refuses(case, tmp_path, small_server, monkeypatch):
    monkeypatch.setattr(pace, "seconds_per_iteration", lambda device, pixels: 0.01)
    png = png_with(tmp_path, ANY_PNG[case])
    for restore in (handlers.restore_from_file, handlers.restore_from_upload):
        update = restore(str(png) if restore is handlers.restore_from_file else {"path": str(png)})
        shown = after(update, the_page_now())
        runner.make_params(shown)  # raises if this server's next Run would refuse them
