"""stylize_video on the real weights at tiny sizes: steadier than independent frames, Stop keeps a
shorter valid clip, the settings travel with the file, and the command line."""
import subprocess
import sys

import pytest
from PIL import Image

import synthetic_clips as clips
from helpers import ROOT, STYLE
from styler import flow, stylize, videoio
from styler.errors import InvalidParameter, VideoError
from styler.video import VideoParams, VideoProgress, clip_params, collect, stylize_video

pytestmark = pytest.mark.engine

PARAMS = clip_params(size=64, seconds=0, iterations=16, scales=1, preview_every=4)


@pytest.fixture(scope="module")
def moving_clip(tmp_path_factory):
    """A texture sliding 2 px a frame, 5 frames at 10 fps."""
    path = tmp_path_factory.mktemp("clips") / "slide.mp4"
    return clips.write_clip(path, clips.shifted_frames(5, (64, 48), (2, 1), seed=3), fps=10)


def test_steadier_than_independent_frames(moving_clip, one_torch_thread):
    video = VideoParams(fps=10, max_seconds=0.5, frame_iterations=6)
    frames, last = collect(stylize_video(moving_clip, STYLE, PARAMS, video))
    clip = videoio.read_clip(moving_clip, 64, 10, 0.5)
    assert len(frames) == len(clip.frames) == 5 and last.done and last.finished == 5
    independent = [[p for p in stylize(frame, STYLE, PARAMS.replace(size=64))][-1].image for frame in clip.frames]
    ours, theirs = flow.temporal_error(frames, clip.frames), flow.temporal_error(independent, clip.frames)
    assert ours < theirs / 2, (ours, theirs)
    # and it is still a painting, not the photo carried along: far from the input frames
    assert flow.temporal_error(frames, clip.frames) > 0
    assert sum(abs(a - b) for a, b in zip(frames[-1].convert("L").getdata(),
                                          clip.frames[-1].convert("L").getdata())) / (64 * 48) > 5


def test_progress_records_and_settings(moving_clip, one_torch_thread):
    video = VideoParams(fps=10, max_seconds=0.3, frame_iterations=3)
    items = list(stylize_video(moving_clip, STYLE, PARAMS, video))
    assert all(isinstance(p, VideoProgress) for p in items)
    assert [p.frame for p in items if p.finished_frame is not None] == [1, 2, 3]
    assert [p.iteration for p in items if p.frame == 2] == [1, 2, 3]  # later frames: their own iterations
    assert items[-1].done and items[-1].eta == 0 and items[-1].fraction == 1.0
    assert not any(p.done for p in items[:-1])
    assert all(p.frames == 3 and p.fps == 10 for p in items)
    settings = items[-1].settings
    assert settings["video"]["frame_iterations"] == 3 and settings["style"]["size"] == 64
    assert settings["frames"] == 3


def test_stop_keeps_a_shorter_valid_clip(moving_clip, tmp_path, one_torch_thread):
    video = VideoParams(fps=10, max_seconds=0.5, frame_iterations=4)
    run = stylize_video(moving_clip, STYLE, PARAMS, video)
    kept = []
    for p in run:
        if p.finished_frame is not None:
            kept.append(p.finished_frame)
        if p.frame == 3 and p.iteration == 2:
            run.close()  # what the page's Stop does
            break
    assert len(kept) == 2
    out = videoio.write_mp4(kept, 10, tmp_path / "stopped.mp4", audio_from=str(moving_clip))
    info = videoio.probe(out)
    assert info.frames == 2 and info.seconds == pytest.approx(0.2, abs=0.01)
    # and the next run works
    frames, _ = collect(stylize_video(moving_clip, STYLE, PARAMS, video.replace(max_seconds=0.2)))
    assert len(frames) == 2


def test_a_hostile_clip_stops_before_any_work(tmp_path):
    path = clips.declared_hours(tmp_path / "long.mp4")
    with pytest.raises(VideoError, match="10 h"):
        next(stylize_video(path, STYLE, PARAMS))


def test_video_params_are_checked():
    with pytest.raises(InvalidParameter, match="fps"):
        VideoParams(fps=500)
    with pytest.raises(InvalidParameter, match="frame_iterations"):
        VideoParams(frame_iterations="many")
    assert VideoParams(fps="12").fps == 12.0 and VideoParams(fps=10, max_seconds=3).frames == 30
    with pytest.raises(InvalidParameter, match="unknown"):
        VideoParams().replace(colour=1)


def test_command_line(moving_clip, tmp_path):
    out, webp = tmp_path / "out.mp4", tmp_path / "out.webp"
    proc = subprocess.run([sys.executable, "-m", "styler.video", str(moving_clip), str(STYLE), "-o", str(out),
                           "--webp", str(webp), "--size", "64", "--seconds", "0", "--iterations", "3", "--scales", "1",
                           "--frame-iterations", "2", "--max-seconds", "0.3", "--fps", "10"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    info = videoio.probe(out)
    assert info.frames == 3 and (info.width, info.height) == (64, 48)
    assert videoio.read_settings(out)["video"]["fps"] == 10
    with Image.open(webp) as image:
        assert image.n_frames == 3
    bad = subprocess.run([sys.executable, "-m", "styler.video", str(STYLE), str(STYLE), "-o", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert bad.returncode == 2 and "still image" in bad.stderr and "Traceback" not in bad.stderr
    flag = subprocess.run([sys.executable, "-m", "styler.video", str(moving_clip), str(STYLE), "--fps", "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert flag.returncode == 2 and "fps" in flag.stderr
