"""The page: tab "Stylise" (inputs and controls on the left, the live result on the right) and
tab "How it works" (the paper's figures, webapp/figures_tab.py); wiring of events.

Only the Run event is public (api_name="stylize"); every other event is UI plumbing and
private. Controls start at StyleParams' defaults (they are the API's defaults) and a
front-end load hook switches them to DEFAULT_PRESET without a server round trip.
"""
from __future__ import annotations

import json
import random
import time

import gradio as gr

from styler.params import PARAMS, StyleParams

from . import config, controls, creative, figures_tab, gallery, premade, runner, warmup

PAPER_URL = ("https://openaccess.thecvf.com/content_cvpr_2016/html/"
             "Gatys_Image_Style_Transfer_CVPR_2016_paper.html")
HEADER = f"""
# {config.TITLE}
Repaint a photo in the style of a painting with the method of Gatys, Ecker & Bethge,
[*Image Style Transfer Using Convolutional Neural Networks*]({PAPER_URL}) (CVPR 2016):
gradient descent on the pixels of an image, through a frozen VGG-19. Pick a photo and a painting,
press **Run**, and watch the picture form.
"""
FOOTER = """
Example images are public domain, CC0 or openly licensed; authors and licences are listed in
`examples/SOURCES.md`. Network: VGG-19 (Simonyan & Zisserman, CC BY 4.0).
Results carry their settings in the PNG metadata: drop one on *Restore settings* to reproduce it.
"""
PRIVATE = dict(api_visibility="private")
INSTANT = dict(queue=False, api_visibility="private")
# Queued (a toast reaches the page only from a queued event) but never behind a run.
CHECK = dict(api_visibility="private", concurrency_limit=None, show_progress="hidden")
# The engine's queue slots, shared by the main run and the "How it works" figures.
ENGINE = dict(concurrency_limit=config.CONCURRENCY, concurrency_id="styler-engine")
STYLISE_TAB = "stylise"


def _ready_status(wait: float = 60) -> str:
    """The status before any run: ready, or still loading the network (waiting up to `wait` s)."""
    if not warmup.wait(wait):
        return "The network is still loading; your first run will start once it is ready."
    if warmup.error():
        return f"⚠️ The network could not be preloaded: {warmup.error()}"
    return "Ready: pick a photo and a painting, then press **Run**."


def _gallery(examples: list[gallery.Example], label: str, elem_id: str) -> gr.Gallery:
    return gr.Gallery(value=[(str(e.path), e.caption) for e in examples], label=label, columns=5, rows=1,
                      height="auto", allow_preview=False, object_fit="cover", interactive=False,
                      elem_id=elem_id, elem_classes=["example-gallery"], buttons=[])


