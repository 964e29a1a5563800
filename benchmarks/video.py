"""A clip repainted with the temporal method against its frames repainted independently.

    python benchmarks/video.py [--clip examples/clip_leuven_pan.mp4] [--style PAINTING]
                               [--size 256] [--fps 10] [--max-seconds 3] [--seconds 90]
                               [--weights 50] [--no-independent]

For the clip: our run with the defaults (one per temporal weight in --weights), and every frame
stylised on its own by the image path at equal wall time (the clip's time split evenly over its
frames). Prints, lower is better:
- temporal error as Lai et al. (ECCV 2018) measure it: mean over consecutive frame pairs of the
  squared difference (0..1 scale) between a result frame and the previous result frame warped by
  the INPUT's optical flow, where that flow is reliable; the input clip's own is the floor;
- per-frame content and Gram errors (benchmarks/quality.py's fixed evaluator, every frame);
- the whole time, the first frame's time and the mean seconds per later frame.
Targets: temporal error at most half the independent frames' and at most 2x the input's; content
and style errors within 15% of the independent run's; a 3 s, 256 px, 10 fps clip within 2 minutes
by default on a 2-core CPU; later frames at most a fifth of the first frame's time.
Frame sheets (input, ours, independent; every few frames) and the clips go to artifacts/video/.
"""
from __future__ import annotations

import argparse
import time

import cv2
import numpy as np
import torch

from common import EXAMPLES, ROOT
from PIL import Image
from quality import CONTENT_LAYER, STYLE_LAYERS, Evaluator

from styler import flow, stylize, videoio
from styler.losses import gram
from styler.video import VideoParams, clip_params, stylize_video


class FrameEvaluator(Evaluator):
    """The fixed evaluator's content and Gram errors, with the painting's statistics computed once
    and each frame's content per call."""

    @torch.no_grad()
    def frame(self, output: Image.Image, frame: Image.Image) -> dict[str, float]:
        content = self.net(self._tensor(frame, self.size), [CONTENT_LAYER])[CONTENT_LAYER]
        feats = self.net(self._tensor(output, self.size), (CONTENT_LAYER, *STYLE_LAYERS))
        style = sum(((gram(feats[k]) - self.grams[k]).norm() / self.grams[k].norm()).item() for k in STYLE_LAYERS)
        return {"content_err": ((feats[CONTENT_LAYER] - content).norm() / content.norm()).item(),
                "style_err": style / len(STYLE_LAYERS)}


def ours(clip, style, params, video):
    started = time.perf_counter()
    frames, times, iterations, frame_start = [], [], [], started
    for p in stylize_video(clip, style, params, video):
        if p.finished_frame is not None:
            now = time.perf_counter()
            frames.append(p.finished_frame)
            times.append(now - frame_start)
            iterations.append(p.iteration)
            frame_start = now
    return frames, time.perf_counter() - started, times, iterations


def farneback_pairs(frames) -> list[flow.FramePair]:
    """The input's flow by another method than the one the run used (Farneback's, not DIS): a run
    that starts each frame from the previous result carried by DIS flow is not then measured by the
    very warp it started from."""
    def estimate(a, b):
        grey = [cv2.cvtColor(np.asarray(x), cv2.COLOR_RGB2GRAY) for x in (a, b)]
        return cv2.calcOpticalFlowFarneback(*grey, None, 0.5, 4, 15, 5, 7, 1.5, 0)

    pairs = []
    for a, b in zip(frames, frames[1:]):
        backward = estimate(b, a)
        pairs.append(flow.FramePair(backward, flow.reliability(estimate(a, b), backward)))
    return pairs


def independent(clip, style, params, seconds_each):
    started = time.perf_counter()
    frames = []
    for frame in clip.frames:
        run = params.replace(size=max(clip.size), seconds=seconds_each)
        frames.append([p for p in stylize(frame, style, run)][-1].image)
    return frames, time.perf_counter() - started


def scores(evaluate: FrameEvaluator, frames, inputs) -> tuple[float, float]:
    results = [evaluate.frame(out, frame) for out, frame in zip(frames, inputs)]
    return (sum(r["content_err"] for r in results) / len(results), sum(r["style_err"] for r in results) / len(results))


