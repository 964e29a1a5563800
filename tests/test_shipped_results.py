"""The results shipped in examples/results/ are what `python examples/make_results.py` makes with
this engine and the settings that command reads (webapp.premade), on any CPU.

The example pairs are the default Run, which ends on a time budget: how far it gets depends on the
machine and its load, so no fresh run can be held against them. The command records the settings
it used beside them, and those must be today's (a change of the default look without regenerating
fails). The figure panels run a fixed number of iterations, so they are checked against a fresh
run, by their look:

L-BFGS amplifies floating-point rounding, and rounding differs between CPUs and thread counts, so
a fresh run never repeats the shipped pixels exactly: its strokes differ in detail. The pictures
are compared by their look instead: each square of LOOK_BLOCK x LOOK_BLOCK pixels averaged into
one (the strokes average away, the picture's layout and colours stay) and the mean difference of
the two looks taken in grey levels. Every run of this module proves the
tolerance both ways, at the shipped settings: a run whose rounding was moved on purpose (the photo
jittered by one grey level) stays within it, and a real change of the engine (a style weight three
times larger) does not.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from styler import StyleParams, stylize
from styler.figures import figure_panels
from webapp import premade
from webapp.gallery import paintings, photos

pytestmark = [pytest.mark.engine, pytest.mark.usefixtures("one_torch_thread")]

LOOK_BLOCK = 16  # px averaged into one pixel of a picture's look
TOLERANCE = 2.0  # grey levels (of 255), mean difference between two looks


@dataclass(frozen=True)
class Shipped:
    """A made-ahead picture and what the command makes it from."""

    path: Path
    photo: Path
    painting: Path
    params: StyleParams


def _figure_panel() -> Shipped:
    panel = figure_panels("init", premade.figure_base(premade.FIGURE_SETTINGS))[1]  # from the photo
    path, label = premade.figure_panel_paths("init")[1]
    assert label == panel.label
    return Shipped(path, photos()[0].path, paintings()[0].path, panel.params)


SHIPPED = {"figure panel": _figure_panel}


def make(shipped: Shipped, content=None, **changes) -> Image.Image:
    """The picture as the command makes and saves it (a JPEG at its quality), read back."""
    for progress in stylize(content or shipped.photo, shipped.painting, shipped.params.replace(**changes)):
        pass
    encoded = io.BytesIO()
    progress.image.save(encoded, format="JPEG", quality=premade.JPEG_QUALITY, optimize=True)
    return Image.open(encoded).convert("RGB")


def look(image: Image.Image) -> np.ndarray:
    width, height = image.size
    small = image.convert("RGB").resize((max(1, round(width / LOOK_BLOCK)), max(1, round(height / LOOK_BLOCK))),
                                        Image.BOX)
    return np.asarray(small, dtype=float)


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean difference of two pictures' looks, in grey levels."""
    return float(np.abs(look(a) - look(b)).mean())


def jittered(path: Path) -> Image.Image:
    """The photo with each value moved by -1, 0 or +1: the same photo to any eye, other rounding
    from the first iteration on."""
    values = np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)
    noise = np.random.default_rng(0).integers(-1, 2, values.shape)
    return Image.fromarray(np.clip(values + noise, 0, 255).astype(np.uint8))


@pytest.fixture(scope="module", params=list(SHIPPED))
def case(request) -> tuple[Shipped, Image.Image]:
    """(what was shipped, the same picture made here now)."""
    shipped = SHIPPED[request.param]()
    return shipped, make(shipped)


def test_the_example_results_were_made_with_todays_default_run():
    assert premade.shipped_settings() == premade.SETTINGS, \
        "the default Run changed since the examples were made: regenerate with python examples/make_results.py"
    assert premade.SETTINGS.replace(device="auto") == StyleParams(), "made by the default Run"


def test_a_shipped_result_is_what_the_command_makes_here(case):
    shipped, fresh = case
    with Image.open(shipped.path) as image:
        assert image.size == fresh.size, "made at the command's size"
        gap = difference(image, fresh)
    assert gap < TOLERANCE, (f"{shipped.path.name} looks {gap:.1f} grey levels away from what the engine makes "
                             f"now: regenerate with python examples/make_results.py")


def test_other_rounding_stays_within_the_tolerance(case):
    shipped, fresh = case
    other = make(shipped, content=jittered(shipped.photo))
    pixels = float(np.abs(np.asarray(other, dtype=float) - np.asarray(fresh, dtype=float)).mean())
    assert pixels > 0.5, "the jitter changed the strokes (else this proves nothing)"
    assert difference(other, fresh) < TOLERANCE


def test_a_real_change_of_the_engine_does_not(case):
    shipped, fresh = case
    changed = make(shipped, style_weight=shipped.params.style_weight * 3)
    assert difference(changed, fresh) > TOLERANCE
