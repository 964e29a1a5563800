"""The page: tab "Stylise" (inputs and controls on the left, the live result on the right) and
tab "How it works" (the paper's figures, webapp/figures_tab.py), and their events.

`build_demo` reads like the page: each part is built by its own function returning its
components, and each group of events is wired by its own function. Only the Run event is public
(api_name="stylize"); every other event is UI plumbing and private. Controls start at
StyleParams' defaults (they are the API's defaults) and a front-end load hook switches them to
DEFAULT_PRESET without a server round trip. Every text is a key of webapp/texts.py.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

import gradio as gr

from . import config, controls, creative, figures_tab, gallery, handlers, loss_curve, policy, runner, video_tab, warmup
from .config import CHECK, INSTANT, PRIVATE, ServerConfig, engine_options
from .streaming import Outputs
from . import i18n
from .i18n import text

STYLISE_TAB = "stylise"


@dataclass
class Stylise:
    """The Stylise tab's components, by what they are."""

    content: gr.Image
    style: gr.Image
    run_btn: gr.Button
    stop_btn: gr.Button
    content_gallery: gr.Gallery
    style_gallery: gr.Gallery
    style2: gr.Image = None
    blend: gr.Slider = None
    regions: gr.ImageEditor = None
    mask_image: gr.Image = None
    preset: gr.Radio = None
    fields: dict = field(default_factory=dict)
    strength: gr.Slider = None
    ratio: gr.Markdown = None  # the paper's alpha/beta, beside the strength slider
    dice: gr.Button = None
    init_image: gr.Image = None
    restore: gr.File = None
    image: gr.Image = None  # the result
    status: gr.Markdown = None
    keep_btn: gr.Button = None
    use_btn: gr.Button = None
    plot: gr.LinePlot = None
    results: gr.Column = None
    png_file: gr.File = None
    timelapse: gr.Image = None
    compare: gr.ImageSlider = None
    showing_example: gr.State = None  # whether the result area shows an example's result made ahead

    @property
    def settings(self) -> list:
        """The controls that show a whole set of settings, in controls.SettingsUpdate's order."""
        return controls.in_settings_order(self.preset, self.fields, self.strength)

    def components(self, record: type[Outputs]) -> list:
        """The components a handler's record names, in the record's order."""
        return [getattr(self, name) for name in record.names()]


def catalogue() -> gr.I18n:
    """Every static text of the page in English and Korean, this server's included."""
    return i18n.catalogue(controls.server_texts(), figures_tab.server_texts(), video_tab.server_texts())


def launch_kwargs(server: ServerConfig, **overrides) -> dict:
    """What `demo.launch()` needs for the page `build_demo(server)` made (host and port aside)."""
    return config.launch_options(server, catalogue(), **overrides)


def _by_name(handler):
    """A handler that returns a record, as Gradio calls it: the record's values in its order (the
    event's outputs are wired from the same record's names)."""

    @functools.wraps(handler)
    def values(*args, **kwargs):
        return handler(*args, **kwargs).values()

    return values


def build_demo(server: ServerConfig | None = None, preload: bool = True) -> gr.Blocks:
    """The app's Blocks for a server with these settings (by default, the environment's), with its
    queue configured. `preload` starts loading the network now."""
    server = server or ServerConfig.from_environment()
    policy.configure(server)
    runner.stylize.__doc__ = runner.api_docstring()  # the API page's and MCP tool's description
    engine = engine_options(server)
    if preload:
        warmup.start(server)
    photos, paintings = gallery.photos(), gallery.paintings()
    with gr.Blocks(title=config.TITLE, delete_cache=(1800, 3600)) as demo:
        gr.Markdown(text("header"), elem_id="header")
        with gr.Tabs(selected=STYLISE_TAB, elem_id="tabs") as tabs:
            with gr.Tab(text("tab.stylise"), id=STYLISE_TAB, elem_id="tab-stylise"):
                ui = _stylise_tab(photos, paintings)
            with gr.Tab(text("tab.figures"), id=figures_tab.TAB_ID, elem_id="tab-figures"):
                figures_tab.build_tab(ui.content, ui.style, ui.settings, tabs, STYLISE_TAB, engine)
            with gr.Tab(text("tab.video"), id=video_tab.TAB_ID, elem_id="tab-video"):
                video_tab.build_tab(engine)
        gr.Markdown(text("footer"), elem_id="footer")
        run_events = _wire_run(ui, engine)
        _wire_stop(ui, run_events)
        _wire_creative(ui)
        _wire_examples(ui, photos, paintings)
        _wire_settings(ui)
        _wire_page_load(demo, ui, photos, paintings)
    demo.queue(max_size=server.queue_size, default_concurrency_limit=server.concurrency)
    return demo


