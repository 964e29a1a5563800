"""Optical flow between a clip's frames, its reliability, and warping along it.

Flow is OpenCV's DIS (Kroeger et al. 2016): no weights, fast on a CPU. Conventions: `flow(a, b)`
is the displacement d with a(p) ~ b(p + d(p)), so a picture of frame a's time is brought into
frame b's by sampling it at p + flow(b, a)(p) (`warp`).

Reliability follows Ruder, Dosovitskiy & Brox (GCPR 2016): a pixel is unreliable where the forward
and backward flows disagree (it was occluded, or the flow is wrong there), at motion boundaries
(where the flow's gradient is large) and where the flow leads outside the picture.

`temporal_error` is Lai et al.'s (ECCV 2018) warping error of a clip, against the input's flow.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np
from PIL import Image


def _grey(image: Image.Image | np.ndarray) -> np.ndarray:
    array = np.asarray(image)
    if array.ndim == 3:
        array = cv2.cvtColor(np.ascontiguousarray(array[..., :3]), cv2.COLOR_RGB2GRAY)
    return np.ascontiguousarray(array, dtype=np.uint8)


def flow(a: Image.Image | np.ndarray, b: Image.Image | np.ndarray) -> np.ndarray:
    """HxWx2 float32 displacement (x, y) from picture a to picture b: a(p) ~ b(p + d(p))."""
    dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    return dis.calc(_grey(a), _grey(b), None)


def _sample_positions(displacement: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    height, width = displacement.shape[:2]
    xs, ys = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    return xs + displacement[..., 0], ys + displacement[..., 1]


def warp(image: Image.Image | np.ndarray, displacement: np.ndarray, sharp: bool = False) -> np.ndarray:
    """`image` sampled at p + displacement(p) (bilinear, or bicubic when `sharp`; the border
    repeated): with the backward flow flow(b, a), a picture of frame a's time seen at frame b's.
    Returns an array like `image`'s."""
    array = np.asarray(image)
    map_x, map_y = _sample_positions(displacement)
    return cv2.remap(array, map_x, map_y, interpolation=cv2.INTER_CUBIC if sharp else cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)


def reliability(forward: np.ndarray, backward: np.ndarray) -> np.ndarray:
    """HxW float32 mask, 1 where the backward flow (frame b -> a) can be trusted, 0 where not.

    `forward` is flow(a, b), `backward` flow(b, a). Ruder et al.'s tests: the forward flow, followed
    from where the backward flow lands, should cancel it; and motion boundaries are left out."""
    height, width = backward.shape[:2]
    map_x, map_y = _sample_positions(backward)
    followed = cv2.remap(forward, map_x, map_y, interpolation=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    disagreement = ((followed + backward) ** 2).sum(axis=2)
    scale = (followed**2).sum(axis=2) + (backward**2).sum(axis=2)
    occluded = disagreement > 0.01 * scale + 0.5
    du_y, du_x = np.gradient(backward[..., 0])
    dv_y, dv_x = np.gradient(backward[..., 1])
    boundary = du_x**2 + du_y**2 + dv_x**2 + dv_y**2 > 0.01 * (backward**2).sum(axis=2) + 0.002
    outside = (map_x < 0) | (map_x > width - 1) | (map_y < 0) | (map_y > height - 1)
    return (~(occluded | boundary | outside)).astype(np.float32)


@dataclass(frozen=True)
class FramePair:
    """What carries a picture from frame a to the next frame b: the backward flow and where it holds."""

    backward: np.ndarray  # flow(b, a)
    reliable: np.ndarray  # HxW in {0, 1}

    def carry(self, picture: Image.Image) -> Image.Image:
        """A picture of frame a's time brought to frame b's: bicubic, since a result is carried
        from frame to frame and bilinear sampling would soften it a little more each time."""
        return Image.fromarray(warp(np.asarray(picture.convert("RGB")), self.backward, sharp=True))


def pair(a: Image.Image, b: Image.Image) -> FramePair:
    """The flow from frame a to the next frame b, both ways, and its reliability."""
    backward = flow(b, a)
    return FramePair(backward, reliability(flow(a, b), backward))


def temporal_error(results: Sequence[Image.Image], inputs: Sequence[Image.Image],
                   pairs: Sequence[FramePair] | None = None) -> float:
    """Lai et al.'s warping error: over consecutive frames, the mean squared difference (0..1 pixel
    scale, per channel) between a result frame and the previous result frame warped by the input's
    flow, at the pixels where that flow is reliable. `results` may be `inputs` (the floor)."""
    if len(results) != len(inputs) or len(results) < 2:
        raise ValueError("temporal_error needs two or more result frames, one per input frame")
    pairs = pairs or [pair(a, b) for a, b in zip(inputs, inputs[1:])]
    errors = []
    for previous, current, link in zip(results, results[1:], pairs):
        warped = warp(np.asarray(previous.convert("RGB"), dtype=np.float32) / 255, link.backward)
        difference = (np.asarray(current.convert("RGB"), dtype=np.float32) / 255 - warped) ** 2
        mask = link.reliable[..., None]
        count = mask.sum() * 3
        if count > 0:
            errors.append(float((difference * mask).sum() / count))
    return float(np.mean(errors)) if errors else 0.0
