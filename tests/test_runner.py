"""The Run event in-process (webapp/runner.py through webapp/streaming.py): the real engine at
64 px at most, one update per iteration, Stop, errors and remarks for people, in their language."""
from __future__ import annotations

import os
import time

import gradio as gr
import pytest
from PIL import Image

from helpers import CONTENT, STYLE
from webapp import runner, runs

pytestmark = pytest.mark.engine

OUT = {name: i for i, name in enumerate(runner.OUTPUTS)}


class Request:
    """What the handlers read of Gradio's request: the browser session and the language headers."""

    def __init__(self, session: str | None = None, language: str = ""):
        self.session_hash = session
        self.headers = {"accept-language": language} if language else {}


def _payload(path) -> dict:
    return {"path": str(path), "orig_name": os.path.basename(path), "meta": {"_type": "gradio.FileData"}}


def test_stop_request_ends_the_run_gracefully_keeping_its_last_image():
    request = Request("test-session")
    run = runner.stylize(_payload(CONTENT), _payload(STYLE), request=request, size=64, iterations=500, preview_every=2,
                         seconds=0)
    updates = [next(run), next(run), next(run)]  # "Starting", iteration 1 (a preview), iteration 2
    assert runs.active() == 1 and runs.is_running("test-session")
    runs.request_stop("someone-else")  # another session's Stop does not touch this run
    updates.append(next(run))
    runs.request_stop("test-session")
    rest = list(run)
    assert runs.active() == 0 and not runs.is_running("test-session")
    assert len(rest) == 1, "the run ends at the next iteration"
    assert rest[0][OUT["status"]].startswith("**Stopped**") and "iteration 4/500" in rest[0][OUT["status"]]
    assert rest[0][OUT["png_file"]] == {"__type__": "update"}  # unchanged: a stopped run has no download
    shown = updates[1][OUT["image"]]  # a file of the run's own folder (removed once the page has it)
    assert isinstance(shown, str) and shown.endswith(".png"), "previews were shown before the stop"
    assert runs.take_stop("someone-else")

    # Stop pressed while the run waits in line: it ends as soon as it starts, doing no work.
    runs.request_stop("test-session")
    queued = list(runner.stylize(_payload(CONTENT), _payload(STYLE), request=request, size=64, iterations=500))
    assert queued[-1][OUT["status"]].startswith("**Stopped** before it started") and len(queued) == 2


def test_a_fast_run_sends_at_most_five_previews_a_second_and_a_stopped_one_its_last(monkeypatch):
    """Each preview is a PNG on the server and a redraw in the browser: a tiny run making one every
    iteration sends them no more often than PREVIEW_EVERY; Stop still shows the last one made."""
    request = Request("preview-session")
    started = time.monotonic()
    updates = list(runner.stylize(_payload(CONTENT), _payload(STYLE), request=request, size=48, iterations=200,
                                  preview_every=1, seconds=0))
    elapsed = time.monotonic() - started
    previews = [u for u in updates[1:-1] if isinstance(u[OUT["image"]], str)]
    assert 1 <= len(previews) <= elapsed / runner.PREVIEW_EVERY + 1, (len(previews), elapsed)
    assert len(updates) >= 200 and updates[-1][OUT["status"]].startswith("**Done**")

    monkeypatch.setattr(runner, "PREVIEW_EVERY", 1e6)  # only the first preview goes out before Stop
    run = runner.stylize(_payload(CONTENT), _payload(STYLE), request=request, size=48, iterations=5000,
                         preview_every=1, seconds=0)
    before_stop = [next(run)[OUT["image"]] for _ in range(6)]  # "Starting", then iterations 1-5
    runs.request_stop("preview-session")
    last = list(run)[-1]
    shown_before = [image for image in before_stop if isinstance(image, str)]
    assert len(shown_before) == 1 and last[OUT["status"]].startswith("**Stopped**")
    assert isinstance(last[OUT["image"]], str) and last[OUT["image"]] != shown_before[0], \
        "the stopped run shows its last picture, which the throttle had held back"


def test_engine_notes_become_warnings(monkeypatch, tmp_path):
    frames = [Image.open(CONTENT).convert("RGB").resize((96, 64)), Image.new("RGB", (96, 64), "blue")]
    animated = tmp_path / "animated.gif"
    frames[0].save(animated, save_all=True, append_images=frames[1:], duration=100)
    warned = []
    monkeypatch.setattr(gr, "Warning", lambda message, *a, **k: warned.append(message))
    updates = list(runner.stylize(_payload(animated), _payload(STYLE), size=48, iterations=2))
    assert updates[-1][OUT["status"]].startswith("**Done**")
    assert any("animated" in w for w in warned), warned


