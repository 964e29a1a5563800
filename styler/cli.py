"""python -m styler CONTENT STYLE [STYLE ...] -o OUT.png [--size 512 --seconds 30 ...]

Every `StyleParams` field is a flag (`content_weight` -> `--content-weight`), with the same
defaults, bounds and help as the web app. Any bad input ends with a one-line message and exit 2.
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from .engine import Progress, stylize
from .errors import StylerError
from .metadata import read_params, save_png
from .params import LOSS_TERMS, PARAMS, TOTAL, StyleParams
from .presets import DEFAULT_PRESET, PRESETS, preset


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m styler",
        description="Repaint a photo in the style of a painting (Gatys, Ecker & Bethge, CVPR 2016).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("content", help="the photo to repaint")
    parser.add_argument("style", nargs="+", help="one or more style images (blended, see --style-blend)")
    parser.add_argument("-o", "--output", default="stylized.png", help="where to write the PNG result")
    parser.add_argument("--preset", choices=list(PRESETS), default=DEFAULT_PRESET,
                        help="start from these settings; other flags override them")
    parser.add_argument("--settings", metavar="PNG",
                        help="start from the settings stored in a result PNG made here, instead of a preset; other "
                             "flags override them")
    parser.add_argument("--mask", help="where the style goes: white for the (first) style; black keeps the "
                                       "photo, or takes the second style if there are two")
    parser.add_argument("--init-image", help="start from this image instead of --init")
    parser.add_argument("--save-every", type=int, default=0, metavar="N",
                        help="also save every N-th iteration's image next to the output (0: never)")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    add_parameter_flags(parser, "stylisation parameters (defaults: the chosen preset's)")
    return parser


def add_parameter_flags(parser: argparse.ArgumentParser, title: str) -> None:
    """A flag for every StyleParams field (also used by `python -m styler.video`)."""
    params = parser.add_argument_group(title)
    for name, spec in PARAMS.items():
        flag = "--" + name.replace("_", "-")
        default = getattr(StyleParams(), name)
        bounds = f" [{spec.minimum:g} to {spec.maximum:g}]" if spec.minimum is not None else ""
        choices = f" [{', '.join(spec.choices)}]" if spec.choices else ""
        text = f"{spec.help} {spec.local_help}".strip()
        help_text = f"{text}{bounds}{choices} (paper default: {default})".replace("%", "%%")
        if isinstance(default, bool):
            params.add_argument(flag, dest=name, action=argparse.BooleanOptionalAction,
                                default=argparse.SUPPRESS, help=help_text)
        else:
            # Values stay strings here: StyleParams converts and checks them, with its own messages.
            params.add_argument(flag, dest=name, default=argparse.SUPPRESS, metavar=type(default).__name__.upper(),
                                help=help_text)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    overrides = {name: getattr(args, name) for name in PARAMS if hasattr(args, name)}
    try:
        params = (settings_from(args.settings) if args.settings else preset(args.preset)).replace(**overrides)
        if args.save_every < 0:
            raise StylerError("cli.save_every")
        output = Path(args.output)
        if output.parent and not output.parent.exists():
            raise StylerError("cli.no_folder", folder=str(output.parent))
        last = run(args.content, args.style, params, args.init_image, args.mask, output, args.save_every, args.quiet)
    except StylerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    save_png(last.image, output, params, iterations_done=last.iteration, losses=last.losses)
    if not args.quiet:
        print(f"wrote {output} ({last.image.width}x{last.image.height}, {last.elapsed:.1f} s)")
    return 0


def settings_from(path: str) -> StyleParams:
    """The settings a result PNG holds; a file holding none, or bad ones, is a StylerError."""
    try:
        params = read_params(path)
    except StylerError as exc:
        raise StylerError("cli.settings", name=Path(path).name, detail=exc.message) from None
    if params is None:
        raise StylerError("cli.no_settings", name=Path(path).name)
    return params


def run(content, styles, params, init_image, mask, output: Path, save_every: int, quiet: bool) -> Progress:
    if save_every:  # make sure every saved iteration is a preview iteration
        params = params.replace(preview_every=math.gcd(params.preview_every, save_every))
    last = None
    for progress in stylize(content, styles, params, init_image=init_image, mask=mask):
        for note in progress.notes:
            print(f"note: {note}", file=sys.stderr)
        if progress.iteration == 1 and not quiet:
            print(f"computing on {progress.device}", file=sys.stderr)
        if save_every and progress.iteration % save_every == 0 and not progress.done:
            progress.image.save(output.with_name(f"{output.stem}_{progress.iteration:05d}.png"))
        if not quiet:
            _print_progress(progress)
        last = progress
    if not quiet:
        print(file=sys.stderr)
    return last


def _print_progress(p: Progress) -> None:
    count = f"iteration {p.iteration} of about {p.total}" if p.budget and not p.done else f"iteration {p.iteration}/{p.total}"
    parts = ", ".join(f"{term} {p.losses[term]:.3g}" for term in LOSS_TERMS)
    ratio = f", alpha/beta {p.content_weight / p.style_weight:.2g}" if p.content_weight and p.style_weight else ""
    line = f"\r[{p.stage}] {count}  loss {p.losses[TOTAL]:.4g} ({parts}{ratio})  {p.elapsed:.1f} s, {p.eta:.0f} s left "
    end = "" if sys.stderr.isatty() else "\n"
    if sys.stderr.isatty() or p.image is not None:
        print(line, end=end, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
