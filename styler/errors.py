"""Errors a user can cause. Each carries a message meant to be shown as-is."""


class StylerError(Exception):
    """Base of every error whose message is written for the person using the tool."""


class InvalidParameter(StylerError, ValueError):
    """A parameter value is out of bounds, of the wrong type, or unknown."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


class ImageError(StylerError, ValueError):
    """An input image cannot be read or is unusable (empty, corrupt, too large, too small)."""


class WeightsError(StylerError):
    """The VGG-19 weights asked for cannot be loaded."""


class DeviceError(StylerError):
    """The device asked for is absent, or the run does not fit in its memory."""


class DivergedError(StylerError):
    """The optimisation produced a non-finite loss. Keeps the last finite iterate."""

    def __init__(self, message: str, iteration: int, last_image=None):
        super().__init__(message)
        self.iteration = iteration
        self.last_image = last_image


class VideoError(StylerError, ValueError):
    """A clip cannot be read or is unusable (not a video, corrupt, too long, too large, no frames)."""