def sheet(rows: list[list[Image.Image]], path, every: int) -> None:
    columns = [rows[0][k] for k in range(0, len(rows[0]), every)]
    width, height = columns[0].size
    picture = Image.new("RGB", (width * len(columns), height * len(rows)), "white")
    for r, row in enumerate(rows):
        for c, k in enumerate(range(0, len(row), every)):
            picture.paste(row[k], (c * width, r * height))
    picture.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", default=str(EXAMPLES / "clip_leuven_pan.mp4"))
    parser.add_argument("--style", default=str(EXAMPLES / "painting_starry_night.jpg"))
    parser.add_argument("--size", type=int, default=None, help="default: the clip default's")
    parser.add_argument("--fps", type=float, default=VideoParams().fps)
    parser.add_argument("--max-seconds", type=float, default=VideoParams().max_seconds)
    parser.add_argument("--seconds", type=float, default=None, help="the clip's budget; default: the clip default's")
    parser.add_argument("--weights", type=float, nargs="+", default=[VideoParams().temporal_weight])
    parser.add_argument("--frame-iterations", type=int, default=VideoParams().frame_iterations)
    parser.add_argument("--no-independent", action="store_true")
    args = parser.parse_args()
    out = ROOT / "artifacts" / "video"
    out.mkdir(parents=True, exist_ok=True)
    changes = {k: v for k, v in (("size", args.size), ("seconds", args.seconds)) if v is not None}
    params = clip_params(**changes)
    video = VideoParams(fps=args.fps, max_seconds=args.max_seconds, frame_iterations=args.frame_iterations)
    clip = videoio.read_clip(args.clip, params.size, video.fps, video.max_seconds)
    print(f"{args.clip}: {len(clip.frames)} frames of {clip.size[0]}x{clip.size[1]} at {clip.fps:g} fps; "
          f"budget {params.seconds:g} s; lower is better")
    pairs = [flow.pair(a, b) for a, b in zip(clip.frames, clip.frames[1:])]
    other = farneback_pairs(clip.frames)

    def temporal(frames) -> str:
        return (f"{flow.temporal_error(frames, clip.frames, pairs):>9.5f} "
                f"{flow.temporal_error(frames, clip.frames, other):>10.5f}")

    evaluate = FrameEvaluator(clip.frames[0], args.style, size=max(clip.size))
    print("temporal: by the DIS flow the run uses; Farneback: by another method's flow")
    print(f"{'run':<28} {'temporal':>9} {'Farneback':>10} {'content':>8} {'gram':>6} {'whole s':>8} {'first s':>8} "
          f"{'later s':>8} {'its':>4}")
    print(f"{'input clip (floor)':<28} {temporal(clip.frames)}")
    rows, whole = [clip.frames], None
    for weight in args.weights:
        frames, seconds, times, iterations = ours(clip, args.style, params, video.replace(temporal_weight=weight))
        whole = whole or seconds
        content, style = scores(evaluate, frames, clip.frames)
        later = sum(times[1:]) / max(1, len(times) - 1)
        later_its = sum(iterations[1:]) / max(1, len(iterations) - 1)
        print(f"{f'ours, temporal weight {weight:g}':<28} {temporal(frames)} "
              f"{content:>8.3f} {style:>6.3f} {seconds:>8.1f} {times[0]:>8.1f} {later:>8.2f} {later_its:>4.1f}",
              flush=True)
        name = f"ours_w{weight:g}"
        videoio.write_mp4(frames, clip.fps, out / f"{name}.mp4")
        rows.append(frames)
    if not args.no_independent:
        frames, seconds = independent(clip, args.style, params, whole / len(clip.frames))
        content, style = scores(evaluate, frames, clip.frames)
        print(f"{'independent, equal time':<28} {temporal(frames)} "
              f"{content:>8.3f} {style:>6.3f} {seconds:>8.1f}", flush=True)
        videoio.write_mp4(frames, clip.fps, out / "independent.mp4")
        rows.append(frames)
    sheet(rows, out / "sheet.png", every=max(1, len(clip.frames) // 6))
    print(f"wrote {out / 'sheet.png'} and the clips in {out}")


if __name__ == "__main__":
    main()
