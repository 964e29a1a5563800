"""The "How it works" tab: the paper's explanatory figures (styler.figures) on the chosen images.

One section per figure (content and style reconstructions, the alpha/beta trade-off grid, the
initialisation), each with its caption, Run and Stop buttons, a gallery that shows the figure
made ahead on the example photo and painting until Run fills it in, panel by panel, and "Use
these settings", which copies the selected panel's settings to the Stylise tab's controls.
Before a figure runs, its status says how long it will take on this server. Panels run one
after another through the same loop as the main run (webapp.streaming), one yield per engine
iteration, so Stop ends a figure within one iteration.

UI only: images are PIL here, every value is checked by StyleParams, and every event is private.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import gradio as gr

from styler import InvalidParameter, StyleParams, StylerError
from styler.figures import FIGURES, RATIOS, Panel, figure_panels
from styler.params import PARAMS
from styler.presets import preset

from . import controls, i18n, policy, premade, runs, status
from .config import CHECK, INSTANT, PRIVATE
from .i18n import text
from .streaming import EngineFailed, Outputs, Throttle, follow, for_people, user_error
from .uploads import read_upload

PAPER = preset("Paper (Fig. 3)")  # every figure shows the paper's own method

TAB_ID = "figures"
DEFAULT_SIZE = premade.FIGURE_SIZE
DEFAULT_ITERATIONS = premade.FIGURE_ITERATIONS
STATUS_EVERY = 0.25  # s between status-line updates
MAX_RATIOS = 8


# Pure helpers (tested without a server) -----------------------------------------------------------

def parse_ratios(text_value: Any) -> tuple[float, ...]:
    """The trade-off grid's alpha/beta ratios from "1e-5, 1e-4 ..." (commas or spaces)."""
    if text_value is None or (isinstance(text_value, str) and not text_value.strip()):
        return RATIOS
    if isinstance(text_value, (list, tuple)):
        items = [str(x) for x in text_value]
    else:
        items = [t for t in re.split(r"[\s,;]+", str(text_value).strip()) if t]
    ratios = []
    for item in items:
        try:
            value = float(item)
        except ValueError:
            raise InvalidParameter("ratios", "ratios.not_number", value=repr(item)) from None
        if not math.isfinite(value) or value <= 0:
            raise InvalidParameter("ratios", "ratios.not_positive", value=item)
        ratios.append(value)
    if len(ratios) > MAX_RATIOS:
        raise InvalidParameter("ratios", "ratios.too_many", limit=MAX_RATIOS, count=len(ratios))
    return tuple(ratios)


def format_ratios(ratios=RATIOS) -> str:
    return ", ".join(f"{r:g}" for r in ratios)


def panels_for(figure: str, size: Any, iterations: Any, ratios: Any = None) -> list[Panel]:
    """The panels of `figure` at the tab's settings (InvalidParameter for bad values)."""
    if figure not in FIGURES:
        raise InvalidParameter("figure", "param.unknown_figure", value=repr(figure), choices=", ".join(FIGURES))
    base = premade.figure_base(PAPER.replace(**{"size": size, "iterations": iterations}))
    if figure == "tradeoff":
        return figure_panels(figure, base, parse_ratios(ratios))
    return figure_panels(figure, base)


def gallery_items(panels: list[Panel], images: list, lang: str = i18n.DEFAULT) -> list[tuple[Any, str]]:
    """The gallery's value: the panels that have an image so far, in order, with their labels."""
    return [(image, i18n.render(panel.label, lang)) for panel, image in zip(panels, images) if image is not None]


def columns_for(figure: str, ratios: Any = None) -> int:
    if figure == "tradeoff":
        return len(parse_ratios(ratios))
    return max(p.col for p in figure_panels(figure, PAPER)) + 1


def settings_updates(stored: list[dict] | None, index: int | None, lang: str = i18n.DEFAULT) -> controls.SettingsUpdate:
    """The Stylise tab's settings controls showing a panel's settings (no preset)."""
    if not stored:
        raise ValueError(i18n.say(lang, "fig.run_first"))
    if index is None or not 0 <= index < len(stored):
        raise ValueError(i18n.say(lang, "fig.click_first"))
    return controls.SettingsUpdate.showing(StyleParams.from_dict(stored[index]))