def test_a_korean_browser_reads_the_run_and_its_errors_in_korean(monkeypatch, tmp_path):
    korean = Request("korean-session", "ko-KR,ko;q=0.9,en;q=0.8")
    updates = list(runner.stylize(_payload(CONTENT), _payload(STYLE), request=korean, size=48, iterations=2,
                                  seconds=0))
    assert updates[0][OUT["status"]].endswith("중** · 48 px · 반복 2회") or "(첫 실행만) · 48 px · 반복 2회" in \
        updates[0][OUT["status"]]  # starting, or loading the network first
    assert "후 **완료**" in updates[-1][OUT["status"]] and "반복 2/2" in updates[-1][OUT["status"]]
    with pytest.raises(gr.Error) as refused:
        list(runner.stylize(None, _payload(STYLE), request=korean, size=48, iterations=2))
    assert refused.value.message == "콘텐츠 사진: 이미지가 없습니다. 업로드하거나 예시를 고르세요."
    with pytest.raises(gr.Error) as too_big:
        runner.check(request=korean, size=100_000)
    assert too_big.value.message.startswith("출력 크기 (px): 범위를 벗어난 값입니다: 100000")
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"%PDF-1.4 not an image")
    with pytest.raises(gr.Error) as unreadable:
        list(runner.stylize(_payload(broken), _payload(STYLE), request=korean, size=48, iterations=2))
    assert unreadable.value.message.startswith("콘텐츠 사진 'broken.png': 읽을 수 없습니다. 이미지가 아니라 PDF 문서입니다.")
    # The validator, which refuses before the job joins the queue, answers in the same language.
    refusals = [r["message"] for r in runner.validate(request=korean, size=100_000) if r]
    assert refusals and all(m.startswith("출력 크기 (px): 범위를 벗어난 값입니다: 100000") for m in refusals)
    from webapp import video_tab
    clip_refusals = [r["message"] for r in video_tab.validate(request=korean, size=100_000) if r]
    english = [r["message"] for r in video_tab.validate(request=Request("e", "en-US"), size=100_000) if r]
    assert len(clip_refusals) == len(english) == 1 and clip_refusals != english
    assert any("\uac00" <= ch <= "\ud7a3" for ch in clip_refusals[0]), clip_refusals  # written in Hangul
    # The same request from an English browser (or an API client, which sends no language).
    with pytest.raises(gr.Error, match="No content image was given"):
        list(runner.stylize(None, _payload(STYLE), request=Request("english-session", "en-US"), size=48))


def test_each_upload_is_decoded_once_and_the_settings_validated_once(monkeypatch, tmp_path):
    """A page Run: its check, the run's validator, then the run. The settings become StyleParams once
    (the check's, handed on); each image is decoded once, in the run, at the size it needs."""
    from styler import StyleParams, images

    decoded, parsed = [], []
    real_decode, real_from_dict = images._decode, StyleParams.from_dict.__func__
    monkeypatch.setattr(images, "_decode", lambda image, role, *a, **k: decoded.append(role) or
                        real_decode(image, role, *a, **k))
    monkeypatch.setattr(StyleParams, "from_dict", classmethod(lambda cls, values: parsed.append(1) or
                                                              real_from_dict(cls, values)))
    mask = tmp_path / "mask.png"
    Image.new("L", (90, 60), 255).save(mask)
    request = Request("once-session")
    images_in = (_payload(CONTENT), _payload(STYLE), _payload(STYLE), _payload(mask), _payload(CONTENT))
    settings = dict(size=48, iterations=2, seconds=0, style_blend="1,1")
    runner.check(*images_in, request=request, **settings)
    assert all(result is None for result in runner.validate(*images_in, request=request, **settings))
    updates = list(runner.stylize(*images_in, request=request, **settings))
    assert updates[-1][OUT["status"]].startswith("**Done**")
    assert len(parsed) == 1, "the settings were validated more than once"
    assert sorted(decoded) == sorted(["content", "style", "second style", "mask", "start"])

    # Values changed after the check (or a run nobody checked) are validated by the run itself.
    parsed.clear()
    runner.check(*images_in[:2], request=request, size=48, iterations=2, seconds=0)
    with pytest.raises(gr.Error, match="iterations: 0 is out of range"):
        next(runner.stylize(*images_in[:2], request=request, size=48, iterations=0, seconds=0))
    assert len(parsed) == 2
