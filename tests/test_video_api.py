"""The Video tab's endpoint through its public API (gradio_client) and as an MCP tool: a tiny clip
streamed and returned as MP4 and WebP with its settings, refusals before the queue, hostile clips."""
from __future__ import annotations

import httpx
import pytest
from PIL import Image

import synthetic_clips as clips
from helpers import STYLE

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import handle_file  # noqa: E402

from styler import videoio  # noqa: E402
from styler.video import VIDEO_PARAMS  # noqa: E402
from webapp import policy, video_tab  # noqa: E402

pytestmark = pytest.mark.server
OUT = {name: i for i, name in enumerate(video_tab.OUTPUTS)}


def _path(value):
    if isinstance(value, dict):
        return value.get("path") or value.get("value") or (value.get("video") or {}).get("path")
    return value


@pytest.fixture(scope="module")
def sound_clip(tmp_path_factory):
    path = tmp_path_factory.mktemp("clips") / "with_sound.mp4"
    return clips.write_clip(path, clips.shifted_frames(8, (80, 60), (2, 1)), fps=10, audio_seconds=1.0)


def test_the_endpoint_and_its_mcp_tool(client, url):
    info = client.view_api(print_info=False, return_format="dict")["named_endpoints"]["/stylize_video"]
    names = [p["parameter_name"] for p in info["parameters"]]
    assert names == ["clip", "painting", "animation", "size", "seconds", *VIDEO_PARAMS]
    tools = httpx.get(f"{url}gradio_api/mcp/schema", timeout=30).json()
    tool = next(t for t in tools if t["name"] == "stylize_video")
    assert tool["description"].startswith(video_tab.API_DESCRIPTION)
    assert {"clip", "painting", "fps", "max_seconds"} <= set(tool["inputSchema"]["properties"])


def test_a_tiny_clip_streams_frames_and_returns_mp4_webp_and_settings(client, sound_clip):
    job = client.submit(clip=handle_file(str(sound_clip)), painting=handle_file(str(STYLE)), size=64, seconds=10,
                        fps=10, max_seconds=0.3, frame_iterations=3, api_name="/stylize_video")
    outputs = list(job)
    final = job.result()
    statuses = [o[OUT["status"]] for o in outputs if isinstance(o[OUT["status"]], str)]
    assert any("Frame" in s and "of 3" in s for s in statuses), statuses
    assert final[OUT["status"]].startswith("**Done** · 3 frames")
    mp4 = _path(final[OUT["result"]])
    info = videoio.probe(mp4)
    assert info.frames == 3 and info.has_audio and (info.width, info.height) == (64, 48)
    assert videoio.read_settings(mp4)["video"]["max_seconds"] == 0.3
    settings = final[OUT["settings"]]
    assert settings["frames"] == 3 and settings["style"]["size"] == 64
    with Image.open(_path(final[OUT["webp"]])) as webp:
        assert webp.n_frames == 3


def test_over_the_limits_is_refused_before_the_queue_with_what_fits(client, sound_clip):
    longest = policy.server().max_clip_seconds
    too_long = longest + 1
    with pytest.raises(Exception, match=f"at most {longest:g} s"):
        client.predict(clip=handle_file(str(sound_clip)), painting=handle_file(str(STYLE)), max_seconds=too_long,
                       api_name="/stylize_video")
    with pytest.raises(Exception, match="max_seconds"):
        client.predict(clip=handle_file(str(sound_clip)), painting=handle_file(str(STYLE)), max_seconds=1000,
                       api_name="/stylize_video")


@pytest.mark.parametrize("make, message", [
    (lambda d: clips.declared_hours(d / "long.mp4"), "10 h 00 min"),
    (lambda d: clips.garbage(d / "junk.mp4"), "not a video file"),
    (lambda d: clips.audio_only(d / "sound.mp4"), "only audio"),
])
def test_hostile_clips_get_their_message_and_the_server_keeps_serving(client, tmp_path, make, message):
    with pytest.raises(Exception, match=message):
        client.predict(clip=handle_file(str(make(tmp_path))), painting=handle_file(str(STYLE)), size=64,
                       api_name="/stylize_video")