# The Stylise tab ----------------------------------------------------------------------------------

def _stylise_tab(photos: list[gallery.Example], paintings: list[gallery.Example]) -> Stylise:
    with gr.Row(equal_height=False):
        with gr.Column(scale=5, min_width=300):  # inputs and settings
            ui = _pictures(photos, paintings)
            _second_style(ui)
            _settings(ui)
        with gr.Column(scale=6, min_width=300):  # the live result
            _result(ui)
    return ui


def _image_input(key: str, elem_id: str, height: int, **extra) -> gr.Image:
    return gr.Image(label=text(key), type="filepath", height=height, sources=["upload", "clipboard"], elem_id=elem_id,
                    **extra)


def _gallery(examples: list[gallery.Example], key: str, elem_id: str) -> gr.Gallery:
    return gr.Gallery(value=handlers.gallery_value(examples), label=text(key), columns=5, rows=1,
                      height="auto", allow_preview=False, object_fit="cover", interactive=False,
                      elem_id=elem_id, elem_classes=["example-gallery"], buttons=[])


def _pictures(photos, paintings) -> Stylise:
    with gr.Row(equal_height=True):
        content = _image_input("content", "content-image", 240, min_width=150)
        style = _image_input("style", "style-image", 240, min_width=150)
    # Run right under the pictures: on the first screen, on a laptop and a phone.
    with gr.Row(elem_id="run-buttons"):
        run_btn = gr.Button(text("run"), variant="primary", scale=3, elem_id="run")
        stop_btn = gr.Button(text("stop"), variant="stop", scale=1, interactive=False, elem_id="stop")
    return Stylise(content, style, run_btn, stop_btn, _gallery(photos, "gallery.photos", "content-examples"),
                   _gallery(paintings, "gallery.paintings", "style-examples"))


def _second_style(ui: Stylise) -> None:
    with gr.Accordion(text("creative"), open=False, elem_id="creative"):
        with gr.Row(equal_height=False):
            ui.style2 = _image_input("style2", "style2-image", 200, min_width=150)
            with gr.Column(min_width=150):
                ui.blend = gr.Slider(0, 1, value=0.5, step=0.05, label=text("blend"), info=text("blend.help"),
                                     elem_id="style2-blend")
        ui.regions = gr.ImageEditor(label=text("regions"), type="pil", sources=[], transforms=[], layers=False,
                                    format="png", brush=gr.Brush(colors=["#ff00ff"], color_mode="fixed"),
                                    eraser=gr.Eraser(), height=320, elem_id="regions")
        gr.Markdown(text("regions.help"), elem_id="regions-help")
        # The painted layer as a grey mask (the API's `mask` input), made on the server.
        ui.mask_image = gr.Image(label=text("mask"), type="pil", format="png", visible=False, interactive=False,
                                 elem_id="mask-image")


def _settings(ui: Stylise) -> None:
    ui.preset = gr.Radio(controls.preset_choices(), value=controls.DEFAULT_PRESET, label=text("preset"),
                         info=text("preset.help"), elem_id="preset")
    fields = ui.fields
    with gr.Row(equal_height=False):
        fields["size"] = controls.make_control("size", min_width=220)
        fields["seconds"] = controls.make_control("seconds", min_width=220)
    with gr.Row(equal_height=False):
        with gr.Column(min_width=220, elem_id="strength-box"):
            ui.strength = controls.make_strength()
            defaults = controls.DEFAULTS
            ui.ratio = gr.Markdown(controls.ratio_text(defaults.content_weight, defaults.style_weight),
                                   elem_id="strength-ratio")
        with gr.Column(min_width=220, elem_id="seed-box"):
            fields["seed"] = controls.make_control("seed")
            ui.dice = gr.Button(text("random_seed"), size="sm", variant="secondary", elem_id="random-seed")
    for name in controls.MAIN_FIELDS:  # any main field added to the engine later
        if name not in fields:
            fields[name] = controls.make_control(name)
    with gr.Accordion(text("advanced"), open=False, elem_id="advanced"):
        gr.Markdown(text("advanced.help"))
        with gr.Column(elem_classes=["advanced-grid"]):  # two columns, one on phones
            for name in controls.ADVANCED_FIELDS:
                fields[name] = controls.make_control(name)
        ui.init_image = _image_input("init_image", "init-image", 170)
        ui.restore = gr.File(label=text("restore"), file_types=[".png"], type="filepath", height=170,
                             elem_id="restore")


