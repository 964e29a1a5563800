"""The paper's explanatory figures, computed on any pair of images.

- content: reconstructions from white noise of the photo's conv1_2 ... conv5_2 features (Fig. 1, bottom)
- style: reconstructions from white noise of the painting's Gram matrices on conv1_1,
  conv1_1+conv2_1, ... up to conv5_1 (Fig. 1, top)
- tradeoff: style layers (rows) x alpha/beta ratios (columns) (Fig. 4)
- init: the same stylisation from noise, from the content, from the style (Fig. 6)

    python -m styler.figures CONTENT STYLE --out DIR [--size 128 --iterations 150 --ratios 1e-5 1e-4]

writes one labelled PNG grid per figure. `figure_panels` gives the same panels to the web app.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from PIL import Image, ImageDraw, ImageFont

from .engine import Progress, stylize
from .errors import InvalidParameter, StylerError
from .messages import Message, message
from .params import StyleParams
from .presets import preset

CONTENT_LAYERS = ("conv1_2", "conv2_2", "conv3_2", "conv4_2", "conv5_2")
STYLE_STACKS = tuple(",".join(f"conv{j}_1" for j in range(1, i + 1)) for i in range(1, 6))
RATIOS = (1e-5, 1e-4, 1e-3, 1e-2)
INITS = ("noise", "content", "style")
FIGURES = ("content", "style", "tradeoff", "init")

CAPTIONS = {
    "content": "Each image starts as white noise and is changed until one layer of the network sees the "
               "photo in it. Shallow layers give the photo back almost exactly; deep layers keep only "
               "the objects and their layout, which is what the style is painted onto.",
    "style": "Each image starts as white noise and is changed until its feature correlations (Gram "
             "matrices) match the painting's, on more and more layers. Few layers give fine colour "
             "grain; more layers give larger, more coherent brush strokes.",
    "tradeoff": "Rows use more style layers, columns give the content more weight (alpha/beta). "
                "Left, the painting's texture dominates; right, the photo shows through.",
    "init": "The same stylisation started from white noise, from the photo and from the painting. "
            "Each start gives a different, equally valid result; starting from the photo converges "
            "fastest and keeps it most recognisable.",
}


@dataclass(frozen=True)
class Panel:
    figure: str
    label: Message  # str() is its English
    params: StyleParams
    row: int
    col: int


def figure_panels(figure: str, base: StyleParams, ratios=RATIOS) -> list[Panel]:
    """The panels of one figure, each with the full settings that make it."""
    plain = base.replace(init="noise", tv_weight=0.0, scales=1, preserve_color="off", neighbour_weight=0.0,
                         balance="fixed", pyramid_levels=0)
    if figure == "content":
        return [Panel(figure, message("panel.layers", layers=layer),
                      plain.replace(content_layers=layer, content_weight=1.0, style_weight=0.0), 0, i)
                for i, layer in enumerate(CONTENT_LAYERS)]
    if figure == "style":
        return [Panel(figure, message("panel.layers", layers="+".join(s.replace("conv", "") for s in stack.split(","))),
                      plain.replace(style_layers=stack, content_weight=0.0), 0, i)
                for i, stack in enumerate(STYLE_STACKS)]
    if figure == "tradeoff":
        return [Panel(figure, message("panel.ratio", layer=stack.split(",")[-1], ratio=f"{ratio:g}"),
                      plain.replace(style_layers=stack, content_weight=ratio * plain.style_weight), r, c)
                for r, stack in enumerate(STYLE_STACKS) for c, ratio in enumerate(ratios)]
    if figure == "init":
        return [Panel(figure, message("panel.init", init=init), base.replace(init=init), 0, i) for i, init in enumerate(INITS)]
    raise InvalidParameter("figure", "param.unknown_figure", value=repr(figure), choices=", ".join(FIGURES))


def run_panels(content, style, panels: list[Panel]) -> Iterator[tuple[int, Progress]]:
    """Stylise each panel in turn, yielding (panel index, progress) for every iteration."""
    for index, panel in enumerate(panels):
        for progress in stylize(content, style, panel.params):
            yield index, progress


def render_grid(panels: list[Panel], images: list[Image.Image | None], title: str) -> Image.Image:
    """A labelled grid of panel images (missing ones left blank)."""
    rows = max(p.row for p in panels) + 1
    cols = max(p.col for p in panels) + 1
    cell_w = max((im.width for im in images if im is not None), default=64)
    cell_h = max((im.height for im in images if im is not None), default=64)
    font = ImageFont.load_default()
    label_h, title_h, gap = 16, 22, 6
    width = cols * (cell_w + gap) + gap
    height = title_h + rows * (cell_h + label_h + gap) + gap
    grid = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(grid)
    draw.text((gap, 5), title, fill="black", font=font)
    for panel, image in zip(panels, images):
        x = gap + panel.col * (cell_w + gap)
        y = title_h + panel.row * (cell_h + label_h + gap)
        if image is not None:
            grid.paste(image, (x, y))
        draw.text((x, y + cell_h + 2), str(panel.label), fill="black", font=font)
    return grid


def render_figure(content, style, figure: str, base: StyleParams, out_dir: Path, quiet: bool = False,
                  ratios=RATIOS) -> Path:
    panels = figure_panels(figure, base, ratios)
    finals: list[Image.Image | None] = [None] * len(panels)
    for index, progress in run_panels(content, style, panels):
        if progress.done:
            finals[index] = progress.image
            if not quiet:
                print(f"{figure}: {panels[index].label} done ({index + 1}/{len(panels)})", file=sys.stderr)
    path = out_dir / f"{figure}.png"
    render_grid(panels, finals, f"{figure}: {CAPTIONS[figure].split('. ')[0]}.").save(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m styler.figures", description=__doc__.splitlines()[0])
    parser.add_argument("content")
    parser.add_argument("style")
    parser.add_argument("--out", required=True, help="folder for the PNG grids (created if missing)")
    parser.add_argument("--figures", nargs="+", choices=FIGURES, default=list(FIGURES))
    parser.add_argument("--size", default="128", help="long side of each panel, px")
    parser.add_argument("--iterations", default="150", help="iterations per panel")
    parser.add_argument("--ratios", type=float, nargs="+", default=list(RATIOS),
                        help="alpha/beta of the trade-off grid's columns (the paper's: 1e-5 .. 1e-2)")
    parser.add_argument("--ratio", type=float, default=None,
                        help="alpha/beta of the init figure (default: the paper's 1e-3)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        base = preset("Paper (Fig. 3)", size=args.size, iterations=args.iterations, preview_every=args.iterations)
        if args.ratio is not None:
            base = base.replace(content_weight=args.ratio * base.style_weight)
        out_dir = Path(args.out)
        out_dir.mkdir(parents=True, exist_ok=True)
        for figure in args.figures:
            path = render_figure(args.content, args.style, figure, base, out_dir, args.quiet, args.ratios)
            if not args.quiet:
                print(f"wrote {path}")
    except (StylerError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
