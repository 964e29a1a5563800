"""The Stylise tab's small event handlers (layout.py wires them): the buttons' states, Stop, the
examples and their results made ahead, presets, the strength slider, restoring settings, and
the status before any run. Messages are in the request's language (webapp.i18n). A handler
that updates several components returns a record naming them (`Outputs`, `SettingsUpdate`);
layout.py wires the components by those names."""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from styler import StylerError, resolve_device
from styler.params import PARAMS, StyleParams

from . import controls, creative, gallery, i18n, policy, premade, runs, warmup
from .controls import SettingsUpdate
from .streaming import Outputs
from .uploads import read_settings


def ready_status(request: gr.Request = None, wait: float = 60) -> str:
    """The status before any run: ready, or still loading the network (waiting up to `wait` s)."""
    lang = i18n.language(request)
    if not warmup.wait(wait):
        return i18n.say(lang, "loading")
    if warmup.error():
        return i18n.say(lang, "preload_failed", error=warmup.error())
    return i18n.say(lang, "ready")


# The buttons --------------------------------------------------------------------------------------

@dataclass
class ButtonsUpdate(Outputs):
    """The Run, Keep going and Stop buttons, and the last run's downloads."""

    run_btn: Any = field(default_factory=gr.skip)
    keep_btn: Any = field(default_factory=gr.skip)
    stop_btn: Any = field(default_factory=gr.skip)
    results: Any = field(default_factory=gr.skip)


def busy(request: gr.Request) -> ButtonsUpdate:
    """Run pressed: Run and Keep going off, Stop on, the last run's downloads hidden."""
    runs.clear_stop(getattr(request, "session_hash", None))
    return ButtonsUpdate(run_btn=gr.update(interactive=False), keep_btn=gr.update(interactive=False),
                         stop_btn=gr.update(interactive=True), results=gr.update(visible=False))


def idle() -> ButtonsUpdate:
    return ButtonsUpdate(run_btn=gr.update(interactive=True), keep_btn=gr.update(interactive=True),
                         stop_btn=gr.update(interactive=False))


def stop(request: gr.Request):
    """Stop pressed: the run ends at its next iteration; a run still waiting in line is cancelled
    (the hidden component's change, the second output, cancels it)."""
    session = getattr(request, "session_hash", None)
    runs.request_stop(session)
    waiting = not runs.is_running(session)
    return gr.update(interactive=False), (time.monotonic() if waiting else gr.skip())


def show_results(png_file):
    return gr.update(visible=bool(png_file))


# Examples -----------------------------------------------------------------------------------------

def gallery_value(examples: list[gallery.Example], lang: str = i18n.DEFAULT) -> list[tuple[str, str]]:
    return [(str(e.path), i18n.example_caption(e.path.name, e.caption, lang)) for e in examples]


def galleries_in_language(photos: list[gallery.Example], paintings: list[gallery.Example]):
    """On page load: the galleries' captions in the visitor's language (the page is built in
    English; a gallery's captions are values, which the browser does not translate)."""

    def galleries(request: gr.Request = None):
        lang = i18n.language(request)
        if lang == i18n.DEFAULT:
            return gr.skip(), gr.skip()
        return gallery_value(photos, lang), gallery_value(paintings, lang)

    return galleries


def pick(examples: list[gallery.Example]):
    def pick_example(evt: gr.SelectData):
        return str(examples[evt.index].path)
    return pick_example


@dataclass
class ExampleUpdate(Outputs):
    """The result area showing (or no longer showing) an example pair's result made ahead."""

    image: Any = field(default_factory=gr.skip)
    status: Any = field(default_factory=gr.skip)
    timelapse: Any = field(default_factory=gr.skip)
    compare: Any = field(default_factory=gr.skip)
    results: Any = field(default_factory=gr.skip)
    showing_example: Any = False  # whether the result area shows an example's result now


def example_result(content, style, showing: bool, request: gr.Request = None) -> ExampleUpdate:
    """The made-ahead result of an example pair, or, when the pair stops being one, the empty
    result it replaced (a visitor's own result stays)."""
    lang = i18n.language(request)
    found = premade.find(content, style)
    if found:
        result, timelapse = (str(path) for path in found)
        status = i18n.say(lang, "example", size=premade.SETTINGS.size, seconds=f"{premade.SETTINGS.seconds:g}")
        return ExampleUpdate(image=result, status=status, timelapse=timelapse, compare=(content, result),
                             results=gr.update(visible=True), showing_example=True)
    if showing:
        return ExampleUpdate(image=None, status=ready_status(request, wait=0), timelapse=None, compare=None,
                             results=gr.update(visible=False))
    return ExampleUpdate()


# Settings -----------------------------------------------------------------------------------------

def apply_preset(name: str) -> SettingsUpdate:
    """The preset's look in every control, except the fields a preset keeps."""
    if name not in controls.PRESET_NAMES:
        return SettingsUpdate()
    values = controls.preset_values(name)
    return SettingsUpdate(fields={n: values[n] for n in controls.FIELDS if n not in controls.KEPT_BY_PRESETS},
                          strength=values[controls.STRENGTH])


