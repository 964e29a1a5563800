"""User images in, user images out: decoding, validation, colour handling, resizing, tensors.

Every image a user gives (UI, API, CLI) goes through `load_image`, so every odd file gets the
same clear answer: an `ImageError` whose message is written for the person, never a traceback.
What `load_image` does with each kind of input:

- Formats: JPEG (and camera MPO), PNG (and APNG), WebP, GIF, BMP, TIFF, and AVIF where this
  Pillow reads it. Nothing else is even tried (no PDF/EPS through Ghostscript, no PSD, ...):
  text, PDF, SVG, HTML, HEIC or empty files are refused by name.
- Size: anything above `MAX_PIXELS` is refused from its header, before a byte is decoded, so a
  decompression bomb never allocates. A hint of what the caller needs (`max_side`, a long side, or
  `pixels`, an area) lets a large JPEG decode at 1/2, 1/4 or 1/8 scale, and any larger image is
  returned reduced by a whole factor, its long side never below DECODE_MARGIN times that need.
- Orientation: the EXIF Orientation tag is applied, so the picture is upright; a broken EXIF
  block is ignored.
- Colour: the result is always 8-bit sRGB ('RGB'). An embedded ICC profile is converted to sRGB
  where LittleCMS can (an sRGB profile is left alone; an unreadable one is ignored). Grey (L),
  palette (P), CMYK, LAB and YCbCr become RGB; 16-bit (I;16: 0..65535) and 32-bit integer
  images are scaled to 0..255; 32-bit float (F) images are read as 0..1 when 99% of their
  values are at most 1, else as 0..255 (values outside are clipped, NaN becomes 0).
- Transparency (RGBA, LA, PA, palette or colour-key transparency) is composited on WHITE, the
  way a browser shows such an image on a white page: a fully transparent pixel becomes white.
- Animated GIF/PNG/WebP and multi-page TIFF give their first frame; the remark (a styler.messages
  Message) is put in `image.info[NOTE_KEY]`, which the engine passes on in `Progress.notes`.
- The returned image is a new one, detached from any file, with no metadata but that note.

`check_image` does the same and returns a `CheckedImage` (the picture and its note): an input
read once for a run, which the engine takes as it is.

Tensors here are 1x3xHxW float32 sRGB in 0..255, the scale the paper's network and its loss
weights were made for.
"""
from __future__ import annotations

import io
import math
import os
import re
import stat as stat_kind
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Union

import numpy as np
import torch
from PIL import Image, ImageOps

try:
    from PIL import ImageCms
except ImportError:  # a Pillow built without LittleCMS: profiles are then ignored
    ImageCms = None

from .errors import ImageError
from .messages import Message, message

# Refuse anything above this before decoding it, so a decompression bomb never allocates.
# 64 Mpx admits any phone or DSLR photo with room to spare, and bounds what one decoded picture holds.
MAX_PIXELS = 64_000_000
# The network pools four times before conv5_1; below this the deepest layers see no image.
MIN_SIDE = 32
# A reduced image keeps at least this many times the long side its caller needs. The engine resizes
# every input itself, at each scale (a style to an area, so to no fixed grid); with this much room
# that resize, not the cheap reduction here, decides the picture the run sees, and a small run's
# result does not hinge on how the reduction rounded. Applied here only, once, to the caller's
# exact need (which already allows for a style's shape: it is given as an area).
DECODE_MARGIN = 4
NOTE_KEY = "styler_note"  # PIL .info key for remarks the UI should pass on (e.g. "first frame")
FORMATS_TEXT = message("image.formats")  # the formats a person may use, in words
# Pillow plugins load_image lets near a user's bytes; others (EPS runs Ghostscript) are never tried.
_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "DIB", "TIFF", "AVIF")

ImageSource = Union[str, os.PathLike, bytes, BinaryIO, Image.Image, np.ndarray]


