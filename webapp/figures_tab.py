"""The "How it works" tab: the paper's explanatory figures (styler.figures) on the chosen images.

One section per figure (content and style reconstructions, the alpha/beta trade-off grid, the
initialisation), each with its caption, Run and Stop buttons, a gallery whose cells fill in as
the panels run, and "Use these settings", which copies the selected panel's settings to the
Stylise tab's controls. Panels run one after another through `gpu.run_engine` (as the main
run does), one yield per engine iteration, so Stop ends a figure within one iteration.

UI only: images are PIL here, every value is checked by StyleParams, and every event is private.
"""
from __future__ import annotations

import logging
import math
import re
import time
from typing import Any, Callable

import gradio as gr

from styler import StyleParams, StylerError
from styler.figures import CAPTIONS, FIGURES, RATIOS, Panel, figure_panels
from styler.params import PARAMS

from . import controls, gpu, policy, runner

log = logging.getLogger(__name__)

TAB_ID = "figures"
DEFAULT_SIZE = 96
DEFAULT_ITERATIONS = 100
PREVIEWS_PER_PANEL = 5  # preview images streamed per panel (besides its final one)
STATUS_EVERY = 0.25  # s between status-line updates
MAX_RATIOS = 8
TITLES = {
    "content": "Content reconstructions (paper, Fig. 1 bottom)",
    "style": "Style reconstructions (paper, Fig. 1 top)",
    "tradeoff": "Content vs. style trade-off (paper, Fig. 4)",
    "init": "Where the picture starts from (paper, Fig. 6)",
}
INTRO = """
## How it works
The method optimises the pixels of an image until a frozen VGG-19 network "sees" the photo's
content and the painting's style in it. Each section below recreates a figure of the paper on
**the photo and painting chosen in the *Stylise* tab**, at a small size so it runs in minutes
on a CPU. Press **Run** in a section to watch its panels form; click a finished panel and
**Use these settings** to open it in the *Stylise* tab.
"""


# Pure helpers (tested without a server) -----------------------------------------------------------

