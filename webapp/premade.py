"""Results made ahead for every example photo x painting pair the page suggests, so that a visitor
sees finished pictures, and how they formed, before waiting for anything.

    python examples/make_results.py     # regenerates examples/results/ (`--only pairs` or `figures`)

Each is the default Run (`SETTINGS`: StyleParams() as the page's Run starts it, 384 px within its
30 s budget, on the CPU), so what a visitor sees first is what Run gives; kept small: the result
as a JPEG, the time-lapse as an animated WebP (far smaller than a GIF of these noisy frames).
Picking an example pair on the page shows its result, labelled as made ahead, until Run. The
"How it works" figures are made ahead too (`figure_preview`), on the first photo and painting.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from styler import StyleParams
from styler.figures import figure_panels
from styler.messages import Message
from styler.presets import preset

from .gallery import EXAMPLES_DIR, Example, paintings, photos

RESULTS_DIR = EXAMPLES_DIR / "results"
SETTINGS = StyleParams(device="cpu")
SETTINGS_FILE = RESULTS_DIR / "settings.json"  # what the results were made with, written by the command
TIMELAPSE_SIDE, TIMELAPSE_FRAMES = 160, 8
JPEG_QUALITY = 82
FRAME_MS, HOLD_MS = 150, 2000


def shipped_settings() -> StyleParams | None:
    """The settings the shipped example results were made with (None if not recorded)."""
    try:
        return StyleParams.from_dict(json.loads(SETTINGS_FILE.read_text()))
    except (OSError, ValueError):
        return None


def result_paths(photo: Example | Path, painting: Example | Path) -> tuple[Path, Path]:
    """(result JPEG, time-lapse WebP) of a pair, whether made or not."""
    photo_path = photo.path if isinstance(photo, Example) else photo
    painting_path = painting.path if isinstance(painting, Example) else painting
    stem = f"{photo_path.stem}+{painting_path.stem}"
    return RESULTS_DIR / f"{stem}.jpg", RESULTS_DIR / f"{stem}.webp"


def _digest(path: str | Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


@lru_cache(maxsize=1)
def _examples_by_digest() -> dict[tuple[int, str], Path]:
    """The example images by (size, hash of their bytes): an upload or a copy in Gradio's cache is
    matched by what it is, not by its name (a visitor's own photo_cat.jpg is not the example)."""
    return {(e.path.stat().st_size, digest): e.path for e in [*photos(), *paintings()] if (digest := _digest(e.path))}


def _example(path: str | Path) -> Path | None:
    known = _examples_by_digest()
    try:
        size = Path(path).stat().st_size
    except OSError:
        return None
    if not any(size == known_size for known_size, _ in known):  # an upload is hashed only when it may match
        return None
    return known.get((size, _digest(path)))


def find(content_path: str | Path | None, style_path: str | Path | None) -> tuple[Path, Path] | None:
    """The made-ahead (result, time-lapse) for these two images, if they are an example pair."""
    if not content_path or not style_path:
        return None
    photo, painting = _example(content_path), _example(style_path)
    if photo is None or painting is None:
        return None
    result, timelapse = result_paths(photo, painting)
    return (result, timelapse) if result.is_file() and timelapse.is_file() else None


# "How it works": each figure made ahead on the first example photo and painting, at the tab's
# default settings, one small JPEG per panel.

# The Video tab's example: the example clip repainted with the Fast preview look at exact iterations
# (the same frames on any machine), kept small.
CLIP = EXAMPLES_DIR / "clip_leuven_pan.mp4"
CLIP_PAINTING = EXAMPLES_DIR / "painting_starry_night.jpg"
CLIP_SETTINGS = preset("Fast preview", size=256, seconds=0, iterations=60, device="cpu")
CLIP_FRAME_ITERATIONS = 12
CLIP_CRF = 30  # H.264 quality: a small file


def clip_result_path() -> Path:
    """The example clip's result made ahead (an MP4), whether made or not."""
    return RESULTS_DIR / f"{CLIP.stem}+{CLIP_PAINTING.stem}.mp4"


FIGURES_DIR = RESULTS_DIR / "figures"
FIGURE_SIZE, FIGURE_ITERATIONS = 96, 100  # the tab's defaults: small, so that a figure runs in minutes
PREVIEWS_PER_PANEL = 5  # preview images a live panel streams (besides its final one)
# What the figures are made ahead with (each panel from figure_base of these).
FIGURE_SETTINGS = preset("Paper (Fig. 3)", size=FIGURE_SIZE, iterations=FIGURE_ITERATIONS, device="cpu")


def figure_base(params: StyleParams) -> StyleParams:
    """The settings every panel of a figure starts from: the tab's size and iterations."""
    return params.replace(preview_every=max(1, params.iterations // PREVIEWS_PER_PANEL))


def figure_panel_paths(figure: str) -> list[tuple[Path, Message]]:
    """(JPEG, label) of each panel of a figure made ahead, whether made or not."""
    base = figure_base(FIGURE_SETTINGS)
    return [(FIGURES_DIR / f"{figure}-{i:02d}.jpg", panel.label) for i, panel in enumerate(figure_panels(figure, base))]


def figure_panels_made(figure: str) -> list[tuple[str, Message]]:
    """(JPEG, label) of each panel of a figure made ahead (empty if it has not been made)."""
    panels = figure_panel_paths(figure)
    if not all(path.is_file() for path, _ in panels):
        return []
    return [(str(path), label) for path, label in panels]


def figure_preview(figure: str) -> list[tuple[str, str]]:
    """The gallery value of a figure made ahead, its labels in English (empty if it has not been made)."""
    return [(path, str(label)) for path, label in figure_panels_made(figure)]
