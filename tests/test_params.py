"""StyleParams: the default look, the paper one preset away, one clear error per bad value, naming its field."""
import math

import pytest

from styler import InvalidParameter, StyleParams
from styler.params import PARAMS, parse_layers
from styler.presets import PRESETS, preset

pytestmark = pytest.mark.unit

def test_the_paper_is_one_preset_away():
    p = preset("Paper (Fig. 3)")
    assert p.content_layer_weights == {"conv4_2": 1.0}
    # As the authors' code: each style layer weight 1 inside E_l = 1e3 / N_l^2 * mean (G - A)^2.
    assert p.style_layer_weights == {f"conv{i}_1": 1.0 for i in range(1, 6)}
    assert (p.pooling, p.init, p.optimizer, p.normalized, p.tv_weight) == ("avg", "noise", "lbfgs", True, 0.0)
    assert (p.content_weight, p.style_weight, p.loss_scale, p.size, p.iterations) == (1.0, 1e3, "reference", 512, 500)
    assert (p.seconds, p.scales, p.neighbour_weight, p.style_loss) == (0.0, 1, 0.0, "gram")  # exact, Gram alone
    assert p.pyramid_levels == 0  # on the pixels themselves
    assert p.content_weight / p.style_weight == pytest.approx(1e-3)


def test_the_library_default_is_the_apps_recommended_look():
    """The library, CLI, API and page agree: StyleParams() is what Run does with untouched controls."""
    assert preset("Recommended") == StyleParams()
    p = StyleParams()
    assert (p.size, p.seconds, p.init, p.scales) == (384, 30.0, "matched", 5)  # on time, from the recoloured photo
    assert p.neighbour_weight > 0 and set(p.layers_in_use()) >= {"conv3_1", "conv4_1"}  # the painting's elements
    assert p.style_strength == pytest.approx(5.0)  # the middle of the 0-10 strength


def test_the_layers_in_use_follow_the_terms_that_take_part():
    p = StyleParams(style_layers="conv5_1,conv1_1", neighbour_layers="conv3_1")
    assert p.layers_in_use() == ("conv1_1", "conv3_1", "conv4_2", "conv5_1")  # network order
    assert p.layers_in_use(masked=True) == ("conv1_1", "conv4_2", "conv5_1")  # no elements with region masks
    assert p.replace(neighbour_weight=0.0).layers_in_use() == ("conv1_1", "conv4_2", "conv5_1")
    assert p.replace(content_weight=0.0).layers_in_use() == ("conv1_1", "conv3_1", "conv5_1")
    assert p.replace(style_weight=0.0).layers_in_use() == ("conv4_2",)  # the elements weigh in with the style


@pytest.mark.parametrize("field, value, fragment", [
    ("size", -5, "out of range"),
    ("size", 0, "out of range"),
    ("size", 10**6, "out of range"),
    ("size", float("nan"), "finite"),
    ("iterations", float("inf"), "finite"),
    ("iterations", 2.5, "whole number"),
    ("iterations", "many", "expected a number"),
    ("iterations", None, "expected a number"),
    ("content_weight", -1.0, "out of range"),
    ("style_weight", float("-inf"), "finite"),
    ("tv_weight", True, "expected a number"),
    ("learning_rate", 0, "out of range"),
    ("seed", -1, "out of range"),
    ("preview_every", 0, "out of range"),
    ("style_scale", 100, "out of range"),
    ("content_layers", "conv9_9", "unknown layer"),
    ("style_layers", "conv1_1,conv1_1", "twice"),
    ("style_layers", "conv1_1:abc", "not a number"),
    ("style_layers", "conv1_1:-1", ">= 0"),
    ("style_layers", "", "at least one layer"),
    ("style_layers", 5, "expected text"),
    ("pooling", "min", "choose one of avg, max"),
    ("init", "zeros", "choose one of"),
    ("optimizer", "sgd", "choose one of"),
    ("device", "gpu", "unknown device"),
    ("weights", "", "must not be empty"),
    ("normalized", "perhaps", "true or false"),
])
def test_bad_values_name_their_field(field, value, fragment):
    with pytest.raises(InvalidParameter) as info:
        StyleParams().replace(**{field: value})
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
    assert fragment in str(info.value)