def build_demo(preload: bool = True) -> gr.Blocks:
    """The app's Blocks, with its queue configured. `preload` starts loading the network now."""
    if preload:
        warmup.start()
    photos, paintings = gallery.photos(), gallery.paintings()

    with gr.Blocks(title=config.TITLE, delete_cache=(1800, 3600)) as demo:
        gr.Markdown(HEADER, elem_id="header")
        with gr.Tabs(selected=STYLISE_TAB, elem_id="tabs") as tabs:
            with gr.Tab("Stylise", id=STYLISE_TAB, elem_id="tab-stylise"):
                with gr.Row(equal_height=False):
                    # Left: inputs and settings ------------------------------------------------------
                    with gr.Column(scale=5, min_width=300):
                        with gr.Row(equal_height=True):
                            content = gr.Image(label="Content photo", type="filepath", height=240, min_width=150,
                                               sources=["upload", "clipboard"], elem_id="content-image")
                            style = gr.Image(label="Style image", type="filepath", height=240, min_width=150,
                                             sources=["upload", "clipboard"], elem_id="style-image")
                        # Run right under the pictures: on the first screen, on a laptop and a phone.
                        with gr.Row(elem_id="run-buttons"):
                            run_btn = gr.Button("Run", variant="primary", scale=3, elem_id="run")
                            stop_btn = gr.Button("Stop", variant="stop", scale=1, interactive=False, elem_id="stop")
                        content_gallery = _gallery(photos, "Example photos: click one",
                                                   "content-examples")
                        style_gallery = _gallery(paintings, "Example paintings: click one",
                                                 "style-examples")
                        with gr.Accordion("Blend a second style / place styles by region", open=False,
                                          elem_id="creative"):
                            with gr.Row(equal_height=False):
                                style2 = gr.Image(label="Second style image (optional)", type="filepath",
                                                  height=200, min_width=150, sources=["upload", "clipboard"],
                                                  elem_id="style2-image")
                                with gr.Column(min_width=150):
                                    blend = gr.Slider(0, 1, value=0.5, step=0.05, label="Second style's share",
                                                      info=creative.BLEND_HELP, elem_id="style2-blend")
                            regions = gr.ImageEditor(label="Regions: paint where the style goes", type="pil",
                                                     sources=[], transforms=[], layers=False, format="png",
                                                     brush=gr.Brush(colors=["#ff00ff"], color_mode="fixed"),
                                                     eraser=gr.Eraser(), height=320, elem_id="regions")
                            gr.Markdown(creative.REGION_HELP, elem_id="regions-help")
                            # The painted layer as a grey mask (the API's `mask` input), made on the server.
                            mask_image = gr.Image(label="Region mask", type="pil", format="png", visible=False,
                                                  interactive=False, elem_id="mask-image")

                        preset_radio = gr.Radio(controls.PRESET_NAMES, value=controls.DEFAULT_PRESET, label="Preset",
                                                info="Sets the controls below; fine-tune them afterwards.",
                                                elem_id="preset")
                        fields: dict[str, gr.components.Component] = {}
                        with gr.Row(equal_height=False):
                            fields["size"] = controls.make_control("size", min_width=220)
                            fields["seconds"] = controls.make_control("seconds", min_width=220)
                        with gr.Row(equal_height=False):
                            strength = controls.make_strength()
                            with gr.Column(min_width=220, elem_id="seed-box"):
                                fields["seed"] = controls.make_control("seed")
                                dice = gr.Button("Random seed", size="sm", variant="secondary", elem_id="random-seed")
                        for name in controls.MAIN_FIELDS:  # any main field added to the engine later
                            if name not in fields:
                                fields[name] = controls.make_control(name)

                        with gr.Accordion("Advanced settings", open=False, elem_id="advanced"):
                            gr.Markdown("The paper's own knobs. *Style strength* above sets the content weight "
                                        "(alpha = beta × 10^-strength).")
                            with gr.Column(elem_classes=["advanced-grid"]):  # two columns, one on phones
                                for name in controls.ADVANCED_FIELDS:
                                    fields[name] = controls.make_control(name)
                            init_image = gr.Image(label="Start from this image (optional)", type="filepath",
                                                  height=170, sources=["upload", "clipboard"], elem_id="init-image")
                            restore = gr.File(label="Restore settings from a PNG made here", file_types=[".png"],
                                              type="filepath", height=170, elem_id="restore")

                    # Right: the live result -----------------------------------------------------------
                    with gr.Column(scale=6, min_width=300):
                        output = gr.Image(label="Result", format="png", type="pil", interactive=False, height=440,
                                          buttons=["download", "fullscreen"], elem_id="output-image")
                        status = gr.Markdown("Loading the VGG-19 network…", elem_id="status")
                        with gr.Row(elem_id="continue-buttons"):
                            keep_btn = gr.Button("Keep going", size="sm", elem_id="keep-going")
                            use_btn = gr.Button("Use result as content", size="sm", elem_id="use-result")
                        plot = gr.LinePlot(None, x="iteration", y="log10 loss", color="term",
                                           x_title="iteration", y_title="log10(loss)", label="Loss curve",
                                           color_map={"total": "#4f46e5", "content": "#059669", "style": "#d97706",
                                                      "tv": "#94a3b8"}, elem_id="loss-plot")
                        with gr.Column(visible=False, elem_id="results") as results:  # shown when a run finishes
                            with gr.Row(equal_height=False):
                                png_file = gr.File(label="Result PNG (settings in its metadata)", interactive=False,
                                                   min_width=200, elem_id="png-file")
                                timelapse = gr.Image(label="Time-lapse", type="filepath", interactive=False,
                                                     height=200, min_width=200, buttons=["download"], elem_id="timelapse")
                            compare = gr.ImageSlider(label="Before / after (drag the handle)", type="pil", format="png",
                                                     interactive=False, max_height=400, elem_id="compare")
                            # A link to this page as it is now, result included (Gradio's deep links).
                            gr.DeepLinkButton("Share a link to this result", "Link copied", size="md",
                                              elem_classes=["share-link"])
            with gr.Tab("How it works", id=figures_tab.TAB_ID, elem_id="tab-figures"):
                figures_tab.build_tab(content, style, [preset_radio, *[fields[n] for n in controls.FIELDS], strength],
                                      tabs, STYLISE_TAB, PRIVATE, INSTANT, ENGINE)
        gr.Markdown(FOOTER, elem_id="footer")

        ordered = [fields[name] for name in controls.FIELDS]
        setting_outputs = [preset_radio, *ordered, strength]

        # The run: the public API endpoint. Raw payloads (preprocess=False) so that every value,
        # slider or not, is checked by StyleParams and errors name the field.
        outputs = dict(image=output, status=status, plot=plot, png_file=png_file, compare=compare,
                       timelapse=timelapse)
        # (The buttons are toggled by chained events: an update sent to a button by a second
        # listener on its own click is dropped while that click's event is running.)
        buttons = [run_btn, keep_btn, stop_btn]
        run_outputs = [outputs[name] for name in runner.OUTPUTS]
        kwargs_inputs = {n: fields[n] for n in controls.FIELDS}
        images = [content, style, style2, mask_image]
        run_events = []
        public = dict(api_name="stylize", api_description=runner.API_DESCRIPTION)
        for button, fn, extra, api in ((run_btn, runner.stylize, init_image, public),
                                       (keep_btn, creative.keep_going, output, PRIVATE)):  # Keep going: private
            # The settings are checked against the server's limits before the job joins the queue,
            # so a request over a limit is refused at once, however long the line: on the page by
            # an instant first step (its message as a toast, the buttons untouched), for API
            # clients by the run's validator.
            inputs = dict(inputs=[*images, extra], inputs_kwargs=kwargs_inputs, preprocess=False)
            run_event = button.click(runner.check, **inputs, **CHECK).success(
                _busy, None, [*buttons, results], **INSTANT).then(
                fn, **inputs, outputs=run_outputs, validator=runner.validate, **api, **ENGINE,
                show_progress="minimal", show_progress_on=[status])
            run_event.then(_idle, None, buttons, **INSTANT)
            run_event.failure(_idle, None, buttons, **INSTANT)  # (Gradio 6: .then skips errors)
            run_event.then(_show_results, [png_file], [results], **INSTANT)
            run_events.append(run_event)
        # Stop asks a running job to end at its next iteration: it keeps the last image, reports
        # where it stopped and completes normally. (Cancelling a running event instead races with
        # the updates already on their way, which can overwrite the page after Stop.) A job still
        # waiting in line is cancelled: it leaves the queue at once.
        # (A component rendered hidden, not a gr.State: a State's change does not reach the page.)
        leave_queue = gr.Number(0, visible="hidden", elem_id="leave-queue")
        stop_btn.click(_stop, None, [stop_btn, leave_queue], **INSTANT)
        leave_queue.change(None, None, None, cancels=run_events, **PRIVATE)

        # Creative control: the blend slider writes style_blend; the painted regions become the mask.
        use_btn.click(creative.result_as_content, [output], [content], **INSTANT)
        for trigger in (blend.input, style2.change):
            trigger(creative.blend_text, [blend, style2], [fields["style_blend"]], **INSTANT)
        content.change(creative.editor_background, [content], [regions], **INSTANT)
        for ev in (regions.change, regions.input):  # (.input: a stroke; .change: a new photo)
            ev(creative.mask_from_editor, [regions], [mask_image], trigger_mode="always_last", **INSTANT)

        # Examples, presets, the strength slider, restoring settings: instant and private.
        content_gallery.select(_pick(photos), None, [content], **INSTANT)
        style_gallery.select(_pick(paintings), None, [style], **INSTANT)
        # An example pair shows its result made ahead (and how it formed) until Run.
        showing_example = gr.State(False)
        for trigger in (content.change, style.change):
            trigger(_example_result, [content, style, showing_example],
                    [output, status, timelapse, compare, results, showing_example], **INSTANT)
        for button in (run_btn, keep_btn):  # the visitor's own run replaces the example
            button.click(lambda: False, None, [showing_example], **INSTANT)
        preset_radio.input(_apply_preset, [preset_radio], setting_outputs, **INSTANT)
        strength.input(controls.content_weight_for, [strength, fields["style_weight"]],
                       [fields["content_weight"]], **INSTANT)
        for weight in ("content_weight", "style_weight"):
            fields[weight].input(_strength_from_weights, [fields["content_weight"], fields["style_weight"]],
                                 [strength], **INSTANT)
        dice.click(lambda: random.randint(0, int(PARAMS["seed"].maximum)), None, [fields["seed"]], **INSTANT)
        for control in [*ordered, strength]:  # a hand-edited setting is no longer the preset (front end only)
            control.input(None, None, [preset_radio], js="() => null", **PRIVATE)
        # (Queued, so that their gr.Info/gr.Warning toasts reach the page; never behind a run.)
        restore_opts = CHECK
        restore_outputs = [*setting_outputs, blend]
        content.upload(_restore_from_upload, [content, style2, blend], restore_outputs, preprocess=False,
                       **restore_opts)
        restore.upload(_restore_from_file, [restore, style2, blend], restore_outputs, **restore_opts)

        # Page load: switch the controls to the default preset (front end only), report readiness.
        start = controls.preset_values(controls.DEFAULT_PRESET)
        start_values = [controls.DEFAULT_PRESET, *[start[n] for n in controls.FIELDS], start[controls.STRENGTH]]
        demo.load(None, None, setting_outputs, js=f"() => {json.dumps(start_values)}", **PRIVATE)
        demo.load(_ready_status, None, [status], **INSTANT)

    demo.queue(max_size=config.QUEUE_SIZE, default_concurrency_limit=config.CONCURRENCY)
    return demo


