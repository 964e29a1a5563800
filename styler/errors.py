"""Errors a user can cause. Each carries a message for the person: a code and its fields
(styler.messages), whose English is the error's text."""
from __future__ import annotations

from typing import Any

from .messages import Message


class StylerError(Exception):
    """Base of every error whose message is written for the person using the tool.

    `StylerError(code, **fields)`: `message` is the Message, `str(error)` its English."""

    def __init__(self, code: str, **fields: Any):
        self.message = Message(code, fields)
        super().__init__(str(self.message))

    @property
    def code(self) -> str:
        return self.message.code

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.message.fields)

    def __reduce__(self):  # pickles with its message and attributes (its __init__ takes other arguments)
        return _restore, (type(self), self.__dict__)


def _restore(cls: type, state: dict) -> StylerError:
    error = cls.__new__(cls)
    Exception.__init__(error, str(state["message"]))
    error.__dict__.update(state)
    return error


def about(param: str, code: str, **fields: Any) -> dict[str, Any]:
    """The fields of a message that names the setting `param` and what is wrong with it
    ("size: ..."), for `StylerError("param.invalid", **about(...))`."""
    return {"param": param, "detail": Message(code, fields)}


class InvalidParameter(StylerError, ValueError):
    """A parameter value is out of bounds, of the wrong type, or unknown: "field: detail"."""

    def __init__(self, field: str, code: str, **fields: Any):
        super().__init__("param.invalid", **about(field, code, **fields))
        self.field = field

    @property
    def detail(self) -> Message:
        return self.message.fields["detail"]


class ImageError(StylerError, ValueError):
    """An input image cannot be read or is unusable (empty, corrupt, too large, too small)."""


class WeightsError(StylerError):
    """The VGG-19 weights asked for cannot be loaded."""


class DeviceError(StylerError):
    """The device asked for is absent, or the run does not fit in its memory."""


class DivergedError(StylerError):
    """The optimisation produced a non-finite loss. Keeps the last finite iterate."""

    def __init__(self, iteration: int, last_image=None):
        super().__init__("diverged", iteration=iteration)
        self.iteration = iteration
        self.last_image = last_image


class VideoError(StylerError, ValueError):
    """A clip cannot be read or is unusable (not a video, corrupt, too long, too large, no frames)."""
