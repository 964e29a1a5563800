"""The Gradio web app around the `styler` engine.

    import webapp
    demo = webapp.build_demo()
    demo.launch(**webapp.launch_kwargs())

The modules and the rules they follow: docs/ARCHITECTURE.md.
"""
from . import gpu  # noqa: F401  first: `import spaces` must precede torch's CUDA initialisation
from .config import launch_kwargs
from .layout import build_demo

__all__ = ["build_demo", "launch_kwargs"]
