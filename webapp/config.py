"""Server settings: `ServerConfig`, read once from the environment by `ServerConfig.from_environment`
(app.py) and handed to `build_demo`; the event options, theme and CSS.

STYLER_CONCURRENCY  runs at once per device (default 1: GPU/CPU work is serialised)
STYLER_QUEUE_SIZE   requests that may wait in line (default 32; more are refused politely)
STYLER_MAX_FILE_SIZE upload limit (default "20mb")
STYLER_MAX_SECONDS, STYLER_MAX_SIZE, STYLER_ALLOW_DOWNLOADS  what one run may cost (webapp.policy)
STYLER_GPU_DURATION  on ZeroGPU, the most GPU seconds one run may ask for (default 90; see webapp.gpu)
SPACES_ZERO_GPU     set by ZeroGPU itself: runs then ask it for a GPU (webapp.gpu)
STYLER_MAX_CLIP_SECONDS, STYLER_MAX_CLIP_FRAMES, STYLER_MAX_CLIP_SIZE  what one clip may be (webapp.video_policy)
GRADIO_SERVER_NAME / GRADIO_SERVER_PORT are read by Gradio itself (default 127.0.0.1:7860).
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Mapping

import gradio as gr

from styler.engine import resolve_device

from .gallery import EXAMPLES_DIR


def env_number(name: str, default: float, minimum: float, whole: bool = False,
               environ: Mapping[str, str] = os.environ) -> float:
    """A number from the environment (its default when unset); a bad value stops the server
    at start-up with a message, not at the first request."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    kind = "a whole number" if whole else "a number"
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        raise SystemExit(f"{name} must be {kind} >= {minimum:g}, got {raw!r}") from None
    if not math.isfinite(value) or value < minimum:
        raise SystemExit(f"{name} must be {kind} >= {minimum:g}, got {raw!r}")
    return value


