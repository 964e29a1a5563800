"""styler: Gatys et al.'s neural style transfer (CVPR 2016) as a streaming, importable engine.

    from styler import StyleParams, stylize
    for progress in stylize("photo.jpg", "painting.jpg", StyleParams(size=256, iterations=200)):
        ...
"""
from .engine import Progress, read_input, resolve_device, stylize, warm_up
from .errors import DeviceError, DivergedError, ImageError, InvalidParameter, StylerError, WeightsError
from .images import CheckedImage, check_image, load_image
from .params import DEFAULTS, LAYER_NAMES, PARAMS, StyleParams

__all__ = [
    "DEFAULTS", "LAYER_NAMES", "PARAMS", "CheckedImage", "DeviceError", "DivergedError", "ImageError",
    "InvalidParameter", "Progress", "StyleParams", "StylerError", "WeightsError", "check_image", "load_image",
    "read_input", "resolve_device", "stylize", "warm_up",
]
