"""python -m styler: a PNG with its settings on success, one line and a non-zero exit on bad input."""
import re
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from helpers import EXAMPLES, ROOT, patience
from styler.cli import main
from styler.metadata import read_params

pytestmark = pytest.mark.engine

PHOTO, PAINTING = str(EXAMPLES / "photo_cat.jpg"), str(EXAMPLES / "painting_starry_night.jpg")
TINY = ["--size", "48", "--iterations", "4", "--preview-every", "2"]


def test_success_writes_a_png_with_its_parameters(tmp_path):
    out = tmp_path / "result.png"
    proc = subprocess.run([sys.executable, "-m", "styler", PHOTO, PAINTING, "-o", str(out), *TINY, "--seed", "5",
                           "--save-every", "2"], cwd=ROOT, capture_output=True, text=True, timeout=patience(300))
    assert proc.returncode == 0, proc.stderr
    assert "iteration 4/4" in proc.stderr and "s left" in proc.stderr
    image = Image.open(out)
    assert image.format == "PNG" and max(image.size) == 48
    params = read_params(out)
    assert (params.size, params.iterations, params.seed) == (48, 4, 5)
    assert (tmp_path / "result_00002.png").is_file()  # --save-every frames


def test_a_time_budget_ends_on_time(tmp_path):
    out = tmp_path / "budget.png"
    proc = subprocess.run([sys.executable, "-m", "styler", PHOTO, PAINTING, "-o", str(out), "--size", "128",
                           "--seconds", "3", "--iterations", "10000"], cwd=ROOT, capture_output=True, text=True,
                          timeout=patience(300))
    assert proc.returncode == 0, proc.stderr
    assert "s left" in proc.stderr
    params = read_params(out)
    assert params.seconds == 3 and params.iterations == 10000
    # On a busy machine loading the network and the first iteration can take the whole budget: then
    # the run ends after that iteration. Otherwise it plans more ("of about N") and ends on time.
    first = float(re.search(r"iteration 1\D.*?([\d.]+) s, ", proc.stderr)[1])
    if first < 2:
        assert "of about" in proc.stderr
    wrote = re.search(r"wrote .* \(128x\d+, ([\d.]+) s\)", proc.stdout)
    assert wrote and 2 <= float(wrote[1]) <= max(4.5, first + 1.5), proc.stdout  # the budget, give or take


@pytest.mark.parametrize("args, message", [
    (["missing.jpg", PAINTING], "does not exist"),
    ([PHOTO, str(EXAMPLES / "SOURCES.md")], "Could not read the style image"),
    ([PHOTO, PAINTING, "--size", "-5"], "size: -5 is out of range"),
    # About 170 GB by the memory estimate: refused before anything is allocated.
    ([PHOTO, PAINTING, "--size", "4096", "--style-scale", "4"], "the largest size that fits now is"),
    ([PHOTO, PAINTING, "--seconds", "-1"], "seconds: -1.0 is out of range"),
    ([PHOTO, PAINTING, "--style-layers", "conv9_9"], "style_layers: unknown layer 'conv9_9'"),
    ([PHOTO, PAINTING, "--iterations", "ten"], "iterations: expected a number"),
    ([PHOTO, PAINTING, "--pooling", "min"], "pooling: unknown value 'min'"),
    ([PHOTO, PAINTING, "--device", "cuda:7"], "device:"),
    ([PHOTO, PAINTING, PAINTING, "--style-blend", "1,x"], "style_blend: expected numbers"),
    ([PHOTO, PAINTING, PAINTING, "--style-blend", "1,1,1"], "style_blend: 3 weights for 2 style images"),
    ([PHOTO, PAINTING, "--mask", "missing_mask.png"], "The mask image"),
    ([PHOTO, PAINTING, "-o", "/nonexistent/dir/out.png"], "does not exist"),
    ([PHOTO, PAINTING, "--settings", "missing.png"], "--settings 'missing.png': settings: there is no file"),
])
def test_bad_input_exits_non_zero_with_one_line(args, message, capsys, tmp_path):
    if "-o" not in args:
        args = [*args, "-o", str(tmp_path / "out.png")]
    assert main([*TINY, *args, "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err
    assert len(err.splitlines()) == 1 and err.startswith("error: ")
    assert not (tmp_path / "out.png").exists()


def test_two_styles_placed_by_a_mask(tmp_path):
    """White takes the first style, black the second: against a run whose mask is all white (the
    first style everywhere), the picture changes where the mask is black, far less where white."""
    results = {}
    for name, right in (("half", 0), ("white", 255)):
        mask = tmp_path / f"{name}.png"
        image = Image.new("L", (40, 30), 255)
        image.paste(right, (20, 0, 40, 30))
        image.save(mask)
        out = tmp_path / f"{name}-result.png"
        # float32: bf16's rounding would blur the comparison of two runs. At 128 px, not smaller:
        # the first dozen iterations of a tiny run move whole blocks of its few pixels, seam or not.
        assert main(["--size", "128", "--content-weight", "0.007", "--precision", "float32", "--iterations", "30",
                     "--init", "content", PHOTO, PAINTING,
                     str(EXAMPLES / "painting_great_wave.jpg"), "--mask", str(mask), "--style-blend", "",
                     "-o", str(out), "--quiet"]) == 0
        results[name] = np.asarray(Image.open(out).convert("RGB"), dtype=float)
    assert results["half"].shape == (85, 128, 3)
    change = np.abs(results["half"] - results["white"]).mean(axis=(0, 2))
    white_side, black_side = change[:53].mean(), change[75:].mean()  # (the seam's neighbourhood left out)
    assert black_side > 2 * white_side, (white_side, black_side)


def test_settings_from_a_result_png_with_flags_over_them(tmp_path):
    from styler import StyleParams
    from styler.metadata import save_png

    made = StyleParams(size=48, seconds=0, iterations=3, seed=11, init="noise", tv_weight=2.0)
    earlier = save_png(Image.new("RGB", (8, 8)), tmp_path / "earlier.png", made)
    out = tmp_path / "again.png"
    assert main([PHOTO, PAINTING, "--settings", str(earlier), "--iterations", "2", "-o", str(out), "--quiet"]) == 0
    assert read_params(out) == made.replace(iterations=2)
