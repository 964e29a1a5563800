"""The web app through its public API (gradio_client) and raw HTTP, plus its UI logic in-process.

The app runs in this process on a free port (tests/app_helpers.py), with the real engine at
tiny sizes.
"""
from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported

import io
import math
import time

import httpx
import pytest
from PIL import Image

from app_helpers import CONTENT, EXAMPLES, ROOT, STYLE, wait_until

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client, handle_file  # noqa: E402

from styler import DEFAULTS, PARAMS, StyleParams  # noqa: E402
from styler.params import STYLE_STRENGTH  # noqa: E402
from styler.metadata import read_params  # noqa: E402
from styler.presets import DEFAULT_PRESET, PRESETS, preset  # noqa: E402
from webapp import controls, gallery, policy, runner  # noqa: E402
from webapp.timelapse import FrameRecorder  # noqa: E402

OUT = {name: i for i, name in enumerate(runner.OUTPUTS)}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def submit(client, **params):
    return client.submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)), api_name="/stylize",
                         **params)


def image_path(value):
    """An Image output as the client returns it: a local path (or a dict holding one)."""
    if isinstance(value, dict):
        return value.get("path") or value.get("value")
    return value


def is_update(value) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update"


# The public API ---------------------------------------------------------------------------------

def test_only_stylize_is_public_with_the_engines_parameter_names_and_defaults(client):
    info = client.view_api(print_info=False, return_format="dict")
    assert list(info["named_endpoints"]) == ["/stylize"], "UI events (presets, examples...) must stay private"
    assert not info.get("unnamed_endpoints")
    params = info["named_endpoints"]["/stylize"]["parameters"]
    creative = ["style2", "mask", "init_image"]  # optional images (webapp/creative.py), default None
    assert [p["parameter_name"] for p in params] == ["content", "style", *creative, *PARAMS]
    assert not params[0]["parameter_has_default"] and not params[1]["parameter_has_default"]
    for p in params[2:5]:
        assert p["parameter_has_default"] and p["parameter_default"] is None, p["parameter_name"]
    for p in params[5:]:
        name = p["parameter_name"]
        assert p["parameter_has_default"], name
        assert p["parameter_default"] == getattr(DEFAULTS, name), f"{name}: API default must be StyleParams'"


def test_the_run_is_an_mcp_tool_with_its_parameters_and_a_description(url):
    tools = httpx.get(f"{url}gradio_api/mcp/schema", timeout=30).json()
    tool = next(t for t in tools if t["name"] == "stylize")
    assert tool["description"].startswith(runner.API_DESCRIPTION)
    properties = tool["inputSchema"]["properties"]
    assert {"content", "style", "style2", "mask", "init_image", *PARAMS} <= set(properties)
    assert properties["content"]["description"] == runner.IMAGE_ARGS["content"]
    assert "time budget" in tool["description"] and "time-lapse" in tool["description"]


def test_the_api_page_describes_every_input(client):
    info = client.view_api(print_info=False, return_format="dict")["named_endpoints"]["/stylize"]
    assert info.get("description", runner.API_DESCRIPTION) == runner.API_DESCRIPTION
    doc = runner.stylize.__doc__
    for name in ("content", "style", "style2", "mask", "init_image", *PARAMS):
        assert f"\n    {name}: " in doc, name
    assert f"seconds: {PARAMS['seconds'].help}" in doc