def load_image(source: ImageSource | None, role: str = "image", *, max_side: float | None = None,
               pixels: float | None = None) -> Image.Image:
    """Decode and validate a user image; return a new, upright, 8-bit sRGB ('RGB') image.

    `source`: a path, bytes, a binary file object, a PIL image or an HxW[xC] array.
    `role` ("content", "style", ...) names the image in error messages.
    `max_side` or `pixels`: optional hint that the caller will shrink the image to this long side,
    or to this area; a larger image is then returned reduced (a JPEG decoded at a reduced scale
    where that is enough), its long side never below DECODE_MARGIN times the one that needs.
    Raises `ImageError` with a message for the person for anything unusable.
    """
    return _read(source, role, _Need(max_side, pixels))[0]


def _read(source, role: str, need: "_Need") -> tuple[Image.Image, tuple[int, int]]:
    """`load_image`'s image, and the upright size of the picture it was read from."""
    if source is None:
        raise ImageError("image.missing", role=role)
    if isinstance(source, np.ndarray):
        image = _from_array(source, role)
        return _shrink(image, need), image.size
    if isinstance(source, Image.Image):
        return _decode(source, role, "", need, ours=False)
    fp, name, owned = _open_source(source, role)
    try:
        with _identify(fp, role, name) as image:
            return _decode(image, role, name, need, ours=True)
    finally:
        if owned:
            fp.close()


@dataclass(frozen=True)
class CheckedImage:
    """An input read and checked once (`check_image`): upright 8-bit sRGB, under twice DECODE_MARGIN
    times what its run needs, and the remark on it for the person (`note`). The
    engine takes it as it is; it pickles, so it can cross into another process (a GPU worker)."""

    image: Image.Image
    note: str | None = None
    source_size: tuple[int, int] | None = None  # the picture's own (upright) size: its aspect ratio, unrounded

    @property
    def shape(self) -> tuple[int, int]:
        """The size whose aspect ratio a run keeps: the source's, not the reduced image's rounded one."""
        return self.source_size or self.image.size


def check_image(source: ImageSource | CheckedImage | None, role: str = "image", *, max_side: float | None = None,
                pixels: float | None = None) -> CheckedImage:
    """`load_image` as a CheckedImage (a CheckedImage is returned as it is: it is never read twice)."""
    if isinstance(source, CheckedImage):
        return source
    image, source_size = _read(source, role, _Need(max_side, pixels))
    note = image.info.pop(NOTE_KEY, None)
    return CheckedImage(image, note, source_size)


@dataclass(frozen=True)
class _Need:
    """What the caller will shrink an image to: a long side, or an area (a style, matched to the
    output's area), as the long side that gives for an image of a given size."""

    max_side: float | None = None
    pixels: float | None = None

    def keep(self, size: tuple[int, int]) -> int | None:
        """The least long side a reduced image keeps: DECODE_MARGIN times the need (None: no hint)."""
        if self.max_side:
            side = self.max_side
        elif self.pixels:
            side = math.sqrt(self.pixels * max(size) / max(1, min(size)))
        else:
            return None
        return max(1, math.ceil(side * DECODE_MARGIN))


# Reading -----------------------------------------------------------------------------------------

