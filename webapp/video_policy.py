"""What one clip may cost on this server: checked before the job queues, with what would fit.

The limits are this server's settings (webapp.config.ServerConfig, from STYLER_MAX_CLIP_SECONDS,
STYLER_MAX_CLIP_FRAMES and STYLER_MAX_CLIP_SIZE; the defaults keep a small CPU server answering
within its 2-minute limit: 4 s, 40 frames, 384 px on a CPU; 10 s, 300 frames, 1024 px on a GPU).

The picture settings go through webapp.policy as the image tab's do (the time budget is the whole
clip's); the memory estimate counts the frames held (styler.limits.clip_bytes); a clip whose frames
cannot each get a few iterations in its budget, at this server's measured pace, is refused with
the number of frames that fit.
"""
from __future__ import annotations

import math

from styler import StyleParams, accel, limits, pace
from styler.errors import InvalidParameter
from styler.video import VideoParams
from styler.videoio import ClipInfo

from . import policy
from .i18n import span


def default_size() -> int:
    """The page's starting frame size on this server: watchable, within its limits."""
    server = policy.server()
    return min(server.max_clip_size, 256 if server.device == "cpu" else 512)


def default_seconds() -> float:
    """The page's starting budget for a clip on this server."""
    server = policy.server()
    return min(server.max_seconds, 90 if server.device == "cpu" else 60)


# A later frame needs at least this many iterations' time to be worth showing (two of them: its
# set-up, the painting's and the frame's targets, and its last evaluation); the first frame this many.
MIN_LATER_ITERATIONS = 5
MIN_FIRST_ITERATIONS = 10


def frames_for(video: VideoParams, info: ClipInfo | None) -> int:
    """How many frames the clip will give: its length (if known) up to max_seconds, at its rate."""
    seconds = min(video.max_seconds, info.seconds) if info is not None and info.seconds > 0 else video.max_seconds
    fps = min(video.fps, info.fps) if info is not None and info.fps > 0 else video.fps
    return max(1, math.ceil(seconds * fps - 1e-6))


def check(params: StyleParams, video: VideoParams, info: ClipInfo | None = None, idle: bool = True) -> None:
    """Raise InvalidParameter, naming the limit and what fits, for a clip this server does not take."""
    policy.check(params, idle)
    server = policy.server()
    if params.size > server.max_clip_size:
        raise InvalidParameter("size", "limit.clip_size", size=params.size, largest=server.max_clip_size)
    if video.max_seconds > server.max_clip_seconds:
        raise InvalidParameter("max_seconds", "limit.clip_seconds", limit=f"{server.max_clip_seconds:g}",
                               asked=f"{video.max_seconds:g}")
    frames = frames_for(video, info)
    if frames > server.max_clip_frames:
        fits = server.max_clip_frames / min(video.fps, info.fps if info is not None and info.fps > 0 else video.fps)
        raise InvalidParameter("fps", "limit.clip_frames", frames=frames, limit=server.max_clip_frames,
                               fits=f"{fits:.1f}", fps=f"{video.fps:g}")
    pixels = params.size * round(params.size / policy.TYPICAL_ASPECT)
    free = policy.memory_for_a_run(idle)
    if free is not None and limits.clip_bytes(params, pixels, frames, policy.device()) > free * limits.USABLE:
        raise InvalidParameter("size", "limit.clip_memory", frames=frames, size=params.size)
    _check_time(params, video, frames, pixels)


def _check_time(params: StyleParams, video: VideoParams, frames: int, pixels: int) -> None:
    device = policy.device()
    per_iteration = pace.seconds_per_iteration(pace.key(device.type, accel.precision_for(params.precision, device)),
                                               pixels)
    if per_iteration is None:
        return
    if params.seconds > 0:
        least = per_iteration * (MIN_FIRST_ITERATIONS + MIN_LATER_ITERATIONS * (frames - 1))
        if least > params.seconds:
            fits = max(1, int((params.seconds / per_iteration - MIN_FIRST_ITERATIONS) / MIN_LATER_ITERATIONS) + 1)
            raise InvalidParameter("seconds", "limit.clip_budget", frames=frames, size=params.size, least=span(least),
                                   device=policy.device_name(), budget=span(params.seconds), fits=fits)
        return
    estimate = per_iteration * (params.iterations + video.frame_iterations * (frames - 1))
    longest = policy.server().max_seconds
    if estimate > longest * policy.ESTIMATE_SLACK:
        raise InvalidParameter("frame_iterations", "limit.clip_iterations", frames=frames,
                               iterations=video.frame_iterations, size=params.size, estimate=span(estimate),
                               device=policy.device_name(), limit=span(longest))