def test_tiny_run_streams_previews_and_returns_a_png_with_its_settings(client):
    job = submit(client, size=64, iterations=12, preview_every=3, seed=7, init="noise")
    final = job.result(timeout=120)
    updates = job.outputs()
    assert len(updates) >= 3 + 1, "one update per iteration is expected (Stop can only act at a yield)"

    previews = [image_path(u[OUT["image"]]) for u in updates[:-1] if u[OUT["image"]] and not is_update(u[OUT["image"]])]
    assert len(previews) >= 3, f"expected previews at iterations 1, 3, 6, 9; got {len(previews)}"
    assert len(set(previews)) >= 3, "the previews should be different images"
    statuses = [u[OUT["status"]] for u in updates if isinstance(u[OUT["status"]], str)]
    assert any("iteration 6/12" in s or "iteration 9/12" in s for s in statuses), statuses

    result = image_path(final[OUT["image"]])
    with open(result, "rb") as f:
        assert f.read(8) == PNG_MAGIC, "the result image must be a PNG, not WebP/JPEG"
    with Image.open(result) as img, Image.open(CONTENT) as photo:
        assert img.format == "PNG" and max(img.size) == 64
        assert img.width / img.height == pytest.approx(photo.width / photo.height, rel=0.03)
        size = img.size
    assert final[OUT["status"]].startswith("**Done**")

    png = image_path(final[OUT["png_file"]])
    with Image.open(png) as img:
        assert img.format == "PNG" and img.size == size
        stored = read_params(img)
    assert stored == StyleParams(size=64, iterations=12, preview_every=3, seed=7, init="noise")

    gif = image_path(final[OUT["timelapse"]])
    with Image.open(gif) as img:
        assert img.format == "GIF" and img.n_frames >= 4 and max(img.size) <= 256
    assert os.path.getsize(gif) < 2_000_000

    before, after = final[OUT["compare"]]
    with Image.open(image_path(before)) as b, Image.open(image_path(after)) as a:
        assert b.size == a.size == size

    plot = final[OUT["plot"]]
    rows = plot["data"] if isinstance(plot, dict) else []
    assert {row[0] for row in rows} == set(range(1, 13)), "the loss curve has every iteration"
    assert {row[1] for row in rows} >= {"total", "content", "style"}


@pytest.mark.parametrize("params, field", [
    (dict(size=-5), "size"),
    (dict(style_layers="conv9_9"), "style_layers"),
    (dict(iterations=2.5), "iterations"),
    (dict(pooling="median"), "pooling"),
    (dict(weights="/etc/passwd"), "weights"),  # a server path is never accepted from the web
    (dict(learning_rate="fast"), "learning_rate"),
    (dict(content_layers=""), "content_layers"),
])
def test_bad_parameter_is_an_error_naming_the_field_and_the_next_run_works(client, params, field):
    started = time.monotonic()
    with pytest.raises(Exception) as caught:
        submit(client, **{"size": 64, "iterations": 2, **params}).result(timeout=60)
    assert field in str(caught.value), str(caught.value)
    assert time.monotonic() - started < 30, "a refused request must not wait for a run"
    good = submit(client, size=48, iterations=2).result(timeout=120)
    assert good[OUT["status"]].startswith("**Done**")


def test_a_diverged_run_shows_its_last_good_image_then_the_error(client):
    # No accepted weight diverges midway, but per-layer weights are unbounded: this overflows float32.
    job = submit(client, size=48, iterations=5, content_weight=1e12, content_layers="conv4_2:1e30")
    with pytest.raises(Exception, match="diverged"):
        job.result(timeout=120)
    shown = [image_path(u[OUT["image"]]) for u in job.outputs() if u[OUT["image"]] and not is_update(u[OUT["image"]])]
    assert shown, "the last good image is sent before the error"
    with Image.open(shown[-1]) as img:
        assert max(img.size) == 48 and img.convert("L").getextrema()[1] > 30, "a real picture, not black"
    assert submit(client, size=48, iterations=2).result(timeout=120)[OUT["status"]].startswith("**Done**")


def test_missing_image_is_a_clear_error(client):
    with pytest.raises(Exception, match="style image"):
        client.predict(content=handle_file(str(CONTENT)), style=None, size=64, iterations=2, api_name="/stylize")


def test_cancel_stops_the_engine_within_a_moment(client):
    job = submit(client, size=96, seconds=100, iterations=10000, preview_every=1)
    wait_until(lambda: runner.active_runs() and len(job.outputs()) >= 3, 90, what="the run to start")
    job.cancel()
    started = time.monotonic()
    wait_until(lambda: runner.active_runs() == 0, 5, what="the engine generator to close")
    assert time.monotonic() - started < 5
    time.sleep(0.5)  # updates already on the wire when the engine closed may still land
    count = len(job.outputs())
    time.sleep(1.0)
    assert len(job.outputs()) == count, "no updates after Stop"
    assert submit(client, size=48, iterations=2).result(timeout=120)[OUT["status"]].startswith("**Done**")