def estimate_line(figure: str, size: Any, iterations: Any, ratios: Any = None, lang: str = i18n.DEFAULT) -> str:
    """Before a figure runs: how long it will take on this server, from the pace measured here."""
    try:
        panels = panels_for(figure, size, iterations, ratios)
    except (StylerError, ValueError):
        return ""
    seconds = [policy.estimated_seconds(p.params) for p in panels]
    count, device = len(panels), policy.device_name()
    if None in seconds:
        return i18n.say(lang, "fig.panels", count=count)
    if sum(seconds) < 1:
        return i18n.say(lang, "fig.estimate_short", count=count, device=device)
    return i18n.say(lang, "fig.estimate", count=count, device=device, duration=i18n.duration(sum(seconds), lang))


def stop_key(session: str | None, figure: str) -> str | None:
    """The stop-request key of one figure's run (separate from the main run's)."""
    return f"{session}:figure:{figure}" if session else None


# The run ------------------------------------------------------------------------------------------

@dataclass
class FigureUpdate(Outputs):
    """A figure run's outputs, in its event's order."""

    gallery: Any = field(default_factory=gr.skip)
    status: Any = field(default_factory=gr.skip)
    stored: Any = field(default_factory=gr.skip)  # every panel's settings, for "Use these settings"


def make_run(figure: str) -> Callable:
    """The Run handler of one figure: yields (gallery, status, stored panel settings) per iteration."""

    def run(content, style, size, iterations, ratios=None, request: gr.Request = None):
        lang = i18n.language(request)
        key = stop_key(getattr(request, "session_hash", None), figure)
        with for_people(lang, f"figure {figure}"):
            for update in _run_figure(figure, content, style, size, iterations, ratios, key, lang):
                yield update.values()

    run.__name__ = f"figure_{figure}"
    return run


def _run_figure(figure, content, style, size, iterations, ratios, key, lang):
    panels = panels_for(figure, size, iterations, ratios)
    policy.check_figure([panel.params for panel in panels], idle=runs.active() == 0)
    # Read once for every panel: they share the size and style scale the images are read for.
    content_img, _ = read_upload(content, "content", panels[0].params, "content")
    style_img, _ = read_upload(style, "style", panels[0].params, "style")
    images: list = [None] * len(panels)
    count = len(panels)
    yield FigureUpdate(gallery=[], status=i18n.say(lang, "fig.starting", count=count, size=panels[0].params.size),
                       stored=[p.params.to_dict() for p in panels])
    if runs.take_stop(key):
        yield FigureUpdate(status=i18n.say(lang, "stopped_before"))
        return
    started, status_due = time.monotonic(), Throttle(STATUS_EVERY)
    for index, panel in enumerate(panels):
        label = i18n.render(panel.label, lang)
        try:
            for step in follow(content_img, style_img, panel.params, stop_key=key, started=started):
                p, update = step.progress, FigureUpdate()
                if p.image is not None:
                    images[index] = p.image
                    update.gallery = gallery_items(panels, images, lang)
                line = i18n.say(lang, "fig.line", index=index + 1, count=count, label=label, iteration=p.iteration,
                                total=p.total, elapsed=i18n.duration(time.monotonic() - started, lang))
                if step.stopped:
                    update.status = i18n.say(lang, "fig.stopped", state=status.state_word(step.stopped, lang), line=line)
                    yield update
                    return
                if status_due.due(force=p.image is not None):
                    update.status = i18n.say(lang, "fig.running", line=line)
                yield update
        except EngineFailed as exc:  # keep the panel's last good picture, then say which panel failed
            if exc.last_image is not None:
                images[index] = exc.last_image
                yield FigureUpdate(gallery=gallery_items(panels, images, lang))
            raise user_error(i18n.say(lang, "fig.panel_failed", label=panel.label, error=exc.message)) from None
    yield FigureUpdate(gallery=gallery_items(panels, images, lang),
                       status=i18n.say(lang, "fig.done", count=count,
                                       elapsed=i18n.duration(time.monotonic() - started, lang)))


