"""The temporal term of a video frame's objective (Ruder, Dosovitskiy & Brox, GCPR 2016).

A later frame of a clip is pulled toward the previous frame's result, warped along the optical
flow into this frame, wherever the flow is reliable:

    L_temporal = weight * mean over pixels of  c * (x - w)^2     (x, w in 0..1 pixel scale)

with `c` the reliability mask (0 at occlusions and motion boundaries, 1 elsewhere). The engine
adds it to the total loss when `stylize(..., temporal=Temporal(...))` is given.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image


@dataclass(frozen=True)
class Temporal:
    """The warped previous result (an RGB image), its reliability (an HxW array in 0..1, the
    image's size) and the term's weight."""

    warped: Image.Image
    reliable: np.ndarray
    weight: float

    def __post_init__(self):
        if self.reliable.shape != (self.warped.height, self.warped.width):
            raise ValueError("the reliability mask and the warped result differ in size")

    def term(self, size: tuple[int, int], device: torch.device, preserve_color: str = "off") -> "TemporalTerm":
        """The term at an optimisation scale of `size` (width, height), on `device`."""
        width, height = size
        target = torch.from_numpy(np.asarray(self.warped.convert("RGB"), dtype=np.float32))
        target = target.permute(2, 0, 1).unsqueeze(0)
        mask = torch.from_numpy(np.ascontiguousarray(self.reliable, dtype=np.float32))[None, None]
        if (height, width) != tuple(target.shape[2:]):
            target = torch.nn.functional.interpolate(target, size=(height, width), mode="bilinear",
                                                     antialias=True, align_corners=False)
            mask = torch.nn.functional.interpolate(mask, size=(height, width), mode="area")
        if preserve_color == "luminance":  # the optimisation runs on grey luminance there
            y = (0.299 * target[:, :1] + 0.587 * target[:, 1:2] + 0.114 * target[:, 2:])
            target = y.expand(-1, 3, -1, -1).contiguous()
        return TemporalTerm(target.to(device) / 255.0, mask.to(device), self.weight)


class TemporalTerm:
    """weight * mean(c * (x/255 - w)^2), for an iterate x in 0..255."""

    def __init__(self, target: torch.Tensor, mask: torch.Tensor, weight: float):
        self.target = target
        self.mask = mask
        self.weight = weight

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        difference = x / 255.0 - self.target
        return self.weight * (self.mask * difference.pow(2)).mean()