def _busy(request: gr.Request):
    runner.clear_stop(getattr(request, "session_hash", None))
    return (gr.update(interactive=False), gr.update(interactive=False), gr.update(interactive=True),
            gr.update(visible=False))


EXAMPLE_STATUS = ("**Example result**, made ahead with the Fast preview look ({size} px, {iterations} iterations)"
                  "\n\n<small>Press <b>Run</b> to paint your own, live.</small>")


def _example_result(content, style, showing: bool):
    """The made-ahead result of an example pair (result, status, time-lapse, before/after, shown),
    or, when the pair stops being one, the empty result it replaced."""
    found = premade.find(content, style)
    if found:
        result, gif = (str(path) for path in found)
        status = EXAMPLE_STATUS.format(size=premade.SETTINGS.size, iterations=premade.SETTINGS.iterations)
        return result, status, gif, (content, result), gr.update(visible=True), True
    if showing:
        return None, _ready_status(wait=0), None, None, gr.update(visible=False), False
    return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), False


def _stop(request: gr.Request):
    session = getattr(request, "session_hash", None)
    runner.request_stop(session)
    waiting = not runner.is_running(session)
    return gr.update(interactive=False), (time.monotonic() if waiting else gr.skip())


def _show_results(png_file):
    return gr.update(visible=bool(png_file))