# The tab ------------------------------------------------------------------------------------------

@dataclass
class Section:
    """One figure's components."""

    figure: str
    inputs: list  # content, style, size, iterations (and the trade-off's ratios)
    run_btn: gr.Button
    stop_btn: gr.Button
    status: gr.Markdown
    gallery: gr.Gallery
    selected_md: gr.Markdown
    use_btn: gr.Button
    stored: gr.State
    selected: gr.State


NUMBERS = {"size": "figures.size", "iterations": "figures.iterations"}  # the tab's own controls: text keys


def server_texts() -> dict[str, tuple[str, str]]:
    """The tab's texts written from the engine's (bounds, captions), in both languages."""
    texts = {}
    for name, key in NUMBERS.items():
        low, high = int(PARAMS[name].minimum), int(PARAMS[name].maximum)
        english, korean = i18n.pair(f"{key}.help")
        texts[f"{key}.bounded"] = (f"{english} ({low} to {high})", f"{korean} ({low}~{high})")
    for figure in FIGURES:
        title, caption = i18n.pair(f"figures.title.{figure}"), i18n.caption(figure)
        texts[f"figures.caption.{figure}"] = tuple(f"### {t}\n{c}" for t, c in zip(title, caption))
    return texts


def _number(name: str, value: int, elem_id: str) -> gr.Number:
    spec, key = PARAMS[name], NUMBERS[name]
    return gr.Number(value=value, minimum=int(spec.minimum), maximum=int(spec.maximum), step=1, precision=0,
                     label=text(key), info=i18n.server_text(f"{key}.bounded"), elem_id=elem_id, min_width=160)


def build_tab(content: gr.Image, style: gr.Image, settings: list, tabs: gr.Tabs, main_tab_id: str,
              engine: dict) -> None:
    """The tab's contents and events (call inside `gr.Tab`). `settings` are the Stylise tab's
    settings controls (controls.in_settings_order); `engine` the engine's queue options."""
    gr.Markdown(text("figures.intro"), elem_id="figures-intro")
    with gr.Row(equal_height=False):
        size = _number("size", DEFAULT_SIZE, "figures-size")
        iterations = _number("iterations", DEFAULT_ITERATIONS, "figures-iterations")
    for figure in FIGURES:
        section = _section(figure, [content, style, size, iterations])
        _wire_estimate(section, tabs)
        _wire_run(section, engine)
        _wire_use(section, settings, tabs, main_tab_id)


def _section(figure: str, inputs: list) -> Section:
    with gr.Group(elem_id=f"figures-{figure}"):
        gr.Markdown(i18n.server_text(f"figures.caption.{figure}"), elem_id=f"figures-{figure}-caption", padding=True)
        if figure == "tradeoff":
            inputs = [*inputs, gr.Textbox(format_ratios(), label=text("figures.ratios"), max_lines=1,
                                          info=text("figures.ratios.help"), elem_id="figures-tradeoff-ratios")]
        with gr.Row():
            run_btn = gr.Button(text("run"), variant="primary", scale=3, elem_id=f"figures-{figure}-run")
            stop_btn = gr.Button(text("stop"), variant="stop", scale=1, interactive=False,
                                 elem_id=f"figures-{figure}-stop")
        status_md = gr.Markdown(text("figures.preview"), elem_id=f"figures-{figure}-status", padding=True)
        gallery = gr.Gallery(value=premade.figure_preview(figure), label=text(f"figures.title.{figure}"),
                             columns=columns_for(figure), height="auto", object_fit="contain", allow_preview=False,
                             interactive=False, format="png", elem_id=f"figures-{figure}-gallery", buttons=[])
        with gr.Row():
            selected_md = gr.Markdown(text("figures.no_panel"), elem_id=f"figures-{figure}-selected", padding=True)
            use_btn = gr.Button(text("figures.use"), variant="secondary", size="sm", elem_id=f"figures-{figure}-use")
    return Section(figure, inputs, run_btn, stop_btn, status_md, gallery, selected_md, use_btn, gr.State(None),
                   gr.State(None))