def test_loose_values_from_json_and_forms_are_converted():
    p = StyleParams.from_dict({"size": "96", "iterations": 10.0, "normalized": "false", "seed": "7"})
    assert (p.size, p.iterations, p.normalized, p.seed) == (96, 10, False, 7)


def test_unknown_field_is_an_error():
    with pytest.raises(InvalidParameter, match="unknown parameter"):
        StyleParams.from_dict({"sise": 64})


def test_layer_weights_parse():
    assert parse_layers("conv1_1:2, conv2_1", "x", equal_split=True) == {"conv1_1": 2.0, "conv2_1": 0.5}
    assert parse_layers(" CONV4_2 ", "x", equal_split=False) == {"conv4_2": 1.0}


def test_style_strength_sets_alpha_over_beta():
    p = StyleParams().with_style_strength(7.5)  # 2.5 steps of 10^0.4: a tenth of the default alpha/beta
    assert p.content_weight / p.style_weight == pytest.approx(StyleParams().content_weight / 1e3 / 10)
    assert p.style_strength == pytest.approx(7.5)
    assert StyleParams().with_style_strength(0).style_strength == pytest.approx(0.0)
    assert StyleParams(content_weight=0).style_strength == math.inf


def test_every_field_has_a_label_and_help():
    for name, spec in PARAMS.items():
        assert spec.label.strip() and spec.help.strip(), name


def test_a_preset_is_its_changes_to_existing_fields():
    for name, changes in PRESETS.items():
        assert set(changes) <= set(PARAMS), name  # a misspelt field would be ignored silently otherwise
        made = preset(name)
        assert {field: getattr(made, field) for field in changes} == changes, name
    assert len({preset(name) for name in PRESETS}) == len(PRESETS), "each preset is a different look"
    assert preset("Recommended") == StyleParams()  # the default look is the library's default
    with pytest.raises(InvalidParameter, match="unknown preset"):
        preset("Nope")


def test_a_preset_at_another_size_changes_only_the_size():
    # The losses are means, so the preset's alpha/beta is its look at every size.
    base = preset("Recommended")
    bigger = preset("Recommended", size=base.size * 2)
    assert bigger == base.replace(size=base.size * 2)
    assert preset("Recommended", size=640, content_weight=1e-3).content_weight == 1e-3
    with pytest.raises(InvalidParameter, match="size"):
        preset("Recommended", size=-1)


def test_unweighted_style_layers_follow_the_normalisation():
    # The authors' code weights each style layer 1 (times 1e3 / N_l^2, inside E_l); the printed paper 1/5.
    assert set(StyleParams().style_layer_weights.values()) == {1.0}
    assert set(StyleParams(loss_scale="paper").style_layer_weights.values()) == {0.2}
    assert StyleParams(style_layers="conv1_1:3,conv2_1").style_layer_weights == {"conv1_1": 3.0, "conv2_1": 1.0}


def test_results_made_before_the_normalisation_setting_read_as_the_papers(tmp_path):
    import json

    from PIL import Image, PngImagePlugin

    from styler.metadata import read_params, save_png

    old = StyleParams().to_dict()
    del old["loss_scale"]
    info = PngImagePlugin.PngInfo()
    info.add_text("styler", json.dumps({"params": old}))
    Image.new("RGB", (8, 8)).save(tmp_path / "old.png", pnginfo=info)
    assert read_params(tmp_path / "old.png").loss_scale == "paper"
    save_png(Image.new("RGB", (8, 8)), tmp_path / "new.png", StyleParams())
    assert read_params(tmp_path / "new.png").loss_scale == "reference"