def _open_source(source, role: str) -> tuple[BinaryIO, str, bool]:
    """(binary file object, display name, whether we opened it) for a path, bytes or file object."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        if not len(source):
            raise ImageError("image.empty", role=role, name="")
        return io.BytesIO(bytes(source)), "", True
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            info = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise ImageError("image.not_found", role=role, path=_short(str(path))) from None
        except (OSError, ValueError) as exc:  # name too long, NUL byte, no permission on a folder
            raise ImageError("image.cannot_open", role=role, path=_short(str(path)), why=_why(exc)) from None
        if stat_kind.S_ISDIR(info.st_mode):
            raise ImageError("image.folder", role=role, path=_short(str(path)))
        if not stat_kind.S_ISREG(info.st_mode):  # a pipe or a device (/dev/zero) would never end
            raise ImageError("image.not_regular", role=role, path=_short(str(path)))
        if info.st_size == 0:
            raise ImageError("image.empty", role=role, name=f" '{path.name}'")
        try:
            return open(path, "rb"), path.name, True
        except OSError as exc:
            reason = "permission denied" if isinstance(exc, PermissionError) else _why(exc)
            raise ImageError("image.cannot_open", role=role, path=path.name, why=reason) from None
    if hasattr(source, "read"):
        name = Path(str(getattr(source, "name", "") or "")).name
        try:
            seekable = source.seekable()
        except Exception:
            seekable = False
        if not seekable:
            return io.BytesIO(source.read()), name, True
        return source, name, False
    raise ImageError("image.bad_source", role=role, kind=type(source).__name__)


def _identify(fp: BinaryIO, role: str, name: str) -> Image.Image:
    """Image.open (header only) restricted to the formats above, every failure as an ImageError."""
    start = fp.tell()
    head = fp.read(512)
    fp.seek(start)
    if not head:
        raise ImageError("image.empty", role=role, name=_quoted(name))
    try:
        with warnings.catch_warnings():
            # Our own pixel limit gives the message (Pillow's bomb check is the backstop); other
            # warnings here are Pillow's remarks on odd headers (corrupt EXIF), not the person's concern.
            warnings.simplefilter("ignore")
            return Image.open(fp, formats=_open_formats())
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        limit = f"{MAX_PIXELS / 1e6:.0f}"
        if found:
            raise ImageError("image.too_large_count", role=role, count=f"{int(found.group(1)) / 1e6:,.0f}",
                             limit=limit) from None
        raise ImageError("image.too_large_header", role=role, limit=limit) from None
    except MemoryError:
        raise ImageError("image.no_memory", role=role, action=message("image.action.read")) from None
    except Exception:  # UnidentifiedImageError, and whatever a plugin raises on a broken header
        raise ImageError("image.unreadable", role=role, name=_quoted(name), detail=_what_is(head)) from None


def _open_formats() -> tuple[str, ...]:
    Image.init()
    return tuple(f for f in _FORMATS if f in Image.OPEN)


_SIGNATURES = (  # the formats we read, recognised when Pillow could not open them
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
    (b"BM", "BMP"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"II+\x00", "TIFF"), (b"MM\x00+", "TIFF"),
)


def _what_is(head: bytes) -> Message:
    """Why Pillow could not open a file, from its first bytes, for the person who chose it."""
    def use(code: str) -> Message:
        return message(code, formats=FORMATS_TEXT)

    for magic, fmt in _SIGNATURES:
        if head.startswith(magic):
            return message("file.damaged", format=fmt)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return message("file.damaged", format="WebP")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"):
            return use("file.heic")
        if brand in (b"avif", b"avis"):
            return use("file.avif") if "AVIF" not in _open_formats() else message("file.damaged", format="AVIF")
        return use("file.iso_media")
    if head.startswith(b"%PDF"):
        return use("file.pdf")
    if head.startswith(b"%!PS") or head.startswith(b"\xc5\xd0\xd3\xc6"):
        return use("file.postscript")
    if head.startswith(b"8BPS"):
        return use("file.psd")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<"):
        if b"<svg" in text:
            return use("file.svg")
        if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text:
            return use("file.html")
        return use("file.xml")
    try:
        decoded = head.decode("utf-8")
    except UnicodeDecodeError:
        decoded = ""
    if decoded and all(ch.isprintable() or ch in "\t\r\n" for ch in decoded[:-4]):
        return use("file.text")
    return use("file.unknown")


# Decoding ----------------------------------------------------------------------------------------

def _decode(image: Image.Image, role: str, name: str, need: _Need, *,
            ours: bool) -> tuple[Image.Image, tuple[int, int]]:
    """The header is read; check it, decode, make upright sRGB. `ours`: opened here (may be changed).
    Also the picture's upright size as its header gives it (before any reduction)."""
    _check_pixels(image.size, role)
    header = image.size
    note = _frames_note(image, role)
    where = _quoted(name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's remarks on odd files; errors still raise
            keep = need.keep(image.size)
            if ours and keep and image.format in ("JPEG", "MPO") and max(image.size) >= 2 * keep:
                scale = keep / max(image.size)
                image.draft(image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
            image.load()
    except ImageError:
        raise
    except MemoryError:
        raise ImageError("image.no_memory", role=role, action=message("image.action.decode")) from None
    except Image.DecompressionBombError:
        raise ImageError("image.too_large", role=role, limit=f"{MAX_PIXELS / 1e6:.0f}") from None
    except Exception as exc:  # truncated data, codec errors
        raise ImageError("image.damaged", role=role, name=where, why=_why(exc)) from None
    loaded = image.size
    image = _upright(image)
    source_size = header[::-1] if image.size != loaded else header  # EXIF turned it a quarter
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = _to_srgb(image)
    except MemoryError:
        raise ImageError("image.no_memory", role=role, action=message("image.action.convert")) from None
    except Exception as exc:
        raise ImageError("image.colours", role=role, name=where, mode=image.mode, why=_why(exc)) from None
    result = _shrink(result, need)
    result.info = {NOTE_KEY: note} if note else {}
    return result, source_size


def _frames_note(image: Image.Image, role: str) -> Message | None:
    try:
        several = bool(getattr(image, "is_animated", False))
        if several:
            image.seek(0)
    except Exception:
        return None
    if not several or image.format == "MPO":  # MPO: a camera's photo plus previews; the first is the photo
        return None
    if image.format == "TIFF":
        return message("image.pages", role=role)
    return message("image.animated", role=role)


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF Orientation tag; a broken EXIF block leaves the image as it is."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ImageOps.exif_transpose(image)
    except Exception:
        return image


def _shrink(image: Image.Image, need: _Need) -> Image.Image:
    """An integer box reduction keeping the long side at least what `need` keeps (so under twice
    that): cheap, a plain average with no filter of its own, and the caller's final resize, not this
    one, decides the quality and the exact size."""
    keep = need.keep(image.size)
    factor = max(image.size) // keep if keep else 0
    return image.reduce(factor) if factor >= 2 else image


def _check_pixels(size: tuple[int, int], role: str) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise ImageError("image.too_large_size", role=role, size=f"{width}x{height}",
                         count=f"{width * height / 1e6:,.0f}", limit=f"{MAX_PIXELS / 1e6:.0f}")
    if width < 1 or height < 1:
        raise ImageError("image.no_pixels", role=role, size=f"{width}x{height}")


# Colour ------------------------------------------------------------------------------------------

_HIGH_DEPTH = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")


def _to_srgb(image: Image.Image) -> Image.Image:
    """Any Pillow mode, with or without an ICC profile, to a new 8-bit sRGB image."""
    profile = image.info.get("icc_profile")
    if image.mode in _HIGH_DEPTH:
        image = _high_depth_to_8bit(image)
    elif image.mode not in ("1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr",
                            "LAB", "HSV"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")  # BGR;15 and other rarities
    if image.mode in ("P", "PA") or (image.mode in ("1", "L", "RGB") and "transparency" in image.info):
        image = image.convert("RGBA")  # palette and colour-key transparency become alpha
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        image = _convert_profile(image, profile)
    if image.mode in ("RGBA", "LA", "RGBa", "La"):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image.convert("RGBA"))
    return image.convert("RGB")


def _convert_profile(image: Image.Image, profile: bytes) -> Image.Image:
    if ImageCms is None:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if ImageCms.getProfileDescription(source).strip().lower().startswith("srgb"):
            return image  # already sRGB: converting would only round
        srgb = ImageCms.createProfile("sRGB")
        out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, srgb, outputMode=out_mode)
        return converted
    except Exception:
        return image  # an unreadable or mismatched profile is not worth refusing the picture for


def _high_depth_to_8bit(image: Image.Image) -> Image.Image:
    """16/32-bit integer and float grey to 8-bit 'L' (or 'LA' when a colour key marks transparency)."""
    raw = np.asarray(image)
    array = raw.astype(np.float64)
    finite = np.isfinite(array)
    array = np.where(finite, array, 0.0)
    if image.mode == "F":  # usually 0..1; a few highlights above 1 (HDR) do not make it 0..255
        top = 1.0 if not finite.any() or np.percentile(array[finite], 99) <= 1.0 else 255.0
    elif image.mode.startswith("I;16"):
        top = 65535.0
    else:  # 'I': 32-bit; in practice 8- or 16-bit data widened
        peak = array.max(initial=0.0)
        top = 255.0 if peak <= 255 else 65535.0 if peak <= 65535 else peak
    grey = np.clip(array / top * 255.0 + 0.5, 0, 255).astype(np.uint8)
    key = image.info.get("transparency")
    if isinstance(key, (int, float)) and not isinstance(key, bool):
        alpha = np.where(raw == key, 0, 255).astype(np.uint8)
        return Image.fromarray(np.stack([grey, alpha], axis=-1), "LA")
    return Image.fromarray(grey, "L")


def _from_array(array: np.ndarray, role: str) -> Image.Image:
    shape_ok = array.ndim == 2 or (array.ndim == 3 and array.shape[2] in (1, 2, 3, 4))
    if not shape_ok:
        raise ImageError("image.array_shape", role=role, shape=str(array.shape))
    _check_pixels((array.shape[1], array.shape[0]), role)
    kind = array.dtype.kind
    if kind == "b":
        array = array.astype(np.uint8) * 255
    elif array.dtype == np.uint16:
        array = (array.astype(np.float64) / 257.0 + 0.5).astype(np.uint8)
    elif kind == "f":
        values = np.nan_to_num(array.astype(np.float64), nan=0.0, posinf=255.0, neginf=0.0)
        scale = 255.0 if values.max(initial=0.0) <= 1.0 else 1.0
        array = np.clip(values * scale + 0.5, 0, 255).astype(np.uint8)
    elif kind in "iu" and array.dtype != np.uint8:
        array = np.clip(array, 0, 255).astype(np.uint8)
    elif array.dtype != np.uint8:
        raise ImageError("image.array_type", role=role, dtype=str(array.dtype))
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    mode = "L" if array.ndim == 2 else {2: "LA", 3: "RGB", 4: "RGBA"}[array.shape[2]]
    return _to_srgb(Image.fromarray(np.ascontiguousarray(array), mode))


def _quoted(name: str) -> str:
    return f" '{_short(name)}'" if name else ""


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:37] + "..." + text[-40:]


