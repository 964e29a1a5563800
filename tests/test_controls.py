"""The page's controls, generated from StyleParams (webapp/controls.py), presets, the example
galleries, and the server settings read from the environment: in-process, no server."""
from __future__ import annotations

import gradio as gr
import pytest

from helpers import EXAMPLES
from styler import DEFAULTS, PARAMS, StyleParams
from styler.params import STYLE_STRENGTH, Spec
from styler.presets import DEFAULT_PRESET, PRESETS, preset
from webapp import controls, gallery, handlers, i18n, policy

pytestmark = pytest.mark.unit


def _english(value) -> str:
    """A control's label or help as an English visitor reads it (controls carry gr.I18n keys)."""
    return _pair(value.key)[0] if hasattr(value, "key") else value


def _pair(key: str) -> tuple[str, str]:
    """A text's two languages as the page's catalogue has them (this server's texts included)."""
    return controls.server_texts().get(key) or i18n.pair(key)


def test_controls_are_generated_from_params():
    with gr.Blocks():
        made = {name: controls.make_control(name) for name in PARAMS}
        strength = controls.make_strength()
    for name, component in made.items():
        spec = PARAMS[name]
        assert _english(component.label) == spec.label
        assert _english(component.info).startswith(spec.help), name
        assert _pair(component.info.key)[1].startswith(i18n.param_help(name)[1]), name  # and in Korean
        assert component.value == getattr(DEFAULTS, name), name
        if isinstance(component, (gr.Slider, gr.Number)) and name != "size":
            assert (component.minimum, component.maximum) == (spec.minimum, spec.maximum), name
    # The size slider ends at the largest size this server makes.
    assert made["size"].maximum == policy.largest_size(DEFAULTS)[0] <= PARAMS["size"].maximum
    assert {"size", "seconds", "seed"} == set(controls.MAIN_FIELDS)
    advanced = {"iterations", "content_weight", "style_weight", "tv_weight", "pooling", "init", "optimizer",
                "learning_rate"}
    assert advanced <= set(controls.ADVANCED_FIELDS)
    assert isinstance(made["size"], gr.Slider) and isinstance(made["pooling"], gr.Radio)
    assert isinstance(made["normalized"], gr.Checkbox)
    # The time budget: a few choices under this server's limit, and no budget (exact iterations).
    assert [(_english(label), value) for label, value in made["seconds"].choices] == [
        ("15 s", 15.0), ("30 s", 30.0), ("1 min", 60.0), ("2 min", 120.0), ("exact iterations", 0.0)]
    # Only the bundled weights: another source would download 548 MB on the server at run time.
    assert made["weights"].choices == [("original", "original")]
    assert _english(strength.label) == "Style strength" and strength.value == pytest.approx(DEFAULTS.style_strength)


def test_slider_steps_land_on_round_values():
    # A step counted from a minimum that is not a multiple of it would miss round values
    # (iterations from 1 in steps of 10: 1, 11, 21 ... never 200): such a slider moves by 1.
    assert controls._slider_step(Spec("n", "", 1, 10000, step=10), "int") == 1
    assert controls._slider_step(Spec("n", "", 0, 10000, step=10), "int") == 10
    assert controls._slider_step(Spec("x", "", 0.1, 4.0, step=0.05), "float") == 0.05
    with gr.Blocks():
        slider = controls.make_control("iterations")
    for name in PRESETS:
        value = preset(name).iterations
        assert slider.minimum <= value <= slider.maximum
        assert (value - slider.minimum) % slider.step == 0, f"{name}: {value} is not a slider position"


def test_strength_and_presets():
    for name in PRESETS:
        params = preset(name)
        values = controls.preset_values(name)
        for field_name, value in PRESETS[name].items():  # the controls show what the preset declares
            expected = controls.snap_budget(value) if field_name == "seconds" else value
            assert values[field_name] == expected, (name, field_name)
        assert values["seconds"] in [value for _, value in controls.budget_choices()], name
        expected = min(10.0, max(0.0, params.style_strength))
        assert values[controls.STRENGTH] == pytest.approx(expected, abs=STYLE_STRENGTH.step / 2)
    # 5 is the default look's alpha/beta, and each step 10^0.4 times more style, whatever beta is.
    default_ratio = DEFAULTS.content_weight / DEFAULTS.style_weight
    assert controls.content_weight_for(5.0, 2.0) == pytest.approx(2.0 * default_ratio)
    assert controls.content_weight_for(7.5, 2.0) == pytest.approx(2.0 * default_ratio / 10)
    assert StyleParams(content_weight=2.0 * default_ratio / 10, style_weight=2.0).style_strength == pytest.approx(7.5)
    assert controls.strength_of(StyleParams(content_weight=0.0)) == 10.0
    assert DEFAULT_PRESET in controls.PRESET_NAMES


def test_gallery_captions_come_from_sources_md():
    examples = gallery.load_examples()
    assert {e.path.name for e in examples} == {p.name for p in EXAMPLES.glob("*.jpg")}
    by_name = {e.path.name: e for e in examples}
    assert by_name["painting_starry_night.jpg"].caption.startswith("Vincent van Gogh, The Starry Night")
    assert by_name["photo_cat.jpg"].kind == "photo"
    assert all(e.kind == "painting" for e in gallery.paintings()) and gallery.paintings()
    table = "| file | kind | caption |\n|---|---|---|\n| a.jpg | photo | A cat |\n\nnot a table\n"
    assert gallery.parse_sources(table) == {"a.jpg": ("photo", "A cat")}


def test_a_preset_sets_the_look_and_keeps_the_blend_and_the_device():
    update = handlers.apply_preset("Fast preview")
    fast = preset("Fast preview")
    assert update.strength == controls.strength_of(fast)
    for name, value in zip(controls.FIELDS, update.values()[1:-1]):
        if name in controls.KEPT_BY_PRESETS:
            assert value == {"__type__": "update"}, name  # left as the user set it
        else:
            assert value == getattr(fast, name), name
    assert all(v == {"__type__": "update"} for v in handlers.apply_preset("Nope").values())
    assert {"style_blend", "device", "precision"} <= set(controls.KEPT_BY_PRESETS)


def test_concurrency_env_is_validated():
    from webapp import config

    with pytest.raises(SystemExit, match="STYLER_CONCURRENCY"):
        config.ServerConfig.from_environment({"STYLER_CONCURRENCY": "0"})
    assert config.ServerConfig.from_environment({"STYLER_CONCURRENCY": "3"}).concurrency == 3
    assert config.ServerConfig.from_environment({}).concurrency == 1
    server = config.ServerConfig.from_environment({"STYLER_MAX_FILE_SIZE": "5mb"})
    assert config.engine_options(server)["concurrency_limit"] == 1
    kwargs = config.launch_options(server, i18n.catalogue())
    assert kwargs["allowed_paths"] == [str(EXAMPLES)] and kwargs["max_file_size"] == "5mb" and kwargs["css"]


def test_the_papers_ratio_reads_beside_the_strength():
    assert controls.ratio_text(1.0, 1e3) == "α/β = 10⁻³"  # the paper's Fig. 3
    assert controls.ratio_text(DEFAULTS.content_weight, DEFAULTS.style_weight) == "α/β = 5·10⁻⁵"
    # 2.5 steps up the slider: a tenth of the ratio
    assert controls.ratio_text(controls.content_weight_for(7.5, 1e3), 1e3) == "α/β = 5·10⁻⁶"
    assert controls.ratio_text(0.0, 1e3) == "α/β = 0" and controls.ratio_text(1.0, 0.0) == "α/β = –"