def parse_ratios(text: Any) -> tuple[float, ...]:
    """The trade-off grid's alpha/beta ratios from "1e-5, 1e-4 ..." (commas or spaces)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return RATIOS
    if isinstance(text, (list, tuple)):
        items = [str(x) for x in text]
    else:
        items = [t for t in re.split(r"[\s,;]+", str(text).strip()) if t]
    ratios = []
    for item in items:
        try:
            value = float(item)
        except ValueError:
            raise ValueError(f"ratios: {item!r} is not a number; give alpha/beta values like 1e-4, 1e-3") from None
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"ratios: {item} must be a positive number")
        ratios.append(value)
    if len(ratios) > MAX_RATIOS:
        raise ValueError(f"ratios: at most {MAX_RATIOS} values, got {len(ratios)}")
    return tuple(ratios)


def format_ratios(ratios=RATIOS) -> str:
    return ", ".join(f"{r:g}" for r in ratios)


def base_params(size: Any, iterations: Any) -> StyleParams:
    """The settings every panel starts from: the tab's size and iterations, checked by StyleParams."""
    params = StyleParams.from_dict({"size": size, "iterations": iterations})
    return params.replace(preview_every=max(1, params.iterations // PREVIEWS_PER_PANEL))


def panels_for(figure: str, size: Any, iterations: Any, ratios: Any = None) -> list[Panel]:
    """The panels of `figure` at the tab's settings (ValueError/StylerError for bad values)."""
    if figure not in FIGURES:
        raise ValueError(f"figure: unknown figure {figure!r}; choose one of {', '.join(FIGURES)}")
    base = base_params(size, iterations)
    if figure == "tradeoff":
        return figure_panels(figure, base, parse_ratios(ratios))
    return figure_panels(figure, base)


def gallery_items(panels: list[Panel], images: list) -> list[tuple[Any, str]]:
    """The gallery's value: the panels that have an image so far, in order, with their labels."""
    return [(image, panel.label) for panel, image in zip(panels, images) if image is not None]


def columns_for(figure: str, ratios: Any = None) -> int:
    if figure == "tradeoff":
        return len(parse_ratios(ratios))
    return max(p.col for p in figure_panels(figure, StyleParams())) + 1


def settings_updates(stored: list[dict] | None, index: int | None) -> list[Any]:
    """Values for the Stylise tab's controls ([preset, *FIELDS, strength]) showing a panel's settings."""
    if not stored:
        raise ValueError("Run this figure first, then click one of its panels.")
    if index is None or not 0 <= index < len(stored):
        raise ValueError("Click a finished panel first, then press Use these settings.")
    values = controls.values_for(StyleParams.from_dict(stored[index]))
    return [None, *[values[n] for n in controls.FIELDS], values[controls.STRENGTH]]


def estimate_line(figure: str, size: Any, iterations: Any, ratios: Any = None) -> str:
    """Before a figure runs: how long it will take on this server, from the pace measured here."""
    try:
        panels = panels_for(figure, size, iterations, ratios)
    except (StylerError, ValueError):
        return ""
    seconds = [policy.estimated_seconds(p.params) for p in panels]
    if None in seconds:
        return f"{len(panels)} panels, run one after another."
    took = "under a second" if sum(seconds) < 1 else f"about {runner.fmt_seconds(sum(seconds))}"
    return f"{len(panels)} panels: {took} on this server's {policy.device_name()}."


def _estimator(figure: str) -> Callable:
    def estimate(size, iterations, ratios=None):
        return estimate_line(figure, size, iterations, ratios)

    estimate.__name__ = f"estimate_{figure}"
    return estimate


def stop_key(session: str | None, figure: str) -> str | None:
    """The stop-request key of one figure's run (separate from the main run's)."""
    return f"{session}:figure:{figure}" if session else None


# The run ------------------------------------------------------------------------------------------

def _user_error(message: str) -> gr.Error:
    return gr.Error(message, print_exception=False)


def make_run(figure: str) -> Callable:
    """The Run handler of one figure: yields (gallery, status, stored panel settings) per iteration."""

    def run(content, style, size, iterations, ratios=None, request: gr.Request = None):
        skip = gr.skip()
        key = stop_key(getattr(request, "session_hash", None), figure)
        try:
            panels = panels_for(figure, size, iterations, ratios)
            policy.check_figure([panel.params for panel in panels], idle=runner.active_runs() == 0)
            content_img, _ = runner.read_upload(content, "content")
            style_img, _ = runner.read_upload(style, "style")
        except (StylerError, ValueError) as exc:
            raise _user_error(str(exc)) from None
        stored = [p.params.to_dict() for p in panels]
        images: list = [None] * len(panels)
        total = len(panels)
        yield [], f"**Starting** · {total} panels · {panels[0].params.size} px", stored
        if runner._take_stop(key):
            yield skip, "**Stopped** before it started.", skip
            return
        started = last_status = time.monotonic()
        runner._change_active(+1)
        try:
            for index, panel in enumerate(panels):
                record_iter = gpu.run_engine(content_img, style_img, panel.params.to_dict())
                try:
                    for record in record_iter:
                        if record["kind"] == "error":
                            if record.get("last_image") is not None:
                                images[index] = record["last_image"]
                                yield gallery_items(panels, images), skip, skip
                            raise _user_error(f"{panel.label}: {record['message']}")
                        line = (f"panel {index + 1}/{total} ({panel.label}) · iteration "
                                f"{record['iteration']}/{record['total']} · {runner.fmt_seconds(time.monotonic() - started)}")
                        gallery = skip
                        if record["image"] is not None:
                            images[index] = record["image"]
                            gallery = gallery_items(panels, images)
                        stopped = "Stopped" if runner._take_stop(key) else None
                        if time.monotonic() - started > policy.hard_stop_seconds():  # an estimate that was off
                            stopped = f"Stopped at this server's limit of {policy.fmt_duration(policy.MAX_SECONDS)} a run"
                        if stopped:
                            yield gallery, f"**{stopped}** at {line}", skip
                            return
                        now = time.monotonic()
                        status = skip
                        if gallery is not skip or now - last_status >= STATUS_EVERY:
                            status, last_status = f"**Running** {line}", now
                        yield gallery, status, skip
                        if record["done"]:
                            break
                finally:
                    record_iter.close()
        except gr.Error:
            raise
        except Exception as exc:  # a bug, not a user error
            log.exception("figure %s failed", figure)
            raise gr.Error(f"Something went wrong on the server ({type(exc).__name__}). Please try again.") from None
        finally:
            runner._change_active(-1)
        yield (gallery_items(panels, images),
               f"**Done** · {total} panels in {runner.fmt_seconds(time.monotonic() - started)} · "
               "click a panel, then *Use these settings*", skip)

    run.__name__ = f"figure_{figure}"
    return run


# The tab ------------------------------------------------------------------------------------------

def _number(name: str, value: int, elem_id: str, label: str, info: str) -> gr.Number:
    spec = PARAMS[name]
    return gr.Number(value=value, minimum=spec.minimum, maximum=spec.maximum, step=1, precision=0, label=label,
                     info=f"{info} ({int(spec.minimum)} to {int(spec.maximum)})", elem_id=elem_id, min_width=160)


def build_tab(content: gr.Image, style: gr.Image, setting_outputs: list, tabs: gr.Tabs, main_tab_id: str,
              private: dict, instant: dict, engine: dict) -> None:
    """The tab's contents and events (call inside `gr.Tab`). `setting_outputs` are the Stylise tab's
    [preset, *controls.FIELDS, strength]; `engine` the run events' queue options."""
    gr.Markdown(INTRO, elem_id="figures-intro")
    with gr.Row(equal_height=False):
        size = _number("size", DEFAULT_SIZE, "figures-size", "Panel size (px)",
                       "Long side of each panel in pixels: small, so that a figure runs in minutes.")
        iterations = _number("iterations", DEFAULT_ITERATIONS, "figures-iterations", "Iterations per panel",
                             "Optimisation steps of each panel, exactly (the figures use no time budget).")
    for figure in FIGURES:
        with gr.Group(elem_id=f"figures-{figure}"):
            gr.Markdown(f"### {TITLES[figure]}\n{CAPTIONS[figure]}", elem_id=f"figures-{figure}-caption",
                        padding=True)
            inputs = [content, style, size, iterations]
            if figure == "tradeoff":
                ratios = gr.Textbox(format_ratios(), label="alpha/beta ratios (columns)", max_lines=1,
                                    info="Comma-separated content/style weight ratios; rows add style layers "
                                         "up to conv1_1 ... conv5_1.", elem_id="figures-tradeoff-ratios")
                inputs.append(ratios)
            with gr.Row():
                run_btn = gr.Button("Run", variant="primary", scale=3, elem_id=f"figures-{figure}-run")
                stop_btn = gr.Button("Stop", variant="stop", scale=1, interactive=False,
                                     elem_id=f"figures-{figure}-stop")
            # Before it runs, the status says how long the figure will take here: when the tab is
            # opened (this server has measured its pace by then) and when the settings change.
            status = gr.Markdown("", elem_id=f"figures-{figure}-status", padding=True)
            estimate = _estimator(figure)
            gr.on([tabs.select, inputs[2].change, inputs[3].change, *([inputs[4].change] if len(inputs) > 4 else [])],
                  estimate, inputs[2:], [status], **instant)
            gallery = gr.Gallery(label=TITLES[figure], columns=columns_for(figure), height="auto",
                                 object_fit="contain", allow_preview=False, interactive=False, format="png",
                                 elem_id=f"figures-{figure}-gallery", buttons=[])
            with gr.Row():
                selected_md = gr.Markdown("No panel selected.", elem_id=f"figures-{figure}-selected",
                                          padding=True)
                use_btn = gr.Button("Use these settings", variant="secondary", size="sm",
                                    elem_id=f"figures-{figure}-use")
            stored = gr.State(None)
            selected = gr.State(None)
            _wire(figure, run_btn, stop_btn, status, gallery, stored, selected, selected_md, use_btn, inputs,
                  setting_outputs, tabs, main_tab_id, private, instant, engine)


def _wire(figure, run_btn, stop_btn, status, gallery, stored, selected, selected_md, use_btn, inputs,
          setting_outputs, tabs, main_tab_id, private, instant, engine) -> None:
    def busy(request: gr.Request):
        runner.clear_stop(stop_key(getattr(request, "session_hash", None), figure))
        return gr.update(interactive=False), gr.update(interactive=True), None, "No panel selected."

    def stop(request: gr.Request):
        runner.request_stop(stop_key(getattr(request, "session_hash", None), figure))
        return gr.update(interactive=False)

    def idle():
        return gr.update(interactive=True), gr.update(interactive=False)

    def select(panels, evt: gr.SelectData):
        if not panels or not 0 <= evt.index < len(panels):
            return None, "No panel selected."
        return evt.index, f"Selected: **{evt.value.get('caption') if isinstance(evt.value, dict) else evt.index}**"

    def use(panels, index):
        try:
            values = settings_updates(panels, index)
        except (StylerError, ValueError) as exc:
            raise _user_error(str(exc)) from None
        gr.Info("Settings copied to the Stylise tab.")
        return [*values, gr.Tabs(selected=main_tab_id)]

    event = run_btn.click(busy, None, [run_btn, stop_btn, selected, selected_md], **instant).then(
        make_run(figure), inputs=inputs, outputs=[gallery, status, stored], preprocess=False,
        show_progress="minimal", show_progress_on=[status], **private, **engine)
    event.then(idle, None, [run_btn, stop_btn], **instant)
    event.failure(idle, None, [run_btn, stop_btn], **instant)
    stop_btn.click(stop, None, [stop_btn], **instant)
    gallery.select(select, [stored], [selected, selected_md], **instant)
    use_btn.click(use, [stored, selected], [*setting_outputs, tabs], **private, concurrency_limit=None,
                  show_progress="hidden")


__all__ = ["DEFAULT_ITERATIONS", "DEFAULT_SIZE", "TAB_ID", "build_tab", "columns_for", "format_ratios",
           "gallery_items", "make_run", "panels_for", "parse_ratios", "settings_updates", "stop_key"]