def test_runs_are_serialised_and_a_waiting_user_sees_their_place(url, client):
    first = submit(client, size=96, seconds=100, iterations=10000, preview_every=50)
    wait_until(lambda: runner.active_runs() == 1 and first.status().code.name == "ITERATING", 90,
               what="the first run to start")
    second = Client(url, verbose=False).submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)),
                                               size=48, iterations=2, api_name="/stylize")
    status = wait_until(lambda: (st := second.status()).code.name == "IN_QUEUE" and st.rank is not None and st, 30,
                        what="the second request to wait in line")
    assert status.queue_size >= 1 and runner.active_runs() == 1, "STYLER_CONCURRENCY defaults to one run at a time"
    first.cancel()
    assert second.result(timeout=120)[OUT["status"]].startswith("**Done**"), "the next in line runs after"


def test_uploads_over_the_limit_are_refused(url):
    response = httpx.post(f"{url}gradio_api/upload", files={"files": ("big.png", b"\0" * (21 * 1024 * 1024))},
                          timeout=60)
    assert response.status_code == 413


def test_python_app_py_serves_on_the_port_from_the_environment():
    import subprocess
    import sys

    from app_helpers import free_port

    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False"}
    server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        def page():
            try:
                return httpx.get(f"http://127.0.0.1:{port}/config", timeout=2)
            except httpx.HTTPError:
                assert server.poll() is None, server.stdout.read()
                return None

        config = wait_until(page, 90, interval=0.3, what="python app.py to serve").json()
        assert config["title"] == "Neural style transfer"
        assert any(d.get("api_name") == "stylize" for d in config["dependencies"])
    finally:
        server.terminate()
        server.wait(timeout=30)


# Files: nothing outside the uploads and examples/ is served or read ----------------------------------

@pytest.mark.parametrize("path", ["file=/etc/passwd", "gradio_api/file=/etc/passwd",
                                  f"gradio_api/file={ROOT / 'app.py'}",
                                  f"gradio_api/file={ROOT / 'styler' / 'params.py'}",
                                  "gradio_api/file=../../../../etc/passwd"])
def test_server_files_are_not_served(url, path):
    response = httpx.get(url + path, timeout=10)
    assert response.status_code != 200
    assert "root:" not in response.text and "StyleParams" not in response.text


def test_examples_are_served(url):
    response = httpx.get(f"{url}gradio_api/file={EXAMPLES / 'photo_cat.jpg'}", timeout=10)
    assert response.status_code == 200 and response.content[:2] == b"\xff\xd8"


def _raw_call(url: str, content, style) -> str:
    values = {**DEFAULTS.to_dict(), "size": 48, "iterations": 2}
    data = [content, style, None, None, None, *[values[name] for name in PARAMS]]  # no style2/mask/init
    joined = httpx.post(f"{url}gradio_api/call/stylize", json={"data": data}, timeout=10)
    if joined.status_code != 200:  # refused before it joined the queue (the run's validator)
        return f"event: error\ndata: {joined.text}"
    return httpx.get(f"{url}gradio_api/call/stylize/{joined.json()['event_id']}", timeout=120).text


