"""The web app through its public API (gradio_client) and raw HTTP.

The app runs in this process on a free port (one server for every server test: tests/conftest.py),
with the real engine at tiny sizes. The page's logic in-process: test_controls, test_runner,
test_status, test_uploads.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest
from PIL import Image

from helpers import CONTENT, EXAMPLES, ROOT, STYLE, free_port, patience, wait_until

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client, handle_file  # noqa: E402

from styler import DEFAULTS, PARAMS, StyleParams  # noqa: E402
from styler.metadata import read_params  # noqa: E402
from webapp import runner, runs  # noqa: E402

pytestmark = pytest.mark.server

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
    assert sorted(info["named_endpoints"]) == ["/stylize", "/stylize_video"], "UI events must stay private"
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
    tools = httpx.get(f"{url}gradio_api/mcp/schema", timeout=patience(30)).json()
    tool = next(t for t in tools if t["name"] == "stylize")
    assert tool["description"].startswith(runner.API_DESCRIPTION)
    properties = tool["inputSchema"]["properties"]
    assert {"content", "style", "style2", "mask", "init_image", *PARAMS} <= set(properties)
    assert properties["content"]["description"] == runner.IMAGE_ARGS["content"]
    assert "time budget" in tool["description"] and "time-lapse" in tool["description"]


def test_the_api_page_describes_every_input(client):
    info = client.view_api(print_info=False, return_format="dict")["named_endpoints"]["/stylize"]
    assert info["description"] == runner.API_DESCRIPTION
    doc = runner.stylize.__doc__
    for name in ("content", "style", "style2", "mask", "init_image", *PARAMS):
        assert f"\n    {name}: " in doc, name
    assert f"seconds: {PARAMS['seconds'].help}" in doc


def test_tiny_run_streams_previews_and_returns_a_png_with_its_settings(client, monkeypatch):
    from webapp import runner

    monkeypatch.setattr(runner, "PREVIEW_EVERY", 0.0)  # every preview (the server runs in this process)
    job = submit(client, size=64, seconds=0, iterations=12, preview_every=3, seed=7, init="noise")
    final = job.result(timeout=patience(120))
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
    assert stored == StyleParams(size=64, seconds=0, iterations=12, preview_every=3, seed=7, init="noise")

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
        submit(client, **{"size": 64, "iterations": 2, **params}).result(timeout=patience(60))
    assert field in str(caught.value), str(caught.value)
    assert time.monotonic() - started < patience(30), "a refused request must not wait for a run"
    good = submit(client, size=48, iterations=2).result(timeout=patience(120))
    assert good[OUT["status"]].startswith("**Done**")


def test_a_diverged_run_shows_its_last_good_image_then_the_error(client):
    # No accepted weight diverges midway, but per-layer weights are unbounded: this overflows float32.
    job = submit(client, size=48, iterations=5, content_weight=1e12, content_layers="conv4_2:1e30")
    with pytest.raises(Exception, match="diverged"):
        job.result(timeout=patience(120))
    shown = [image_path(u[OUT["image"]]) for u in job.outputs() if u[OUT["image"]] and not is_update(u[OUT["image"]])]
    assert shown, "the last good image is sent before the error"
    with Image.open(shown[-1]) as img:
        assert max(img.size) == 48 and img.convert("L").getextrema()[1] > 30, "a real picture, not black"
    assert submit(client, size=48, iterations=2).result(timeout=patience(120))[OUT["status"]].startswith("**Done**")


def test_missing_image_is_a_clear_error(client):
    with pytest.raises(Exception, match="style image"):
        client.predict(content=handle_file(str(CONTENT)), style=None, size=64, iterations=2, api_name="/stylize")


def test_cancel_stops_the_engine_within_a_moment(client):
    job = submit(client, size=96, seconds=100, iterations=10000, preview_every=1)
    wait_until(lambda: runs.active() and len(job.outputs()) >= 3, 90, what="the run to start")
    job.cancel()
    started = time.monotonic()
    wait_until(lambda: runs.active() == 0, 5, what="the engine generator to close")
    assert time.monotonic() - started < patience(5)
    time.sleep(patience(0.5))  # updates already on the wire when the engine closed may still land
    count = len(job.outputs())
    time.sleep(patience(1.0))
    assert len(job.outputs()) == count, "no updates after Stop"
    assert submit(client, size=48, iterations=2).result(timeout=patience(120))[OUT["status"]].startswith("**Done**")


def test_runs_are_serialised_and_a_waiting_user_sees_their_place(url, client):
    first = submit(client, size=96, seconds=100, iterations=10000, preview_every=50)
    wait_until(lambda: runs.active() == 1 and first.status().code.name == "ITERATING", 90,
               what="the first run to start")
    second = Client(url, verbose=False).submit(content=handle_file(str(CONTENT)), style=handle_file(str(STYLE)),
                                               size=48, iterations=2, api_name="/stylize")
    status = wait_until(lambda: (st := second.status()).code.name == "IN_QUEUE" and st.rank is not None and st, 30,
                        what="the second request to wait in line")
    assert status.queue_size >= 1 and runs.active() == 1, "STYLER_CONCURRENCY defaults to one run at a time"
    first.cancel()
    assert second.result(timeout=patience(120))[OUT["status"]].startswith("**Done**"), "the next in line runs after"


def test_uploads_over_the_limit_are_refused(url):
    response = httpx.post(f"{url}gradio_api/upload", files={"files": ("big.png", b"\0" * (21 * 1024 * 1024))},
                          timeout=patience(60))
    assert response.status_code == 413


def test_python_app_py_serves_on_the_port_from_the_environment():
    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False"}
    server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        def page():
            try:
                return httpx.get(f"http://127.0.0.1:{port}/config", timeout=patience(2))
            except httpx.HTTPError:
                assert server.poll() is None, server.stdout.read()
                return None

        config = wait_until(page, 90, interval=0.3, what="python app.py to serve").json()
        assert config["title"] == "Neural style transfer"
        assert any(d.get("api_name") == "stylize" for d in config["dependencies"])
    finally:
        server.terminate()
        server.wait(timeout=patience(30))


# Files: nothing outside the uploads and examples/ is served or read ----------------------------------

@pytest.mark.parametrize("path", ["file=/etc/passwd", "gradio_api/file=/etc/passwd",
                                  f"gradio_api/file={ROOT / 'app.py'}",
                                  f"gradio_api/file={ROOT / 'styler' / 'params.py'}",
                                  "gradio_api/file=../../../../etc/passwd"])
def test_server_files_are_not_served(url, path):
    response = httpx.get(url + path, timeout=patience(10))
    assert response.status_code != 200
    assert "root:" not in response.text and "StyleParams" not in response.text


def test_examples_are_served(url):
    response = httpx.get(f"{url}gradio_api/file={EXAMPLES / 'photo_cat.jpg'}", timeout=patience(10))
    assert response.status_code == 200 and response.content[:2] == b"\xff\xd8"


def _raw_call(url: str, content, style) -> str:
    values = {**DEFAULTS.to_dict(), "size": 48, "iterations": 2}
    data = [content, style, None, None, None, *[values[name] for name in PARAMS]]  # no style2/mask/init
    joined = httpx.post(f"{url}gradio_api/call/stylize", json={"data": data}, timeout=patience(10))
    if joined.status_code != 200:  # refused before it joined the queue (the run's validator)
        return f"event: error\ndata: {joined.text}"
    return httpx.get(f"{url}gradio_api/call/stylize/{joined.json()['event_id']}", timeout=patience(120)).text


def test_run_reads_only_uploaded_files(url):
    uploaded = httpx.post(f"{url}gradio_api/upload", files={"files": STYLE.read_bytes()}, timeout=patience(10)).json()[0]
    style = {"path": uploaded, "meta": {"_type": "gradio.FileData"}}
    for content in ({"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}},
                    {"path": str(CONTENT), "meta": {"_type": "gradio.FileData"}},
                    "/etc/passwd", {"url": "file:///etc/passwd"}):
        answer = _raw_call(url, content, style)
        assert "event: complete" not in answer and "event: error" in answer, (content, answer[-300:])
        assert "root:" not in answer
    control = _raw_call(url, {"path": uploaded, "meta": {"_type": "gradio.FileData"}}, style)
    assert "event: complete" in control, control[-300:]


# Documentation ------------------------------------------------------------------------------------------

def test_the_readme_api_section_lists_every_input():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### API"):readme.index("### MCP")]
    for name in ("content", "style", "style2", "mask", "init_image", *PARAMS):
        assert f"`{name}`" in section, name


def test_the_app_builds_as_on_a_zerogpu_space():
    """With the variables ZeroGPU sets, the real `spaces` package takes over the engine call (it
    patches torch as installed here and wraps `run_engine`), and the page builds with ZeroGPU's
    limits. (No GPU here: nothing runs on one.)"""
    script = ("import webapp\nfrom styler import DEFAULTS\nfrom webapp import gpu, policy\n"
              "webapp.build_demo(webapp.ServerConfig.from_environment(), preload=False)\n"
              "long = DEFAULTS.replace(size=4096, iterations=10000, seconds=0)\n"
              "print(policy.server().on_zerogpu, hasattr(gpu.run_engine, '__wrapped__'), policy.server().max_seconds, "
              "policy.server().device, gpu.gpu_seconds(None, None, long))")
    env = {**os.environ, "SPACES_ZERO_GPU": "true", "SPACES_ZERO_DEVICE_API_URL": "http://127.0.0.1:9",
           "STYLER_GPU_DURATION": "33", "GRADIO_ANALYTICS_ENABLED": "False"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=patience(300))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True", "60", "cuda", "33"], done.stdout
