"""What a person reads while a run goes on: the status line (webapp/status.py, in English and
Korean), the loss curve (webapp/loss_curve.py) and the time-lapse (webapp/timelapse.py)."""
from __future__ import annotations

import math

import pytest
from PIL import Image

from styler import StyleParams
from styler.engine import Progress
from webapp import i18n, status
from styler.params import LOSS_TERMS, TOTAL
from webapp.loss_curve import COLORS, CURVES, PALETTE, LossHistory, colors
from webapp.streaming import AT_LIMIT, STOPPED
from webapp.timelapse import FrameRecorder

pytestmark = pytest.mark.unit


def test_loss_history_is_bounded_and_log_scaled():
    history = LossHistory.for_params(StyleParams(tv_weight=0.0, style_weight=0.0))
    for i in range(1, 2001):
        history.add(i, {"total": 10.0 / i, "content": 1.0 if i > 1 else 0.0, "style": 0.0, "tv": float("nan")})
    frame = history.frame(max_points=300)
    assert frame["iteration"].nunique() <= 301 and frame["iteration"].max() == 2000
    assert set(frame["term"]) == {"total", "content"}, "terms whose weight is 0 are left out"
    first = frame[frame.iteration == 1].set_index("term")["log10 loss"]
    assert first["total"] == pytest.approx(1.0)
    assert math.isnan(first["content"]), "a zero loss has no log, but the term is there from the start"


def test_every_loss_term_has_its_curve_colour_and_its_words():
    assert set(CURVES) == {TOTAL, *LOSS_TERMS} and set(COLORS) == set(CURVES)
    for term in LOSS_TERMS:  # the status line names each term, in both languages (a missing text raises)
        assert all("1.5" in i18n.say(lang, f"loss.{term}", value="1.5") for lang in ("en", "ko")), term
    many = tuple(f"term{i}" for i in range(len(PALETTE) + 3))  # a loss with more terms than colours
    assigned = colors(many)
    assert set(assigned) == set(many) and set(assigned.values()) == set(PALETTE)
    assert all(assigned[a] != assigned[b] for a, b in zip(many, many[1:])), "neighbours in the legend differ"


def _progress(**changes) -> Progress:
    values = dict(iteration=3, total=12, losses={"total": 12.5, "content": 10.0, "style": 2.5, "tv": 0.0},
                  elapsed=1.5, size=(64, 43), device="NVIDIA H200, TF32")
    return Progress(**{**values, **changes})


def test_the_status_line_leads_with_the_time_left():
    line = status.line(_progress(), "en")
    headline, details = line.split("\n\n")
    assert headline == "**About 4 s left** · stylising at 64×43 px"  # the key figure first, rounded
    for piece in ("iteration 3/12", "loss 12.5", "content 10", "style 2.5", "2 s elapsed", "on NVIDIA H200, TF32"):
        assert piece in details, (piece, details)
    assert "tv" not in details, "a term that is 0 is left out"
    assert details.startswith("<small>") and details.endswith("</small>")
    stopped = status.line(_progress(), "en", STOPPED)
    assert stopped.startswith("**Stopped** after 2 s") and "iteration 3/12" in stopped and "left" not in stopped
    assert "limit of 2 min a run" in status.line(_progress(), "en", AT_LIMIT)
    budget = status.line(_progress(budget=20.0, total=40), "en")
    assert "iteration 3 of about 40" in budget and "**About 18 s left**" in budget
    scaled = status.line(_progress(scale=1, scales=3, done=True), "en", status.DONE)
    assert scaled.startswith("**Done** after 2 s · 64×43 px, scale 1/3")


def test_the_status_line_shows_the_alpha_beta_in_use():
    """The balance may correct the slider's alpha for this painting: the line says what the run uses."""
    corrected = status.line(_progress(content_weight=3e-2, style_weight=1e3), "en")
    assert "α/β = 3·10⁻⁵" in corrected
    assert "α/β" not in status.line(_progress(), "en"), "a record without weights (a clip's) shows none"


def test_the_status_line_in_korean():
    line = status.line(_progress(scale=2, scales=3), "ko")
    assert line.startswith("**약 4초 남음** · 64×43 px, 단계 2/3에서")
    assert "반복 3/12" in line and "손실 12.5 (콘텐츠 10, 스타일 2.5)" in line and "2초 경과" in line
    assert status.line(_progress(), "ko", STOPPED).startswith("2초 후 **중지됨**")
    assert i18n.duration(None, "ko") == "?" and i18n.duration(4.4) == "4 s"


def test_timelapse_keeps_few_frames_and_the_last():
    recorder = FrameRecorder(max_frames=10, max_side=64)
    for i in range(200):
        recorder.add(Image.new("RGB", (300, 200), (i, 0, 0)), final=i == 199)
    assert 2 <= len(recorder) <= 10
    assert recorder.frames[-1].getpixel((0, 0))[0] == 199 and max(recorder.frames[-1].size) == 64
