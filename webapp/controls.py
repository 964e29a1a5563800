"""The parameter controls, generated from styler.params.PARAMS (labels, bounds, help, defaults).

Every control starts at StyleParams' default, so the public API's defaults are exactly the
engine's; the page then switches to DEFAULT_PRESET on load (see layout.py). The single
"Style strength" slider is a UI-only view of content_weight (alpha = beta * 10**-strength).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import gradio as gr

from styler.params import DEFAULTS, PARAMS, STYLE_STRENGTH, Spec, StyleParams
from styler.presets import DEFAULT_PRESET, PRESETS, preset

from . import i18n, policy

FIELDS: tuple[str, ...] = tuple(PARAMS)  # StyleParams' fields, in declaration order
MAIN_FIELDS = tuple(name for name in FIELDS if not PARAMS[name].advanced)  # size, seconds, seed
ADVANCED_FIELDS = tuple(name for name in FIELDS if PARAMS[name].advanced)
STRENGTH = "style_strength"  # the UI-only control's key
MAX_SLIDER_STEPS = 1000  # more distinct values than this: a number box instead of a slider


def _kind(name: str) -> str:
    return StyleParams.__dataclass_fields__[name].type  # "int", "float", "str", "bool"


def elem_id(name: str) -> str:
    return "param-" + name.replace("_", "-")


def _bounds(spec: Spec, name: str) -> tuple[str, str]:
    """" (64 to 1,024)" and its Korean, for a bounded number (the size up to what this server makes)."""
    if spec.minimum is None or spec.maximum is None or spec.choices or name == "seconds":
        return "", ""
    low, high = _bound(spec.minimum), _bound(_maximum(name, spec))
    return f" ({low} to {high})", f" ({low}~{high})"


def label(name: str) -> Any:
    return i18n.server_text(f"param.{name}.label")


def info(name: str) -> Any:
    return i18n.server_text(f"param.{name}.info")


def server_texts() -> dict[str, tuple[str, str]]:
    """The controls' texts as this server writes them, in both languages: each parameter's label,
    its help with its bounds here, the strength slider's, and the time budgets it offers."""
    texts = {}
    for name in FIELDS:
        (english, korean), (bounds_en, bounds_ko) = i18n.param_help(name), _bounds(PARAMS[name], name)
        texts[f"param.{name}.label"] = i18n.param_label(name)
        texts[f"param.{name}.info"] = (english + bounds_en, korean + bounds_ko)
    texts[f"param.{STRENGTH}.label"] = i18n.param_label(STRENGTH)
    texts[f"param.{STRENGTH}.info"] = i18n.param_help(STRENGTH)
    for seconds in policy.budget_choices():
        texts[f"budget.{seconds}"] = (i18n.duration(seconds, "en"), i18n.duration(seconds, "ko"))
    return texts


def _maximum(name: str, spec: Spec) -> float | None:
    """A control's upper end: the size goes no larger than this server makes (its limit, or what
    fits in its memory)."""
    if name == "size":
        return min(spec.maximum, policy.largest_size(DEFAULTS)[0])
    return spec.maximum