def _idle():
    return gr.update(interactive=True), gr.update(interactive=True), gr.update(interactive=False)


def _pick(examples: list[gallery.Example]):
    def pick(evt: gr.SelectData):
        return str(examples[evt.index].path)
    return pick


def _apply_preset(name: str):
    if name not in controls.PRESET_NAMES:
        return [gr.skip()] * (len(controls.FIELDS) + 2)
    values = controls.preset_values(name)
    fields = [gr.skip() if n in controls.KEPT_BY_PRESETS else values[n] for n in controls.FIELDS]
    return [gr.skip(), *fields, values[controls.STRENGTH]]


def _strength_from_weights(content_weight, style_weight):
    try:
        return controls.strength_of(StyleParams(content_weight=content_weight, style_weight=style_weight))
    except ValueError:
        return gr.skip()


def _settings_updates(params: StyleParams | None, source: str, style2, share_now):
    """The controls showing restored settings, and the second style's share. The blend follows
    the second style image on the page (as the share slider always writes it), so restoring a
    two-style result with one style loaded leaves settings the next Run accepts."""
    if params is None:
        return [gr.skip()] * (len(controls.FIELDS) + 3)
    values = controls.values_for(params)
    weights = params.blend_weights
    share = weights[1] / sum(weights) if weights and len(weights) == 2 else None
    values["style_blend"] = creative.blend_text(share if share is not None else share_now, style2)
    gr.Info(f"Settings restored from {source}.")
    return [None, *[values[n] for n in controls.FIELDS], values[controls.STRENGTH],
            gr.skip() if share is None else share]


def _restore_from_upload(payload, style2=None, share_now=0.5):
    return _settings_updates(runner.read_settings(payload), "the photo's metadata (a result made here)", style2,
                             share_now)


def _restore_from_file(path, style2=None, share_now=0.5):
    params = runner.read_settings(path)
    if params is None:
        gr.Warning("That file holds no settings: only PNG results made by this app do.")
    return _settings_updates(params, "the PNG", style2, share_now)
