"""What the optimiser changes: the image's pixels, or the levels of its Laplacian pyramid.

Optimising a Laplacian pyramid instead of raw pixels (as Kolkin et al. do in STROTSS and Neural
Neighbor Style Transfer) is a change of variables, and for a gradient method a preconditioner: a
coarse level's value moves a whole block of pixels together, so its gradient is the sum over that
block. Broad, coherent changes (strokes, shapes, light) then move fast and lone-pixel changes move
slowly, which is where the pixel grain of a short run comes from.

The levels are held in one flat tensor, so the optimisers (L-BFGS keeps one history vector) work on
it as they would on pixels. `image()` turns them back into pixels, differentiably; the
decomposition is exact, so a run starts from exactly the image it was given.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

COARSEST_SIDE = 16  # px: levels stop before the short side would fall under this
# How much each coarser level counts for relative to the next finer one. In pixels a band's share
# of a gradient step goes with its number of pixels (a level down has a quarter); at 0.5 every
# level gets the same share, so broad changes move faster than in pixels while the finest still
# move; at 1 the coarse levels take over (smooth, but the painting's detail comes too slowly).
LEVEL_GAIN = 0.5


def level_count(size: tuple[int, int], wanted: int) -> int:
    """How many levels below full resolution fit in an image of `size` (width, height)."""
    short = min(size)
    fits = int(math.floor(math.log2(short / COARSEST_SIDE))) if short > COARSEST_SIDE else 0
    return max(0, min(wanted, fits))


def _up(x: torch.Tensor, shape: torch.Size) -> torch.Tensor:
    return F.interpolate(x, size=shape[-2:], mode="bilinear", align_corners=False)


class Pixels:
    """The image itself is the variable (the paper's way)."""

    def __init__(self, image: torch.Tensor):
        self.variable = image.detach().clone().requires_grad_(True)

    def image(self) -> torch.Tensor:
        return self.variable

    def set_image(self, image: torch.Tensor) -> None:
        with torch.no_grad():
            self.variable.copy_(image)


class LaplacianPyramid:
    """The image as `levels` band-pass levels plus a low-pass residual, each scaled by
    LEVEL_GAIN per level down, in one flat tensor (`variable`)."""

    def __init__(self, image: torch.Tensor, levels: int):
        self.shapes = [image.shape]
        for _ in range(levels):
            shape = self.shapes[-1]
            self.shapes.append(torch.Size((*shape[:2], max(1, shape[2] // 2), max(1, shape[3] // 2))))
        self.sizes = [math.prod(s) for s in self.shapes]
        self.gains = [LEVEL_GAIN**k for k in range(len(self.shapes))]
        self.variable = torch.zeros(sum(self.sizes), device=image.device, dtype=image.dtype)
        self.set_image(image)
        self.variable.requires_grad_(True)

    def _decompose(self, image: torch.Tensor) -> list[torch.Tensor]:
        bands, current = [], image
        for shape in self.shapes[1:]:
            lower = F.interpolate(current, size=shape[-2:], mode="bilinear", antialias=True, align_corners=False)
            bands.append(current - _up(lower, current.shape))
            current = lower
        return [*bands, current]

    def set_image(self, image: torch.Tensor) -> None:
        with torch.no_grad():
            levels = self._decompose(image.detach())
            self.variable.copy_(torch.cat([(level / gain).flatten() for level, gain in zip(levels, self.gains)]))

    def image(self) -> torch.Tensor:
        levels = torch.split(self.variable, self.sizes)
        out = levels[-1].view(self.shapes[-1]) * self.gains[-1]
        for level, shape, gain in zip(reversed(levels[:-1]), reversed(self.shapes[:-1]), reversed(self.gains[:-1])):
            out = _up(out, shape) + level.view(shape) * gain
        return out


def parametrise(image: torch.Tensor, levels: int) -> Pixels | LaplacianPyramid:
    """The variable to optimise for `image`: its pixels, or (levels > 0) its Laplacian pyramid."""
    count = level_count((image.shape[3], image.shape[2]), levels)
    return LaplacianPyramid(image, count) if count > 0 else Pixels(image)
