"""Generate the project's own procedural style image (CC0).

Writes ``painting_stained_glass.jpg`` next to this script: a stained-glass
window made of Voronoi cells in bold colours, mottled like hand-made glass and
held together by dark "lead" lines.  Uses only numpy and Pillow and a fixed
seed, so every run produces the same picture.

    python examples/make_procedural.py
"""

from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

SEED = 1234
WIDTH, HEIGHT = 768, 576
GRID_X, GRID_Y = 16, 12  # panes per row / column before jittering
LEAD_WIDTH = 3.0  # in pixels, half the gap between neighbouring cells

# Saturated glass colours (RGB).
PALETTE = np.array(
    [
        (196, 30, 36),  # ruby red
        (232, 118, 20),  # amber
        (245, 196, 38),  # golden yellow
        (32, 120, 60),  # emerald
        (100, 170, 60),  # leaf green
        (20, 60, 150),  # cobalt blue
        (40, 140, 200),  # sky blue
        (110, 40, 130),  # violet
        (20, 150, 150),  # turquoise
    ],
    dtype=np.float32,
)


def smooth_noise(rng, cells_x, cells_y, blur=0):
    """Low-frequency noise in [0, 1] of size WIDTH x HEIGHT."""
    small = rng.random((cells_y, cells_x)).astype(np.float32)
    img = Image.fromarray((small * 255).astype(np.uint8)).resize((WIDTH, HEIGHT), Image.BICUBIC)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    return np.asarray(img, dtype=np.float32) / 255.0


def voronoi(points):
    """Index of nearest point and gap to the second nearest, per pixel."""
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    nearest = np.zeros((HEIGHT, WIDTH), dtype=np.int32)
    gap = np.zeros((HEIGHT, WIDTH), dtype=np.float32)
    for y0 in range(0, HEIGHT, 64):  # row bands keep memory small
        bx, by = xs[y0 : y0 + 64, :, None], ys[y0 : y0 + 64, :, None]
        d = np.sqrt((bx - points[:, 0]) ** 2 + (by - points[:, 1]) ** 2)
        two = np.partition(d, 1, axis=-1)[..., :2]
        nearest[y0 : y0 + 64] = np.argmin(d, axis=-1)
        gap[y0 : y0 + 64] = (two[..., 1] - two[..., 0]) / 2.0  # distance to the edge
    return nearest, gap


def make_stained_glass():
    rng = np.random.default_rng(SEED)

    # Cell centres: a jittered grid gives evenly sized but irregular panes.
    gx, gy = GRID_X, GRID_Y
    cx = (np.arange(gx) + 0.5) * WIDTH / gx
    cy = (np.arange(gy) + 0.5) * HEIGHT / gy
    grid = np.stack(np.meshgrid(cx, cy), axis=-1).reshape(-1, 2)
    grid += rng.uniform(-0.4, 0.4, grid.shape) * [WIDTH / gx, HEIGHT / gy]
    points = grid.astype(np.float32)

    nearest, gap = voronoi(points)

    # One colour per pane, with a slight random tint so repeats are not flat.
    colours = PALETTE[rng.integers(0, len(PALETTE), len(points))]
    colours *= rng.uniform(0.8, 1.15, (len(points), 1))
    img = colours[nearest]

    # Glass mottling: coarse + fine noise, and a bright centre in each pane.
    mottle = 0.75 + 0.35 * smooth_noise(rng, 40, 30) + 0.15 * smooth_noise(rng, 160, 120)
    glow = np.clip(gap / 25.0, 0.0, 1.0) ** 0.6
    img = img * mottle[..., None] * (0.7 + 0.45 * glow[..., None])

    # Light falling through the window: brighter towards the upper centre.
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    light = 1.1 - 0.35 * np.hypot((xs - WIDTH * 0.5) / WIDTH, (ys - HEIGHT * 0.3) / HEIGHT)
    img *= light[..., None]

    # Lead lines between panes (soft edge), slightly uneven in width.
    width = LEAD_WIDTH * (0.8 + 0.5 * smooth_noise(rng, 60, 45))
    lead = np.clip((gap - width) / 1.5, 0.0, 1.0)
    img = img * lead[..., None] + np.array([28, 24, 22], np.float32) * (1.0 - lead[..., None])

    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")


if __name__ == "__main__":
    out = Path(__file__).resolve().parent / "painting_stained_glass.jpg"
    make_stained_glass().save(out, "JPEG", quality=90)
    print(f"wrote {out}")
