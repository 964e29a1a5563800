"""Regenerate the made-ahead results in results/ (see SOURCES.md): `python examples/make_results.py`.

Every example photo x painting pair with webapp.premade.SETTINGS (result JPEG and time-lapse
WebP), every "How it works" figure on the first photo and painting (one JPEG per panel), and the
Video tab's example clip repainted (an MP4). `--only pairs`, `--only figures` or `--only clip` makes one kind.
"""
import argparse
import json
import sys
import time

from styler import StyleParams, stylize, videoio
from styler.video import VideoParams, collect, stylize_video
from styler.figures import FIGURES, figure_panels
from webapp import premade
from webapp.gallery import paintings, photos
from webapp.timelapse import FrameRecorder


def make_pairs() -> None:
    premade.RESULTS_DIR.mkdir(exist_ok=True)
    for photo in photos():
        for painting in paintings():
            started = time.perf_counter()
            frames = FrameRecorder(max_frames=premade.TIMELAPSE_FRAMES, max_side=premade.TIMELAPSE_SIDE)
            for p in stylize(photo.path, painting.path, premade.SETTINGS):
                if p.image is not None:
                    frames.add(p.image, final=p.done)
            result, timelapse = premade.result_paths(photo, painting)
            p.image.save(result, quality=premade.JPEG_QUALITY, optimize=True)
            size = frames.frames[-1].size
            shots = [f.resize(size) for f in frames.frames]
            shots[0].save(timelapse, format="WEBP", save_all=True, append_images=shots[1:], loop=0, quality=40,
                          method=6, duration=[premade.FRAME_MS] * (len(shots) - 1) + [premade.HOLD_MS])
            print(f"{result.name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    premade.SETTINGS_FILE.write_text(json.dumps(premade.SETTINGS.to_dict(), indent=1) + "\n")


def make_figures() -> None:
    premade.FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    photo, painting = photos()[0].path, paintings()[0].path
    base = premade.figure_base(premade.FIGURE_SETTINGS)
    for figure in FIGURES:
        started = time.perf_counter()
        for panel, (path, _) in zip(figure_panels(figure, base), premade.figure_panel_paths(figure)):
            for p in stylize(photo, painting, panel.params):
                pass
            p.image.save(path, quality=premade.JPEG_QUALITY, optimize=True)
        print(f"{figure}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def make_clip() -> None:
    """The Video tab's example: the example clip repainted (webapp.premade.CLIP_SETTINGS)."""
    started = time.perf_counter()
    video = VideoParams(fps=10, max_seconds=3, frame_iterations=premade.CLIP_FRAME_ITERATIONS)
    frames, last = collect(stylize_video(premade.CLIP, premade.CLIP_PAINTING, premade.CLIP_SETTINGS, video))
    videoio.write_mp4(frames, last.fps, premade.clip_result_path(), settings=last.settings, crf=premade.CLIP_CRF)
    print(f"{premade.clip_result_path().name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("pairs", "figures", "clip"))
    args = parser.parse_args()
    if args.only in (None, "pairs"):
        make_pairs()
    if args.only in (None, "figures"):
        make_figures()
    if args.only in (None, "clip"):
        make_clip()