def strength_from_weights(content_weight, style_weight):
    try:
        return controls.strength_of(StyleParams(content_weight=content_weight, style_weight=style_weight))
    except ValueError:
        return gr.skip()


def random_seed() -> int:
    return random.randint(0, int(PARAMS["seed"].maximum))


@dataclass
class RestoreUpdate:
    """Restored settings: every settings control, and the second style's share slider."""

    settings: SettingsUpdate = field(default_factory=SettingsUpdate)
    blend: Any = field(default_factory=gr.skip)

    def values(self) -> list:
        return [*self.settings.values(), self.blend]


def _settings_updates(params: StyleParams | None, source: str, style2, share_now, lang: str) -> RestoreUpdate:
    """The controls showing restored settings, and the second style's share. The blend follows
    the second style image on the page (as the share slider always writes it), so restoring a
    two-style result with one style loaded leaves settings the next Run accepts; so do this
    server's limits (`_within_this_server`). Settings this server cannot run are not restored:
    a warning says why and the controls stay as they are."""
    if params is None:
        return RestoreUpdate()
    weights = params.blend_weights
    share = weights[1] / sum(weights) if weights and len(weights) == 2 else None
    try:
        params, changes = _within_this_server(params.replace(
            style_blend=creative.blend_text(share if share is not None else share_now, style2)))
    except StylerError as exc:
        _refused(exc, source, lang)
        return RestoreUpdate()
    if changes:
        label = 1 if lang == "ko" else 0
        listed = ", ".join(f"{i18n.param_label(name)[label]} {before:g} → {after:g}" if isinstance(after, (int, float))
                           else f"{i18n.param_label(name)[label]} {before} → {after}"
                           for name, (before, after) in changes.items())
        gr.Info(i18n.say(lang, "restored_within", source=i18n.say(lang, source), changes=listed))
    else:
        gr.Info(i18n.say(lang, "restored", source=i18n.say(lang, source)))
    return RestoreUpdate(SettingsUpdate.showing(params), gr.skip() if share is None else share)


def _within_this_server(params: StyleParams) -> tuple[StyleParams, dict[str, tuple[Any, Any]]]:
    """Restored settings as this server runs them, and what changed ({field: (stored, now)}): the
    weights, device, time budget and size each go to this server's nearest allowed value. What
    has none (a fixed number of iterations estimated too long here) is refused: InvalidParameter.
    The check is on what the controls will show (the time budget as its nearest choice)."""
    changes: dict[str, Any] = {}
    if params.weights not in policy.weight_sources():
        changes["weights"] = policy.weight_sources()[0]
    try:
        resolve_device(params.device)
    except StylerError:  # e.g. "cuda" restored on a server without one
        changes["device"] = "auto"
    if params.seconds > policy.server().max_seconds:
        changes["seconds"] = float(max(policy.budget_choices()))
    idle = runs.active() == 0
    largest = policy.largest_size(params.replace(**changes), idle)[0]
    if params.size > largest:
        spec = PARAMS["size"]  # on the size slider's steps, below the limit
        changes["size"] = int(max(spec.minimum, spec.minimum + (largest - spec.minimum) // spec.step * spec.step))
    fitted = params.replace(**changes)
    policy.check(fitted.replace(seconds=controls.snap_budget(fitted.seconds)), idle)
    return fitted, {name: (getattr(params, name), value) for name, value in changes.items()}


def _refused(exc: StylerError, source: str, lang: str) -> None:
    """Settings not restored: a warning saying why (the page keeps serving, the controls stay)."""
    gr.Warning(i18n.say(lang, "settings_refused", source=i18n.say(lang, source), reason=i18n.render(exc.message, lang)))


def restore_from_upload(payload, style2=None, share_now=0.5, request: gr.Request = None):
    """A content photo that is a result made here: its settings come back with it."""
    lang = i18n.language(request)
    try:
        params = read_settings(payload)
    except StylerError as exc:  # the photo itself may still be fine to repaint
        _refused(exc, "source.photo", lang)
        return RestoreUpdate()
    return _settings_updates(params, "source.photo", style2, share_now, lang)


def restore_from_file(path, style2=None, share_now=0.5, request: gr.Request = None):
    lang = i18n.language(request)
    try:
        params = read_settings(path)
    except StylerError as exc:
        _refused(exc, "source.png", lang)
        return RestoreUpdate()
    if params is None:
        gr.Warning(i18n.say(lang, "no_settings"))
    return _settings_updates(params, "source.png", style2, share_now, lang)


__all__ = ["ButtonsUpdate", "ExampleUpdate", "RestoreUpdate", "apply_preset", "busy", "example_result", "idle", "pick", "random_seed", "ready_status",
           "restore_from_file", "restore_from_upload", "show_results", "stop", "strength_from_weights"]