def test_run_reads_only_uploaded_files(url):
    uploaded = httpx.post(f"{url}gradio_api/upload", files={"files": STYLE.read_bytes()}, timeout=10).json()[0]
    style = {"path": uploaded, "meta": {"_type": "gradio.FileData"}}
    for content in ({"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}},
                    {"path": str(CONTENT), "meta": {"_type": "gradio.FileData"}},
                    "/etc/passwd", {"url": "file:///etc/passwd"}):
        answer = _raw_call(url, content, style)
        assert "event: complete" not in answer and "event: error" in answer, (content, answer[-300:])
        assert "root:" not in answer
    control = _raw_call(url, {"path": uploaded, "meta": {"_type": "gradio.FileData"}}, style)
    assert "event: complete" in control, control[-300:]


# UI logic, in-process -----------------------------------------------------------------------------------

def test_controls_are_generated_from_params():
    import gradio as gr

    with gr.Blocks():
        made = {name: controls.make_control(name) for name in PARAMS}
        strength = controls.make_strength()
    for name, component in made.items():
        spec = PARAMS[name]
        assert component.label == spec.label
        assert component.info.startswith(spec.help.split(";")[0]), name
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
    assert made["seconds"].choices == [("15 s", 15.0), ("30 s", 30.0), ("1 min", 60.0), ("2 min", 120.0),
                                       ("exact iterations", 0.0)]
    # Only the bundled weights: another source would download 548 MB on the server at run time.
    assert made["weights"].choices == [("original", "original")]
    assert strength.label == "Style strength" and strength.value == pytest.approx(DEFAULTS.style_strength)


def test_iterations_slider_reaches_round_numbers():
    import gradio as gr

    with gr.Blocks():
        slider = controls.make_control("iterations")
    for name in PRESETS:
        value = preset(name).iterations
        assert (value - slider.minimum) % slider.step == 0, f"{name}: {value} is not a slider position"


def test_strength_and_presets():
    for name in PRESETS:
        params = preset(name)
        values = controls.preset_values(name)
        assert {k: values[k] for k in PARAMS} == params.to_dict()
        expected = min(8.0, max(0.0, params.style_strength))
        assert values[controls.STRENGTH] == pytest.approx(expected, abs=STYLE_STRENGTH.step / 2)
    alpha = controls.content_weight_for(5.0, 2.0)
    assert alpha == pytest.approx(2e-5)
    assert StyleParams(content_weight=alpha, style_weight=2.0).style_strength == pytest.approx(5.0)
    assert controls.strength_of(StyleParams(content_weight=0.0)) == 8.0
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


def test_loss_history_is_bounded_and_log_scaled():
    history = runner.LossHistory.for_params(StyleParams(tv_weight=0.0, style_weight=0.0))
    for i in range(1, 2001):
        history.add(i, {"total": 10.0 / i, "content": 1.0 if i > 1 else 0.0, "style": 0.0, "tv": float("nan")})
    frame = history.frame(max_points=300)
    assert frame["iteration"].nunique() <= 301 and frame["iteration"].max() == 2000
    assert set(frame["term"]) == {"total", "content"}, "terms whose weight is 0 are left out"
    first = frame[frame.iteration == 1].set_index("term")["log10 loss"]
    assert first["total"] == pytest.approx(1.0)
    assert math.isnan(first["content"]), "a zero loss has no log, but the term is there from the start"


def test_status_line_and_stop():
    losses = {"total": 12.5, "content": 10.0, "style": 2.5, "tv": 0.0}
    record = dict(stage="64x43 px", iteration=3, total=12, losses=losses,
                  elapsed=1.5, eta=4.5, done=False, device="NVIDIA H200, TF32")
    line = runner.status_line(record)
    headline, details = line.split("\n\n")
    assert headline == "**About 4 s left** · stylising at 64×43 px"  # the key figure first, rounded
    for piece in ("iteration 3/12", "loss 12.5", "content 10", "style 2.5", "2 s elapsed", "on NVIDIA H200, TF32"):
        assert piece in details, (piece, details)
    assert details.startswith("<small>") and details.endswith("</small>")
    stopped = runner.status_line(record, "Stopped")
    assert stopped.startswith("**Stopped** after 2 s") and "iteration 3/12" in stopped and "left" not in stopped
    budget = runner.status_line({**record, "budget": 20, "total": 40})
    assert "iteration 3 of about 40" in budget
    assert [runner.fmt_seconds(s) for s in (4.4, 65, 3725, None)] == ["4 s", "1 min 5 s", "1 h 2 min", "?"]


def test_timelapse_keeps_few_frames_and_the_last():
    recorder = FrameRecorder(max_frames=10, max_side=64)
    for i in range(200):
        recorder.add(Image.new("RGB", (300, 200), (i, 0, 0)), final=i == 199)
    assert 2 <= len(recorder) <= 10
    assert recorder.frames[-1].getpixel((0, 0))[0] == 199 and max(recorder.frames[-1].size) == 64


def _payload(path) -> dict:
    return {"path": str(path), "orig_name": os.path.basename(path), "meta": {"_type": "gradio.FileData"}}


def test_diverged_run_shows_the_last_good_image_then_errors(monkeypatch):
    import gradio as gr

    last = Image.new("RGB", (48, 32), "orange")

    def diverging(content, style, params):
        yield {"kind": "progress", "iteration": 1, "total": 5, "losses": {"total": 1.0}, "elapsed": 0.1, "eta": 0.4,
               "image": Image.new("RGB", (48, 32)), "done": False, "stage": "48x32 px", "notes": []}
        yield {"kind": "error", "message": "The optimisation diverged at iteration 2.", "last_image": last}

    monkeypatch.setattr(runner.gpu, "run_engine", diverging)
    run = runner.stylize(_payload(CONTENT), _payload(STYLE), size=48, iterations=5)
    shown = []
    with pytest.raises(gr.Error, match="diverged"):
        for update in run:
            shown.append(update[OUT["image"]])
    with Image.open(shown[-1]) as image:  # (sent as a file of the run's own folder)
        assert image.size == last.size and image.convert("RGB").getcolors() == last.getcolors(), \
            "the last good image is shown before the error"
    assert runner.active_runs() == 0


def test_stop_request_ends_the_run_gracefully_keeping_its_last_image():
    class Request:
        session_hash = "test-session"

    run = runner.stylize(_payload(CONTENT), _payload(STYLE), request=Request(), size=64, iterations=500, preview_every=2)
    updates = [next(run), next(run), next(run)]  # "Starting", iteration 1 (a preview), iteration 2
    assert runner.active_runs() == 1
    runner.request_stop("someone-else")  # another session's Stop does not touch this run
    updates.append(next(run))
    runner.request_stop("test-session")
    rest = list(run)
    assert runner.active_runs() == 0
    assert len(rest) == 1, "the run ends at the next iteration"
    assert rest[0][OUT["status"]].startswith("**Stopped**") and "iteration 4/500" in rest[0][OUT["status"]]
    assert rest[0][OUT["png_file"]] is not None and rest[0][OUT["png_file"]]["__type__"] == "update"  # skipped
    shown = updates[1][OUT["image"]]  # a file of the run's own folder (removed once the page has it)
    assert isinstance(shown, str) and shown.endswith(".png"), "previews were shown before the stop"
    runner.clear_stop("someone-else")

    # Stop pressed while the run waits in line: it ends as soon as it starts, doing no work.
    runner.request_stop("test-session")
    queued = list(runner.stylize(_payload(CONTENT), _payload(STYLE), request=Request(), size=64, iterations=500))
    assert queued[-1][OUT["status"]].startswith("**Stopped** before it started") and len(queued) == 2


def test_engine_notes_become_warnings(monkeypatch, tmp_path):
    import gradio as gr

    frames = [Image.open(CONTENT).convert("RGB").resize((96, 64)), Image.new("RGB", (96, 64), "blue")]
    animated = tmp_path / "animated.gif"
    frames[0].save(animated, save_all=True, append_images=frames[1:], duration=100)
    warned = []
    monkeypatch.setattr(gr, "Warning", lambda message, *a, **k: warned.append(message))
    updates = list(runner.stylize(_payload(animated), _payload(STYLE), size=48, iterations=2))
    assert updates[-1][OUT["status"]].startswith("**Done**")
    assert any("animated" in w for w in warned), warned


def test_result_png_restores_its_settings(tmp_path):
    from styler.metadata import save_png

    params = StyleParams(size=96, iterations=33, seed=5, tv_weight=3.0, init="content")
    path = save_png(Image.new("RGB", (8, 8)), tmp_path / "result.png", params)
    assert runner.read_settings({"path": str(path)}) == params
    assert runner.read_settings(str(path)) == params
    assert runner.read_settings({"path": str(CONTENT)}) is None  # a JPEG: nothing to restore
    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(plain)
    assert runner.read_settings({"path": str(plain)}) is None


def test_read_upload_refuses_plain_strings_and_names_the_role():
    from styler import ImageError

    with pytest.raises(ImageError, match="content"):
        runner.read_upload("/etc/passwd", "content")
    with pytest.raises(ImageError, match="No style image"):
        runner.read_upload(None, "style")
    image, name = runner.read_upload(_payload(CONTENT), "content")
    assert image.mode == "RGB" and name == "photo-cat"
    png = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(png, format="PNG")
    import base64

    data_url = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    assert runner.read_upload({"url": data_url}, "style")[0].size == (40, 40)


def test_gpu_records_pickle_for_zerogpu_workers():
    """On ZeroGPU the engine generator runs in another process: all it yields must pickle."""
    import pickle

    from webapp import gpu

    records = list(gpu.run_engine(Image.open(CONTENT), Image.open(STYLE), StyleParams(size=48, iterations=2).to_dict()))
    assert [r["kind"] for r in records] == ["progress", "progress"] and records[-1]["done"]
    refused = list(gpu.run_engine(Image.open(CONTENT), Image.open(STYLE), {"size": 5}))
    assert refused == [{"kind": "error", "message": refused[0]["message"], "last_image": None}]
    assert refused[0]["message"].startswith("size:")
    for record in records + refused:
        copy = pickle.loads(pickle.dumps(record))
        assert copy.keys() == record.keys()


def test_the_engine_runs_through_the_real_spaces_decorator_as_deployed():
    """`spaces` is installed as on a Space; off ZeroGPU its decorator hands the generator back
    unchanged (the package's local mode), and the app runs it that way."""
    import spaces
    from spaces.config import Config

    from webapp import gpu

    assert gpu.spaces is spaces and not gpu.ON_ZEROGPU and Config.zero_gpu is gpu.ON_ZEROGPU
    assert gpu.on_gpu(_engine_stand_in) is _engine_stand_in  # local mode: the function itself
    records = list(gpu.run_engine(Image.open(CONTENT), Image.open(STYLE),
                                  StyleParams(size=48, iterations=2, seconds=0).to_dict()))
    assert [r["kind"] for r in records] == ["progress", "progress"] and records[-1]["done"]


def _engine_stand_in():
    yield 1


def test_zerogpu_is_told_by_its_environment_not_by_the_package(monkeypatch):
    import importlib

    from webapp import gpu

    try:
        for value, expected in (("true", True), ("1", True), ("", False), ("false", False)):
            monkeypatch.setenv("SPACES_ZERO_GPU", value)
            assert importlib.reload(gpu).ON_ZEROGPU is expected, value
    finally:
        monkeypatch.delenv("SPACES_ZERO_GPU")
        importlib.reload(gpu)


def test_concurrency_env_is_validated(monkeypatch):
    import importlib

    from webapp import config

    monkeypatch.setenv("STYLER_CONCURRENCY", "0")
    with pytest.raises(SystemExit, match="STYLER_CONCURRENCY"):
        importlib.reload(config)
    monkeypatch.setenv("STYLER_CONCURRENCY", "3")
    assert importlib.reload(config).CONCURRENCY == 3
    monkeypatch.delenv("STYLER_CONCURRENCY")
    assert importlib.reload(config).CONCURRENCY == 1
    kwargs = config.launch_kwargs()
    assert kwargs["allowed_paths"] == [str(EXAMPLES)] and kwargs["max_file_size"] and kwargs["css"]


def test_a_preset_sets_the_look_and_keeps_the_blend_and_the_device():
    from webapp.layout import _apply_preset

    updates = dict(zip(controls.FIELDS, _apply_preset("Fast preview")[1:-1]))
    fast = preset("Fast preview")
    for name, update in updates.items():
        if name in controls.KEPT_BY_PRESETS:
            assert update == {"__type__": "update"}, name  # left as the user set it
        else:
            assert update == getattr(fast, name), name
    assert {"style_blend", "device", "precision"} <= set(controls.KEPT_BY_PRESETS)


def test_zerogpu_asks_for_what_the_run_needs():
    from webapp import gpu

    ask = lambda **changes: gpu.gpu_seconds(None, None, {**DEFAULTS.to_dict(), **changes})  # noqa: E731
    small, large, huge = ask(size=320, iterations=150), ask(size=1024, iterations=500), ask(size=4096, iterations=200)
    assert small == gpu.MIN_SECONDS  # a Recommended run: the shortest request, the best place in line
    assert gpu.MIN_SECONDS < large < huge <= gpu.GPU_DURATION
    assert ask(size=4096, iterations=10000) == gpu.GPU_DURATION  # capped
    assert gpu.gpu_seconds(None, None, {"size": "big"}) == gpu.GPU_DURATION  # refused later, by the engine
    # A time budget bounds the request: the run ends by then whatever its iterations.
    assert ask(size=4096, iterations=10000, seconds=30) == gpu.START_SECONDS + 30


def test_the_readme_api_section_lists_every_input():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### API"):readme.index("### MCP")]
    for name in ("content", "style", "style2", "mask", "init_image", *PARAMS):
        assert f"`{name}`" in section, name
