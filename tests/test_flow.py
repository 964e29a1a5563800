"""Optical flow, its reliability and warping, on textures moved by known shifts."""
import numpy as np
import pytest
from PIL import Image

from styler import flow
from synthetic_clips import shifted_frames, texture

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("step", [(3, 0), (0, -2), (4, 3)])
def test_flow_recovers_a_known_shift(step):
    a, b = shifted_frames(2, (96, 72), step)
    # b shows the texture moved by `step`: a(p) = b(p - step), so flow(a, b) is -step
    d = flow.flow(a, b)
    assert np.median(d[..., 0]) == pytest.approx(-step[0], abs=0.1)
    assert np.median(d[..., 1]) == pytest.approx(-step[1], abs=0.1)


def test_warping_the_previous_frame_reproduces_the_next():
    a, b = (Image.fromarray(f) for f in shifted_frames(2, (96, 72), (3, 2)))
    link = flow.pair(a, b)
    carried = np.asarray(link.carry(a), dtype=float)
    target = np.asarray(b, dtype=float)
    reliable = link.reliable > 0
    assert reliable.mean() > 0.8  # most of the picture is seen in both frames
    error = np.abs(carried - target)[reliable].mean()
    unwarped = np.abs(np.asarray(a, dtype=float) - target)[reliable].mean()
    assert error < 2.0 and error < unwarped / 10


def test_what_enters_the_picture_is_unreliable():
    a, b = (Image.fromarray(f) for f in shifted_frames(2, (96, 72), (6, 0)))
    link = flow.pair(a, b)
    # The texture moves left by 6 px: b's right edge was outside a.
    assert link.reliable[:, -4:].mean() < 0.2
    assert link.reliable[:, 10:80].mean() > 0.9


def test_occlusion_found_by_the_forward_backward_check():
    background = texture(96, 72, seed=1)
    square = texture(24, 24, seed=2)
    frames = []
    for x in (30, 40):  # a square moving right over a still background
        frame = background.copy()
        frame[24:48, x:x + 24] = square
        frames.append(frame)
    link = flow.pair(Image.fromarray(frames[0]), Image.fromarray(frames[1]))
    # Left of the square's new place, background appears that frame 0 hid, or the motion changes.
    assert link.reliable[28:44, 31:38].mean() < 0.5
    assert link.reliable[:, :20].mean() > 0.9


def test_temporal_error_of_a_clip_and_of_a_flickering_one():
    frames = [Image.fromarray(f) for f in shifted_frames(4, (96, 72), (2, 1))]
    floor = flow.temporal_error(frames, frames)
    rng = np.random.default_rng(0)
    flicker = [Image.fromarray(np.clip(np.asarray(f, dtype=int) + rng.integers(-30, 30, (72, 96, 3)), 0, 255)
                               .astype(np.uint8)) for f in frames]
    assert floor < 1e-3
    assert flow.temporal_error(flicker, frames) > 10 * floor
    with pytest.raises(ValueError):
        flow.temporal_error(frames[:1], frames[:1])
