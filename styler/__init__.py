"""styler: Gatys et al.'s neural style transfer (CVPR 2016) as a streaming, importable engine.

    from styler import StyleParams, stylize
    for progress in stylize("photo.jpg", "painting.jpg", StyleParams(size=256, iterations=200)):
        ...
"""
from .engine import Progress, resolve_device, stylize, warm_up
from .errors import DeviceError, DivergedError, ImageError, InvalidParameter, StylerError, WeightsError
from .images import load_image
from .params import DEFAULTS, LAYER_NAMES, PARAMS, StyleParams

__all__ = [
    "DEFAULTS", "LAYER_NAMES", "PARAMS", "DeviceError", "DivergedError", "ImageError", "InvalidParameter",
    "Progress", "StyleParams", "StylerError", "WeightsError", "load_image", "resolve_device", "stylize",
    "warm_up",
]