def _result(ui: Stylise) -> None:
    ui.image = gr.Image(label=text("result"), format="png", type="pil", interactive=False, height=440,
                         buttons=["download", "fullscreen"], elem_id="output-image")
    ui.status = gr.Markdown(text("status.initial"), elem_id="status")
    with gr.Row(elem_id="continue-buttons"):
        ui.keep_btn = gr.Button(text("keep_going"), size="sm", elem_id="keep-going")
        ui.use_btn = gr.Button(text("use_result"), size="sm", elem_id="use-result")
    ui.plot = gr.LinePlot(None, x="iteration", y="log10 loss", color="term", x_title="iteration",
                          y_title="log10(loss)", label=text("loss_curve"), color_map=loss_curve.COLORS,
                          elem_id="loss-plot")
    with gr.Column(visible=False, elem_id="results") as ui.results:  # shown when a run finishes
        with gr.Row(equal_height=False):
            ui.png_file = gr.File(label=text("png_file"), interactive=False, min_width=200, elem_id="png-file")
            ui.timelapse = gr.Image(label=text("timelapse"), type="filepath", interactive=False, height=200,
                                    min_width=200, buttons=["download"], elem_id="timelapse")
        ui.compare = gr.ImageSlider(label=text("compare"), type="pil", format="png", interactive=False,
                                    max_height=400, elem_id="compare")
        # A link to this page as it is now, result included (Gradio's deep links). Its copy script
        # takes plain text (a language-neutral tick once copied); the label itself is translated.
        share = gr.DeepLinkButton(i18n.pair("share")[0], "✓", size="md", elem_classes=["share-link"])
        share.value = text("share")


# Events -------------------------------------------------------------------------------------------

def _wire_run(ui: Stylise, engine: dict) -> list:
    """Run and Keep going: the settings are checked against the server's limits before the job
    joins the queue, so a request over a limit is refused at once, however long the line: on the
    page by an instant first step (its message as a toast, the buttons untouched), for API
    clients by the run's validator. Raw payloads (preprocess=False), so that every value, slider
    or not, is checked by StyleParams and errors name the field. (The buttons are toggled by
    chained events: an update sent to a button by a second listener on its own click is dropped
    while that click's event is running.)"""
    buttons = ui.components(handlers.ButtonsUpdate)
    outputs = ui.components(runner.RunUpdate)
    kwargs_inputs = {n: ui.fields[n] for n in controls.FIELDS}
    images = [ui.content, ui.style, ui.style2, ui.mask_image]
    public = dict(api_name="stylize", api_description=runner.API_DESCRIPTION)
    run_events = []
    for button, fn, extra, api in ((ui.run_btn, runner.stylize, ui.init_image, public),
                                   (ui.keep_btn, runner.keep_going, ui.image, PRIVATE)):
        inputs = dict(inputs=[*images, extra], inputs_kwargs=kwargs_inputs, preprocess=False)
        run_event = button.click(runner.check, **inputs, **CHECK).success(
            _by_name(handlers.busy), None, buttons, **INSTANT).then(
            fn, **inputs, outputs=outputs, validator=runner.validate, **api, **engine,
            show_progress="minimal", show_progress_on=[ui.status])
        run_event.then(_by_name(handlers.idle), None, buttons, **INSTANT)
        run_event.failure(_by_name(handlers.idle), None, buttons, **INSTANT)  # (Gradio 6: .then skips errors)
        run_event.then(handlers.show_results, [ui.png_file], [ui.results], **INSTANT)
        run_events.append(run_event)
    return run_events