def _why(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    return text if len(text) < 120 else text[:117] + "..."


# Sizes -------------------------------------------------------------------------------------------

def fit_long_side(size: tuple[int, int], long_side: int, role: str = "image") -> tuple[int, int]:
    """(w, h) scaled so the longer side is `long_side`; refuses a short side under MIN_SIDE."""
    width, height = size
    scale = long_side / max(width, height)
    return _rounded(width * scale, height * scale, role, message("image.at_size", size=long_side))


def fit_area(size: tuple[int, int], pixels: float, role: str = "image") -> tuple[int, int]:
    """(w, h) with the same aspect ratio and about `pixels` pixels."""
    width, height = size
    scale = (pixels / (width * height)) ** 0.5
    return _rounded(width * scale, height * scale, role, message("image.at_area"))


def _rounded(width: float, height: float, role: str, where: Message) -> tuple[int, int]:
    w, h = max(1, round(width)), max(1, round(height))
    if min(w, h) < MIN_SIDE:
        raise ImageError("image.too_small", role=role, where=where, size=f"{w}x{h}", least=MIN_SIDE)
    return w, h


def resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


# Tensors -----------------------------------------------------------------------------------------

def to_tensor(image: Image.Image, device: torch.device | str = "cpu") -> torch.Tensor:
    """8-bit RGB PIL image -> 1x3xHxW float32 in 0..255."""
    array = np.asarray(image.convert("RGB"), dtype=np.float32)
    return torch.from_numpy(array).permute(2, 0, 1).unsqueeze(0).contiguous().to(device)


def to_image(tensor: torch.Tensor) -> Image.Image:
    """1x3xHxW (or 3xHxW) tensor in 0..255 -> 8-bit RGB PIL image (clamped, rounded)."""
    array = tensor.detach().squeeze(0).clamp(0, 255).round().to(torch.uint8).permute(1, 2, 0).cpu().numpy()
    return Image.fromarray(np.ascontiguousarray(array), "RGB")


