"""Regenerate every picture the README shows, from the project's own examples:

    python docs/make_pictures.py [--only result creative figures]

- docs/result.jpg: photo, painting and the default (Recommended) result, with its time printed;
- docs/creative.jpg: the creative controls, at 256 px with the Recommended settings otherwise;
- docs/figures/*.png: the paper's figures at the paper's own ratios (python -m styler.figures).
Prints each picture's settings and seconds, for the README's captions.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from PIL import Image, ImageDraw

from styler import stylize
from styler.figures import main as figures_main
from styler.images import fit_long_side, load_image, resize
from styler.presets import DEFAULT_PRESET, preset

ROOT = Path(__file__).resolve().parent.parent

EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs"
PHOTO = EXAMPLES / "photo_leuven_street.jpg"
PAINTING = EXAMPLES / "painting_starry_night.jpg"
SECOND = EXAMPLES / "painting_great_wave.jpg"


def final(content, style, params, **kwargs) -> tuple[Image.Image, float]:
    last = None
    for last in stylize(content, style, params, **kwargs):
        pass
    return last.image, last.elapsed


def strip(cells: list[tuple[str, Image.Image]], height: int, columns: int) -> Image.Image:
    scaled = [(label, im.convert("RGB").resize((round(im.width * height / im.height), height), Image.LANCZOS))
              for label, im in cells]
    width = max(im.width for _, im in scaled) + 6
    rows = -(-len(scaled) // columns)
    sheet = Image.new("RGB", (columns * width, rows * (height + 18)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (label, im) in enumerate(scaled):
        x, y = (i % columns) * width, (i // columns) * (height + 18)
        sheet.paste(im, (x, y))
        draw.text((x + 2, y + height + 3), label, fill="black")
    return sheet


def make_result() -> None:
    params = preset(DEFAULT_PRESET, device="cpu")
    image, seconds = final(PHOTO, PAINTING, params)
    photo, painting = load_image(PHOTO), load_image(PAINTING)
    cells = [("", resize(photo, fit_long_side(photo.size, 384))), ("", painting), ("", image)]
    strip(cells, 288, 3).save(DOCS / "result.jpg", quality=90)
    plan = f"a {params.seconds:g} s budget" if params.seconds else f"{params.iterations} iterations"
    print(f"result.jpg: {DEFAULT_PRESET}, {params.size} px, {plan}, {seconds:.0f} s")


def make_creative() -> None:
    base = preset(DEFAULT_PRESET, size=256, seconds=0, iterations=100, device="cpu")
    mask = Image.new("L", (256, 192), 0)
    mask.paste(255, (0, 0, 128, 192))
    runs = [
        ("style as it is", PAINTING, base, {}),
        ("keep colours: luminance", PAINTING, base.replace(preserve_color="luminance"), {}),
        ("keep colours: histogram", PAINTING, base.replace(preserve_color="histogram"), {}),
        ("50% Starry Night + 50% Great Wave", [PAINTING, SECOND], base, {}),
        ("style scale 0.5", PAINTING, base.replace(style_scale=0.5), {}),
        ("style scale 2", PAINTING, base.replace(style_scale=2.0), {}),
        ("regions: left Van Gogh, right Hokusai", [PAINTING, SECOND], base, {"mask": mask}),
    ]
    cells = []
    for label, style, params, extra in runs:
        image, seconds = final(PHOTO, style, params, **extra)
        print(f"creative.jpg: {label}: {seconds:.0f} s")
        cells.append((label, image))
    strip(cells, 192, 4).save(DOCS / "creative.jpg", quality=90)


def make_figures() -> None:
    figures_main([str(PHOTO), str(PAINTING), "--out", str(DOCS / "figures"), "--size", "128",
                  "--iterations", "150"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    makers = {"result": make_result, "creative": make_creative, "figures": make_figures}
    parser.add_argument("--only", nargs="+", choices=list(makers), default=list(makers))
    args = parser.parse_args()
    for name in args.only:
        start = time.perf_counter()
        makers[name]()
        print(f"{name}: {time.perf_counter() - start:.0f} s in all", flush=True)


if __name__ == "__main__":
    main()
