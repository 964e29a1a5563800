"""Reading and writing clips: resampling, sizes, variable frame rates, rotation, pixel formats,
animations, audio, settings in the file, and hostile files refused with one clear message."""
import av
import numpy as np
import pytest
from PIL import Image

import synthetic_clips as clips
from helpers import EXAMPLES
from styler import videoio
from styler.errors import StylerError, VideoError

pytestmark = pytest.mark.unit


def solid(colour, size=(64, 48)):
    return np.full((size[1], size[0], 3), colour, np.uint8)


def test_resampled_to_the_asked_rate_and_resized(tmp_path):
    path = clips.write_clip(tmp_path / "a.mp4", clips.shifted_frames(60, (160, 90), (1, 0)), fps=30)
    clip = videoio.read_clip(path, long_side=100, fps=10, max_seconds=10)
    assert clip.fps == 10 and len(clip.frames) == 20
    assert clip.size == (100, 56)  # 16:9 at 100 px, both sides even
    short = videoio.read_clip(path, long_side=100, fps=10, max_seconds=1)
    assert len(short.frames) == 10 and any("first 1 s" in str(n) for n in short.notes)


def test_a_slower_clip_keeps_its_own_rate(tmp_path):
    path = clips.write_clip(tmp_path / "slow.mp4", clips.shifted_frames(10, (64, 48), (1, 0)), fps=5)
    clip = videoio.read_clip(path, 64, fps=10, max_seconds=5)
    assert clip.fps == 5 and len(clip.frames) == 10


def test_variable_frame_rate_follows_the_time_stamps(tmp_path):
    colours = [(250, 0, 0), (0, 250, 0), (0, 0, 250), (250, 250, 250)]
    times = [0.0, 0.05, 0.32, 0.55]  # each shown until the next one
    path = clips.write_clip(tmp_path / "vfr.mp4", [solid(c) for c in colours], fps=10, times=times)
    clip = videoio.read_clip(path, 64, fps=5, max_seconds=5)
    # at 0.0 the first frame shows, at 0.2 the second (from 0.05), at 0.4 the third, at 0.6 the last
    means = [np.asarray(f, dtype=float).reshape(-1, 3).mean(0) for f in clip.frames]
    seen = [3 if (m > 120).all() else int(np.argmax(m)) for m in means]
    assert clip.fps == 5 and seen == [0, 1, 2, 3]


def test_rotation_metadata_is_applied(tmp_path):
    frame = solid((0, 0, 0), (64, 48))
    frame[:8, :8] = (255, 0, 0)  # a red corner, top left as stored
    path = clips.write_clip(tmp_path / "turned.mp4", [frame] * 3, rotation=90)
    assert videoio.probe(path).rotation == 90
    clip = videoio.read_clip(path, 64, fps=10, max_seconds=1)
    assert clip.size == (48, 64)  # shown upright: portrait
    picture = np.asarray(clip.frames[0])
    assert picture[-3, 2, 0] > 200 and picture[2, 2, 0] < 50  # turned a quarter counter-clockwise


@pytest.mark.parametrize("codec, pix_fmt, suffix", [
    ("libx264", "yuv444p", ".mp4"), ("ffv1", "gray", ".mkv"), ("ffv1", "yuv420p10le", ".mkv"),
    ("libvpx-vp9", "yuv420p", ".webm"), ("mpeg4", "yuv420p", ".mov")])
def test_odd_pixel_formats_and_containers(tmp_path, codec, pix_fmt, suffix):
    frames = clips.shifted_frames(4, (64, 48), (2, 0))
    path = clips.write_clip(tmp_path / f"clip{suffix}", frames, codec=codec, pix_fmt=pix_fmt)
    clip = videoio.read_clip(path, 64, fps=10, max_seconds=1)
    assert len(clip.frames) == 4 and clip.frames[0].mode == "RGB" and clip.size == (64, 48)
    got, want = np.asarray(clip.frames[1], dtype=float), frames[1].astype(float)
    if pix_fmt == "gray":  # stored as luma only
        got, want = got[..., 0], want @ [0.299, 0.587, 0.114]
    assert np.abs(got - want).mean() < 20 and abs(got.mean() - want.mean()) < 4  # within the codec's loss


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animations_are_clips(tmp_path, fmt):
    frames = clips.shifted_frames(6, (64, 48), (2, 0))
    path = clips.animated(tmp_path / f"anim.{fmt.lower()}", frames, ms=200, format=fmt)
    info = videoio.probe(path)
    assert info.kind == "animation" and info.seconds == pytest.approx(1.2) and info.fps == pytest.approx(5)
    clip = videoio.read_clip(path, 64, fps=10, max_seconds=5)
    assert clip.fps == pytest.approx(5) and len(clip.frames) == 6