def on_zerogpu(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether this is a ZeroGPU Space: told by the variable ZeroGPU sets, read as the `spaces`
    package reads it (the package being importable says nothing: it is installed everywhere)."""
    return environ.get("SPACES_ZERO_GPU", "").lower() in ("1", "t", "true")


@dataclass(frozen=True)
class ServerConfig:
    """This server's settings. The defaults keep a free CPU Space healthy."""

    device: str = "cpu"  # where runs compute: "cpu", "cuda" or "mps" (on ZeroGPU: "cuda")
    on_zerogpu: bool = False  # a Hugging Face ZeroGPU Space: a GPU only inside each run's call
    gpu_duration: int = 90  # on ZeroGPU, the most GPU seconds one run may ask for (webapp.gpu)
    max_seconds: float = 120  # the longest run (webapp.policy)
    max_size: int = 1024  # the largest output, before what fits in memory lowers it (webapp.policy)
    allow_downloads: bool = False  # weight sources that download at run time
    concurrency: int = 1  # runs at once per device
    queue_size: int = 32  # runs that may wait in line
    max_file_size: str = "20mb"  # the upload limit
    max_clip_seconds: float = 4  # the longest part of a clip repainted (webapp.video_policy)
    max_clip_frames: int = 40  # the most frames of a clip
    max_clip_size: int = 384  # the largest frame size of a clip, in px

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> "ServerConfig":
        """The settings the environment asks for; a bad value stops the server at start-up."""
        # On ZeroGPU the GPU exists only inside a decorated call: plan for it as CUDA. A visitor's
        # daily GPU quota there is a few minutes: a run asks for at most a minute.
        zerogpu = on_zerogpu(environ)
        device = "cuda" if zerogpu else resolve_device("auto").type
        number = dict(environ=environ)
        return cls(
            device=device, on_zerogpu=zerogpu,
            gpu_duration=int(env_number("STYLER_GPU_DURATION", 90, 1, whole=True, **number)),
            max_seconds=env_number("STYLER_MAX_SECONDS", 60 if zerogpu else 120, 1, **number),
            max_size=int(env_number("STYLER_MAX_SIZE", 1024 if device == "cpu" else 2048, 64, whole=True, **number)),
            allow_downloads=environ.get("STYLER_ALLOW_DOWNLOADS", "").strip().lower() in ("1", "true", "yes"),
            concurrency=int(env_number("STYLER_CONCURRENCY", 1, 1, whole=True, **number)),
            queue_size=int(env_number("STYLER_QUEUE_SIZE", 32, 1, whole=True, **number)),
            max_file_size=environ.get("STYLER_MAX_FILE_SIZE", "20mb"),
            # A small CPU server answers a few seconds of a small clip within its limit; a GPU more.
            max_clip_seconds=env_number("STYLER_MAX_CLIP_SECONDS", 4 if device == "cpu" else 10, 0.2, **number),
            max_clip_frames=int(env_number("STYLER_MAX_CLIP_FRAMES", 40 if device == "cpu" else 300, 1, whole=True,
                                           **number)),
            max_clip_size=int(env_number("STYLER_MAX_CLIP_SIZE", 384 if device == "cpu" else 1024, 64, whole=True,
                                         **number)))


TITLE = "Neural style transfer"

# Event options. Only the Run event is public; the rest is the page's plumbing.
PRIVATE = dict(api_visibility="private")
INSTANT = dict(queue=False, api_visibility="private")
# Queued (a toast reaches the page only from a queued event) but never behind a run.
CHECK = dict(api_visibility="private", concurrency_limit=None, show_progress="hidden")


def engine_options(server: ServerConfig) -> dict:
    """The engine's queue slots, shared by the main run and the "How it works" figures."""
    return dict(concurrency_limit=server.concurrency, concurrency_id="styler-engine")


# System fonts only: the page must not fetch fonts from the internet.
THEME = gr.themes.Soft(primary_hue="indigo", secondary_hue="amber", neutral_hue="slate",
                       font=["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
                       font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"])

CSS = """
.gradio-container { max-width: 1280px !important; margin: 0 auto !important; }
#header h1 { margin: 0.2em 0 0.1em; font-size: 2rem; }
#header p { margin: 0.2em 0; color: var(--body-text-color-subdued); max-width: 60em; }
#status { min-height: 2.6em; padding: 0.4em 0.8em; border-radius: var(--radius-lg);
          background: var(--background-fill-secondary); font-variant-numeric: tabular-nums; }
#status p { margin: 0; }
/* Example galleries: a compact strip of thumbnails with their captions underneath. */
.example-gallery .grid-wrap { height: auto !important; min-height: 0 !important; max-height: none !important;
                              overflow: visible !important; }
.example-gallery .grid-container { grid-template-columns: repeat(auto-fit, minmax(54px, 1fr)) !important;
                                   grid-auto-rows: auto !important; height: auto !important; gap: 6px !important;
                                   padding-top: 2.3rem !important; }
.example-gallery .gallery-item, .example-gallery .thumbnail-item { height: auto !important; width: 100% !important;
                                   aspect-ratio: auto !important; }
.example-gallery .thumbnail-item { display: flex !important; flex-direction: column; padding: 0 !important; }
.example-gallery .thumbnail-item img { width: 100% !important; height: auto !important; aspect-ratio: 1 / 1;
                                       object-fit: cover; border-radius: var(--radius-md); }
.example-gallery .caption-label { position: static !important; transform: none !important; max-width: 100% !important;
      white-space: normal !important; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2;
      -webkit-box-orient: vertical; font-size: 0.68rem !important; line-height: 1.2; padding: 2px 1px 0 !important;
      background: none !important; border: none !important; box-shadow: none !important;
      color: var(--body-text-color-subdued) !important; text-align: center; }
#seed-box { gap: 6px; }
/* Gradio wraps consecutive inputs in one .form box: lay that box out as a responsive grid. */
.advanced-grid > .form { display: grid !important; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); }
#png-file, #timelapse { align-self: flex-start; }
#run-buttons button { min-height: 2.8em; font-size: 1.05rem; }
#footer { font-size: 0.8rem; color: var(--body-text-color-subdued); text-align: center; }
img { max-width: 100%; }
/* The result at its own pixel size, sharp (never stretched; only shrunk to fit), in the middle of its
   frame; the fullscreen button shows it larger. */
#output-image img { width: auto !important; height: auto !important; max-width: 100%; max-height: 100%;
                    object-fit: scale-down; margin: auto; }
#timelapse img { width: 100%; height: 100%; object-fit: contain; }
@media (max-width: 640px) {
  #header h1 { font-size: 1.5rem; }
  .gradio-container { padding-left: 6px !important; padding-right: 6px !important; }
}
"""


def launch_options(server: ServerConfig, catalogue: gr.I18n, **overrides) -> dict:
    """What `demo.launch()` needs besides host/port (Gradio reads those from its env variables);
    `catalogue` is every static text of the page in every language."""
    kwargs = dict(theme=THEME, css=CSS, allowed_paths=[str(EXAMPLES_DIR)], max_file_size=server.max_file_size,
                  footer_links=["api", "gradio"],
                  mcp_server=True,  # the Run endpoint as a tool for LLM agents
                  i18n=catalogue)
    kwargs.update(overrides)
    return kwargs
