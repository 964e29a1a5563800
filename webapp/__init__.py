"""The Gradio web app around the `styler` engine (see DESIGN.md, "Architecture").

    import webapp
    demo = webapp.build_demo()
    demo.launch(**webapp.launch_kwargs())

Modules: gpu (ZeroGPU isolation), controls (inputs generated from styler.params.PARAMS),
runner (engine progress -> component updates), gallery (examples + captions), timelapse
(GIF of the previews), warmup (background network load), config (queue, theme, limits),
figures_tab (the "How it works" tab: the paper's figures),
layout (the Blocks and their events).
"""
from . import gpu  # noqa: F401  first: `import spaces` must precede torch's CUDA initialisation
from .config import launch_kwargs
from .layout import build_demo

__all__ = ["build_demo", "launch_kwargs"]