def _bound(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() and abs(x) < 1e10 else f"{x:g}"


def _slider_step(spec: Spec, kind: str) -> float | None:
    """The spec's step if slider positions land on round values, else the finest sensible one."""
    step = spec.step
    if step is None:
        return None
    if spec.minimum is not None and (spec.minimum / step) != round(spec.minimum / step):
        # e.g. iterations: minimum 1, step 10 would only reach 1, 11, 21, ... never 200
        return 1 if kind == "int" else step
    return step


def make_control(name: str, value: Any = None, **extra) -> gr.components.Component:
    """A Gradio input for StyleParams field `name` (must be called inside a Blocks context)."""
    spec, kind = PARAMS[name], _kind(name)
    value = getattr(DEFAULTS, name) if value is None else value
    common = dict(label=label(name), info=info(name), elem_id=elem_id(name), **extra)
    if kind == "bool":
        return gr.Checkbox(value=value, **common)
    if name == "seconds":  # a few budgets people understand, rather than a slider to 3600
        return gr.Radio(choices=budget_choices(), value=snap_budget(value), **common)
    if spec.choices:
        choices = list(spec.choices)
        if name == "weights":  # the web app offers the server's named sources, never a path
            return gr.Dropdown(choices=list(policy.weight_sources()), value=value, **common)
        if spec.open_choices:
            return gr.Dropdown(choices=choices, value=value, allow_custom_value=True, **common)
        return gr.Radio(choices=choices, value=value, **common)
    if kind in ("int", "float"):
        lo, hi = spec.minimum, _maximum(name, spec)
        step = _slider_step(spec, kind)
        if step is not None and lo is not None and hi is not None and (hi - lo) / spec.step <= MAX_SLIDER_STEPS:
            return gr.Slider(minimum=lo, maximum=hi, step=step, value=value,
                             precision=0 if kind == "int" else None, **common)
        # Floats without a step take any value: the browser's default step (1, counted from the
        # minimum) would mark 1e-7 or 4.0 (with minimum 1e-4) as invalid.
        return gr.Number(value=value, minimum=lo, maximum=hi, step=step or (1 if kind == "int" else "any"),
                         precision=0 if kind == "int" else None, **common)
    return gr.Textbox(value=value, max_lines=1, **common)


def make_strength(value: float | None = None) -> gr.Slider:
    spec = STYLE_STRENGTH
    return gr.Slider(minimum=spec.minimum, maximum=spec.maximum, step=spec.step,
                     value=strength_of(DEFAULTS) if value is None else value,
                     label=label(STRENGTH), info=info(STRENGTH),
                     elem_id=elem_id(STRENGTH))


def strength_of(params: StyleParams) -> float:
    """The strength slider's position for these weights: clamped to its range and rounded to its
    step (a value off its steps is invalid in the browser; only the slider's position is rounded,
    never alpha itself)."""
    value = params.style_strength
    lo, hi = STYLE_STRENGTH.minimum, STYLE_STRENGTH.maximum
    if math.isnan(value):
        return lo
    step = STYLE_STRENGTH.step
    return round(round(min(hi, max(lo, value)) / step) * step, 6)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def ratio_text(content_weight: float, style_weight: float) -> str:
    """The paper's alpha/beta beside the strength slider, e.g. "α/β = 7·10⁻⁵"."""
    try:
        ratio = float(content_weight) / float(style_weight)
    except (TypeError, ValueError, ZeroDivisionError):
        return "α/β = –"
    if not math.isfinite(ratio) or ratio <= 0:
        return "α/β = 0" if ratio == 0 else "α/β = –"
    exponent = math.floor(math.log10(ratio))
    mantissa = ratio / 10**exponent
    if round(mantissa, 1) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    shown = f"{mantissa:.1f}".rstrip("0").rstrip(".")
    power = f"10{str(exponent).translate(_SUPERSCRIPT)}"
    return f"α/β = {power}" if shown == "1" else f"α/β = {shown}·{power}"


def content_weight_for(strength: float, style_weight: float) -> float:
    """alpha for a strength slider position, beta unchanged (engine: with_style_strength)."""
    try:
        base = StyleParams(style_weight=style_weight)
    except ValueError:
        base = DEFAULTS
    return base.with_style_strength(strength).content_weight


def values_for(params: StyleParams) -> dict[str, Any]:
    """Control values (every field, plus the strength slider) showing `params`."""
    values = params.to_dict()
    values[STRENGTH] = strength_of(params)
    values["seconds"] = snap_budget(params.seconds)
    return values


def budget_choices() -> list[tuple[Any, float]]:
    """The time budget control's choices: this server's budgets, and no budget (exact iterations)."""
    budgets = [(i18n.server_text(f"budget.{s}"), float(s))
               for s in policy.budget_choices()]
    return budgets + [(i18n.text("exact_iterations"), 0.0)]


def preset_choices() -> list[tuple[Any, str]]:
    return [(i18n.text(f"preset.{name}"), name) for name in PRESETS]


def snap_budget(seconds: float) -> float:
    """The budget control's choice nearest to `seconds` (a restored result may have any budget)."""
    if seconds <= 0:
        return 0.0  # exact iterations
    return float(min(policy.budget_choices(), key=lambda v: abs(v - seconds)))


def preset_values(name: str) -> dict[str, Any]:
    return values_for(preset(name))


# Fields a preset leaves as they are: the blend follows the second style's slider, and where to
# compute is not part of a look.
KEPT_BY_PRESETS = ("style_blend", "device", "precision")


PRESET_NAMES = list(PRESETS)


def in_settings_order(preset_: Any, fields: Mapping[str, Any], strength: Any, missing: Any = None) -> list:
    """[preset, *FIELDS, strength]: the one order of the controls that show a whole set of
    settings, for the components (layout's `Stylise.settings`) and for their updates alike. A
    field missing from `fields` gets `missing`."""
    return [preset_, *[fields.get(name, missing) for name in FIELDS], strength]


@dataclass
class SettingsUpdate:
    """An update of the controls that show a whole set of settings, by name: the preset, the
    fields of StyleParams (`fields`, by name; one left out stays as it is) and the strength slider."""

    preset: Any = field(default_factory=gr.skip)
    fields: dict[str, Any] = field(default_factory=dict)
    strength: Any = field(default_factory=gr.skip)

    @classmethod
    def showing(cls, params: StyleParams, preset_: Any = None) -> "SettingsUpdate":
        """Every control showing `params` (the preset cleared unless given)."""
        values = values_for(params)
        return cls(preset_, {name: values[name] for name in FIELDS}, values[STRENGTH])

    def values(self) -> list:
        return in_settings_order(self.preset, self.fields, self.strength, missing=gr.skip())


__all__ = ["ADVANCED_FIELDS", "DEFAULT_PRESET", "FIELDS", "KEPT_BY_PRESETS", "MAIN_FIELDS", "PRESET_NAMES", "STRENGTH",
           "SettingsUpdate", "content_weight_for", "in_settings_order", "make_control", "make_strength",
           "preset_values", "server_texts", "strength_of", "values_for"]