def _wire_estimate(section: Section, tabs: gr.Tabs) -> None:
    """Before it runs, the status says how long the figure will take here: when the tab is opened
    (this server has measured its pace by then) and when the settings change."""
    figure = section.figure

    def estimate(stored, size, iterations, ratios=None, request: gr.Request = None):
        lang = i18n.language(request)
        line = estimate_line(figure, size, iterations, ratios, lang)
        if stored:  # it has run: its own panels stay
            return {section.status: line}
        # Not run yet: the figure made ahead, its labels in the visitor's language.
        preview = [(path, i18n.render(label, lang)) for path, label in premade.figure_panels_made(figure)]
        return {section.status: f"{i18n.say(lang, 'figures.preview')} {line}".strip(), section.gallery: preview}

    estimate.__name__ = f"estimate_{figure}"
    settings = section.inputs[2:]
    gr.on([tabs.select, *[control.change for control in settings]], estimate, [section.stored, *settings],
          [section.status, section.gallery], **INSTANT)


def _wire_run(section: Section, engine: dict) -> None:
    figure = section.figure

    def busy(request: gr.Request):
        runs.clear_stop(stop_key(getattr(request, "session_hash", None), figure))
        return {section.run_btn: gr.update(interactive=False), section.stop_btn: gr.update(interactive=True),
                section.selected: None, section.selected_md: i18n.say(i18n.language(request), "figures.no_panel")}

    def stop(request: gr.Request):
        runs.request_stop(stop_key(getattr(request, "session_hash", None), figure))
        return {section.stop_btn: gr.update(interactive=False)}

    def idle():
        return {section.run_btn: gr.update(interactive=True), section.stop_btn: gr.update(interactive=False)}

    buttons = [section.run_btn, section.stop_btn]
    event = section.run_btn.click(busy, None, [*buttons, section.selected, section.selected_md], **INSTANT).then(
        make_run(figure), inputs=section.inputs, outputs=[section.gallery, section.status, section.stored],
        preprocess=False, show_progress="minimal", show_progress_on=[section.status], **PRIVATE, **engine)
    event.then(idle, None, buttons, **INSTANT)
    event.failure(idle, None, buttons, **INSTANT)
    section.stop_btn.click(stop, None, [section.stop_btn], **INSTANT)


def _wire_use(section: Section, settings: list, tabs: gr.Tabs, main_tab_id: str) -> None:
    """Clicking a finished panel selects it; "Use these settings" copies its settings to the
    Stylise tab and opens it."""

    def select(panels, evt: gr.SelectData, request: gr.Request = None):
        lang = i18n.language(request)
        if not panels or not 0 <= evt.index < len(panels):
            return {section.selected: None, section.selected_md: i18n.say(lang, "figures.no_panel")}
        name = evt.value.get("caption") if isinstance(evt.value, dict) else evt.index
        return {section.selected: evt.index, section.selected_md: i18n.say(lang, "fig.selected", name=name)}

    def use(panels, index, request: gr.Request = None):
        lang = i18n.language(request)
        try:
            update = settings_updates(panels, index, lang)
        except StylerError as exc:
            raise user_error(i18n.render(exc.message, lang)) from None
        except ValueError as exc:  # settings_updates' own, already in `lang`
            raise user_error(str(exc)) from None
        gr.Info(i18n.say(lang, "fig.copied"))
        return {**dict(zip(settings, update.values())), tabs: gr.Tabs(selected=main_tab_id)}

    section.gallery.select(select, [section.stored], [section.selected, section.selected_md], **INSTANT)
    section.use_btn.click(use, [section.stored, section.selected], [*settings, tabs], **CHECK)


__all__ = ["DEFAULT_ITERATIONS", "DEFAULT_SIZE", "TAB_ID", "build_tab", "columns_for", "estimate_line",
           "format_ratios", "gallery_items", "make_run", "panels_for", "parse_ratios", "server_texts", "settings_updates",
           "stop_key"]