def test_mp4_frames_rate_duration_audio_and_settings(tmp_path):
    source = clips.write_clip(tmp_path / "with_audio.mp4", clips.shifted_frames(30, (96, 64), (1, 0)), fps=15,
                              audio_seconds=2.0)
    clip = videoio.read_clip(source, 66, fps=10, max_seconds=1.5)
    assert clip.info.has_audio and len(clip.frames) == 15 and clip.size == (66, 44)
    out = videoio.write_mp4(clip.frames, clip.fps, tmp_path / "out.mp4", audio_from=clip.source,
                            settings={"size": 66})
    with av.open(str(out)) as container:
        video = container.streams.video[0]
        assert video.codec_context.name == "h264" and video.codec_context.pix_fmt == "yuv420p"
        assert float(video.average_rate) == pytest.approx(10)
        assert video.frames == 15
        assert float(video.duration * video.time_base) == pytest.approx(1.5, abs=0.01)
        audio = container.streams.audio[0]
        assert audio.codec_context.name == "aac"
        assert float(audio.duration * audio.time_base) == pytest.approx(1.5, abs=0.1)  # cut to the picture's length
    assert videoio.read_settings(out) == {"size": 66}


def test_mp4_without_audio_and_odd_sizes(tmp_path):
    frames = [Image.fromarray(f) for f in clips.shifted_frames(5, (65, 47), (1, 0))]
    out = videoio.write_mp4(frames, 8, tmp_path / "odd.mp4", audio_from=None)
    info = videoio.probe(out)
    assert (info.width, info.height) == (64, 46) and not info.has_audio and info.frames == 5
    assert videoio.read_settings(out) is None


def test_animated_webp_for_sharing(tmp_path):
    frames = [Image.fromarray(f) for f in clips.shifted_frames(5, (64, 48), (1, 0))]
    out = videoio.write_webp(frames, 10, tmp_path / "out.webp")
    with Image.open(out) as image:
        image.load()
        assert image.format == "WEBP" and image.n_frames == 5 and image.info["duration"] == 100


def hostile_cases(tmp_path):
    good = clips.write_clip(tmp_path / "good.mp4", clips.shifted_frames(10, (64, 48), (1, 0)))
    return {
        "corrupt": (clips.garbage(tmp_path / "corrupt.mp4"), "not a video file"),
        "truncated": (clips.truncated(tmp_path / "cut.mp4", good), "corrupt or truncated"),
        "image renamed": (clips.image_renamed(tmp_path / "photo.mp4", EXAMPLES / "photo_cat.jpg"), "still image"),
        "audio only": (clips.audio_only(tmp_path / "sound.mp4"), "only audio"),
        "ten hours": (clips.declared_hours(tmp_path / "long.mp4"), "lasts 10 h 00 min"),
        "10000 px": (clips.huge_frames(tmp_path / "huge.mov"), "10000x10000 px"),
        "zero frames": (clips.no_frames(tmp_path / "empty.mp4"), "no video frames"),
        "many frames": (clips.many_frames(tmp_path / "many.mp4"), "4000 frames"),
        "empty file": (tmp_path / "nothing.mp4", "empty"),
        "missing": (tmp_path / "absent.mp4", "does not exist"),
    }


def test_hostile_clips_get_one_clear_message(tmp_path):
    (tmp_path / "nothing.mp4").write_bytes(b"")
    for name, (path, message) in hostile_cases(tmp_path).items():
        with pytest.raises(VideoError) as caught:
            videoio.read_clip(path, 64, fps=10, max_seconds=2)
        assert message in str(caught.value), name
        assert isinstance(caught.value, StylerError)
        assert "Traceback" not in str(caught.value) and len(str(caught.value)) < 300


def test_a_tiny_file_with_thousands_of_frames_is_refused_before_decoding(tmp_path):
    path = clips.many_frames(tmp_path / "many.mp4")
    assert clips.size_of(path) < 200_000
    with pytest.raises(VideoError, match="240 frames a second"):
        videoio.probe(path)


def test_output_size_is_even_and_keeps_the_aspect():
    assert videoio.output_size((1920, 1080), 256) == (256, 144)
    assert videoio.output_size((1080, 1920), 255) == (142, 254)
