"""The Gradio web app around the `styler` engine.

    import webapp
    server = webapp.ServerConfig.from_environment()
    demo = webapp.build_demo(server)
    demo.launch(**webapp.launch_kwargs(server))

The modules and the rules they follow: docs/ARCHITECTURE.md.
"""
from . import gpu  # noqa: F401  first: `import spaces` must precede torch's CUDA initialisation
from .config import ServerConfig
from .layout import build_demo, launch_kwargs

__all__ = ["ServerConfig", "build_demo", "launch_kwargs"]