def _wire_stop(ui: Stylise, run_events: list) -> None:
    """Stop asks a running job to end at its next iteration: it keeps the last image, reports
    where it stopped and completes normally. (Cancelling a running event instead races with the
    updates already on their way, which can overwrite the page after Stop.) A job still waiting
    in line is cancelled: it leaves the queue at once. (Through a component rendered hidden: a
    gr.State's change does not reach the page.)"""
    leave_queue = gr.Number(0, visible="hidden", elem_id="leave-queue")
    ui.stop_btn.click(handlers.stop, None, [ui.stop_btn, leave_queue], **INSTANT)
    leave_queue.change(None, None, None, cancels=run_events, **PRIVATE)


def _wire_creative(ui: Stylise) -> None:
    """The blend slider writes style_blend; the painted regions become the mask; a result can
    become the content photo."""
    ui.use_btn.click(creative.result_as_content, [ui.image], [ui.content], **INSTANT)
    for trigger in (ui.blend.input, ui.style2.change):
        trigger(creative.blend_text, [ui.blend, ui.style2], [ui.fields["style_blend"]], **INSTANT)
    ui.content.change(creative.editor_background, [ui.content], [ui.regions], **INSTANT)
    for event in (ui.regions.change, ui.regions.input):  # (.input: a stroke; .change: a new photo)
        event(creative.mask_from_editor, [ui.regions], [ui.mask_image], trigger_mode="always_last", **INSTANT)


def _wire_examples(ui: Stylise, photos, paintings) -> None:
    """Clicking an example fills its input; an example pair shows its result made ahead (and how it
    formed) until the visitor's own Run replaces it."""
    ui.content_gallery.select(handlers.pick(photos), None, [ui.content], **INSTANT)
    ui.style_gallery.select(handlers.pick(paintings), None, [ui.style], **INSTANT)
    ui.showing_example = gr.State(False)
    for trigger in (ui.content.change, ui.style.change):
        trigger(_by_name(handlers.example_result), [ui.content, ui.style, ui.showing_example],
                ui.components(handlers.ExampleUpdate), **INSTANT)
    for button in (ui.run_btn, ui.keep_btn):
        button.click(lambda: False, None, [ui.showing_example], **INSTANT)


def _wire_settings(ui: Stylise) -> None:
    """Presets, the strength slider, the seed's dice and restoring settings from a PNG: private.
    (Restoring is queued so that its toasts reach the page, but never waits behind a run.)"""
    ui.preset.input(_by_name(handlers.apply_preset), [ui.preset], ui.settings, **INSTANT)
    weights = [ui.fields["content_weight"], ui.fields["style_weight"]]
    ui.strength.input(controls.content_weight_for, [ui.strength, weights[1]], [weights[0]], **INSTANT)
    for weight in weights:
        weight.input(handlers.strength_from_weights, weights, [ui.strength], **INSTANT)
        weight.change(controls.ratio_text, weights, [ui.ratio], **INSTANT)  # also when a preset or the slider sets it
    ui.dice.click(handlers.random_seed, None, [ui.fields["seed"]], **INSTANT)
    for control in ui.settings[1:]:  # a hand-edited setting is no longer the preset (front end only)
        control.input(None, None, [ui.preset], js="() => null", **PRIVATE)
    restore_outputs = [*ui.settings, ui.blend]  # handlers.RestoreUpdate's order
    ui.content.upload(_by_name(handlers.restore_from_upload), [ui.content, ui.style2, ui.blend], restore_outputs,
                      preprocess=False, **CHECK)
    ui.restore.upload(_by_name(handlers.restore_from_file), [ui.restore, ui.style2, ui.blend], restore_outputs,
                      **CHECK)


def _wire_page_load(demo: gr.Blocks, ui: Stylise, photos, paintings) -> None:
    """On load: the controls switch to the default preset (front end only); the status says
    whether the network is ready; the galleries' captions follow the visitor's language."""
    start = controls.preset_values(controls.DEFAULT_PRESET)
    values = controls.in_settings_order(controls.DEFAULT_PRESET, start, start[controls.STRENGTH])
    demo.load(None, None, ui.settings, js=f"() => {json.dumps(values)}", **PRIVATE)
    demo.load(handlers.ready_status, None, [ui.status], **INSTANT)
    demo.load(handlers.galleries_in_language(photos, paintings), None, [ui.content_gallery, ui.style_gallery],
              **INSTANT)
