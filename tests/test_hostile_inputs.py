"""Hostile and odd inputs: every one gets a clear answer, nothing crashes, nothing is lost.

Every bad input is made here, in the test (no binary fixtures): crafted headers, truncated
encodings, odd Pillow modes. Images go through `load_image` (the one shared validation), through
`stylize()` on the real weights at 48-64 px, and through the CLI; parameters through `StyleParams`,
with the table generated from `styler.params.PARAMS` so a new field is covered automatically.
"""
from __future__ import annotations

import io
import math
import os
import struct
import subprocess
import sys
import textwrap
import tracemalloc
import zlib
from dataclasses import fields

import numpy as np
import pytest
from PIL import Image, ImageCms, ImageFile

from helpers import ROOT, patience
from styler import ImageError, InvalidParameter, StyleParams, WeightsError, load_image, stylize
from styler import engine, images
from styler.cli import main as cli_main
from styler.params import PARAMS, _fmt
from webapp import i18n

TINY = dict(size=64, iterations=2, preview_every=1)


pytestmark = [pytest.mark.engine, pytest.mark.usefixtures("one_torch_thread")]


# Makers ------------------------------------------------------------------------------------------

def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def picture(size=(80, 60), seed=0) -> Image.Image:
    """A small photo-like RGB image: smooth gradients plus noise (so JPEG has real data)."""
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    rng = np.random.default_rng(seed)
    array = np.stack([x * 255 / max(w - 1, 1), y * 255 / max(h - 1, 1), (x + y) * 127 / max(w + h - 2, 1)], -1)
    array = np.clip(array + rng.normal(0, 12, array.shape), 0, 255).astype(np.uint8)
    return Image.fromarray(array, "RGB")


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width: int, height: int, rows: int = 4) -> bytes:
    """A tiny, valid-looking RGB PNG whose header claims width x height (only `rows` rows of data)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(b"\0" * (1 + 3 * width)) for _ in range(min(rows, height)))
    data += compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data)
            + png_chunk(b"IEND", b""))


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real 16x16 JPEG whose SOF0 header is rewritten to claim width x height."""
    data = bytearray(encode(picture((16, 16)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)  # marker, length(2), precision(1), then H, W
    return bytes(data)


def icc_profile(description: str, gamma: float) -> bytes:
    """A minimal ICC v2 RGB display profile: sRGB's primaries (D50-adapted), a pure-gamma curve."""
    def s15(v):
        return struct.pack(">i", round(v * 65536))

    def xyz(x, y, z):
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    ascii_ = description.encode() + b"\0"
    tags = [
        (b"desc", b"desc\0\0\0\0" + struct.pack(">I", len(ascii_)) + ascii_ + b"\0" * 8 + b"\0\0\0" + b"\0" * 67),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        *[(name, b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0")
          for name in (b"rTRC", b"gTRC", b"bTRC")],
        (b"cprt", b"text\0\0\0\0" + b"none\0\0\0\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, blob = b"", b""
    for name, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += name + struct.pack(">II", offset + len(blob), len(data))
        blob += data
    size = offset + len(blob)
    header = (struct.pack(">I", size) + b"\0\0\0\0" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
              + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + blob


# The table of unreadable and refused files -------------------------------------------------------

def _jpeg():
    return encode(picture(), "JPEG", quality=90)


def _png():
    return encode(picture(), "PNG")


# name -> (file bytes, pattern the message must contain). Each name carries the suffix a user
# might give such a file (a text file renamed .png, ...).
BAD_FILES = {
    "text_renamed.png": (lambda: b"Dear user,\nthis is a shopping list, not a picture.\n" * 3,
                         r"Could not read the content image.*a text file, not an image"),
    "empty.png": (lambda: b"", r"Could not read the content image.*the file is empty"),
    "truncated.jpg": (lambda: _jpeg()[: len(_jpeg()) // 2], r"Could not read the content image.*damaged or incomplete"),
    "truncated.png": (lambda: _png()[: len(_png()) // 2], r"Could not read the content image.*damaged or incomplete"),
    "png_header_only.png": (lambda: _png()[:40], r"Could not read the content image.*PNG file is damaged"),
    "gif_header_only.gif": (lambda: b"GIF89a\x10\x00", r"Could not read the content image.*GIF file is damaged"),
    "zero_by_zero.png": (lambda: png_claiming(0, 0), r"Could not read the content image.*damaged"),
    "document.pdf": (lambda: b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
                     r"Could not read the content image.*PDF document"),
    "drawing.svg": (lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
                            b'<rect width="9" height="9"/></svg>', r"Could not read the content image.*SVG"),
    "page.html": (lambda: b"<!DOCTYPE html><html><body><img src=x></body></html>",
                  r"Could not read the content image.*web page"),
    "phone.heic": (lambda: b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64, r"Could not read the content image.*HEIC"),
    "figure.eps": (lambda: b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n",
                   r"Could not read the content image.*PostScript"),
    "notes.txt": (lambda: "Grüße — plain UTF-8 text\n".encode() * 4, r"Could not read the content image.*text file"),
    "random.bin": (lambda: np.random.default_rng(1).integers(0, 256, 300, dtype=np.uint8).tobytes(),
                   r"Could not read the content image.*not an image in a format this tool reads"),
    "bomb.png": (lambda: png_claiming(100_000, 100_000), r"The content image is too large.*limit is 64 megapixels"),
    "big.png": (lambda: png_claiming(9000, 9000), r"The content image is too large: 9000x9000 is 81 megapixels"),
    "bomb.jpg": (lambda: jpeg_claiming(65000, 65000), r"The content image is too large.*limit is 64 megapixels"),
    "big.jpg": (lambda: jpeg_claiming(9000, 8000), r"The content image is too large: 9000x8000 is 72 megapixels"),
}


def _plain(message: str) -> None:
    """A message for a person: one line, no traceback, no Python object reprs."""
    assert "\n" not in message and "Traceback" not in message
    assert "object at 0x" not in message and "<_io." not in message, message


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_as_bytes_and_path_gets_a_clear_message(name, tmp_path):
    data, pattern = BAD_FILES[name][0](), BAD_FILES[name][1]
    with pytest.raises(ImageError, match=pattern) as from_bytes:
        load_image(data, "content")
    _plain(str(from_bytes.value))
    # the same message in Korean, from its code and fields: the role and the reason in Korean
    korean = i18n.render(from_bytes.value.message, "ko")
    assert korean.startswith("콘텐츠 사진: ") and ("읽을 수 없습니다" in korean or "너무 큽니다" in korean), korean
    assert i18n.render(from_bytes.value.message, "en") == str(from_bytes.value)
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImageError, match=pattern) as from_path:
        load_image(path, "content")
    _plain(str(from_path.value))
    with open(path, "rb") as handle:  # an open file object, as an API client may pass
        with pytest.raises(ImageError, match=pattern):
            load_image(handle, "content")


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_through_the_cli_exits_2_with_one_line(name, tmp_path, capsys):
    bad = tmp_path / name
    bad.write_bytes(BAD_FILES[name][0]())
    good = tmp_path / "style.png"
    picture((64, 64)).save(good)
    out = tmp_path / "out.png"
    assert cli_main([str(bad), str(good), "-o", str(out), "--size", "48", "--iterations", "1", "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error: "), err
    assert __import__("re").search(BAD_FILES[name][1], err), err
    assert not out.exists()


def test_bad_style_file_through_the_cli_names_the_style(tmp_path, capsys):
    good, bad, out = tmp_path / "photo.png", tmp_path / "painting.png", tmp_path / "out.png"
    picture((64, 48)).save(good)
    bad.write_bytes(b"just text")
    assert cli_main([str(good), str(bad), "-o", str(out), "--size", "48", "--iterations", "1", "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("error: Could not read the style image 'painting.png': it is a text file, not an image. "
                   "Please use a JPEG, PNG, WebP, GIF, BMP or TIFF file.")


# Missing and wrongly-typed sources ---------------------------------------------------------------

@pytest.mark.parametrize("source, pattern", [
    (None, r"^No content image was given\.$"),
    ("no/such/photo.jpg", r"The content image 'no/such/photo.jpg' does not exist"),
    ("bad\0name.png", r"The content image .* cannot be opened"),
    ("x" * 5000 + ".png", r"The content image .* cannot be opened"),
    (12345, r"The content image must be a file, bytes or an image, not int"),
    ([1, 2, 3], r"must be a file, bytes or an image, not list"),
    (np.zeros((0, 0, 3), np.uint8), r"has no pixels"),
    (np.zeros((4, 4, 5), np.uint8), r"array has shape \(4, 4, 5\)"),
    (np.zeros((2, 4, 4, 3), np.uint8), r"array has shape"),
    (np.array([[object()]]), r"data type object"),
    (np.zeros((4, 4), np.complex64), r"data type complex64"),
    (np.zeros((9000, 8000), bool), r"too large: 8000x9000"),
], ids=["None", "missing-path", "NUL-in-path", "5000-char-path", "int", "list", "empty-array", "5-channels",
        "4-d-array", "object-array", "complex-array", "huge-array"])
def test_missing_or_odd_sources_get_a_message(source, pattern):
    with pytest.raises(ImageError, match=pattern) as info:
        load_image(source, "content")
    _plain(str(info.value))


def test_folder_device_and_unreadable_file(tmp_path):
    with pytest.raises(ImageError, match="is a folder, not a file"):
        load_image(tmp_path, "style")
    with pytest.raises(ImageError, match="'/dev/zero' is not a regular file"):
        load_image("/dev/zero", "style")  # would otherwise be read for ever
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(ImageError, match="is not a regular file"):
        load_image(fifo, "style")  # opening it would block for ever
    locked = tmp_path / "locked.png"
    picture().save(locked)
    locked.chmod(0)
    try:
        if os.geteuid() == 0:
            pytest.skip("root reads any file")
        with pytest.raises(ImageError, match="cannot be opened \\(permission denied\\)"):
            load_image(locked, "style")
    finally:
        locked.chmod(0o644)


def test_a_missing_image_through_stylize_is_a_message_not_a_traceback():
    with pytest.raises(ImageError, match="No style image was given"):
        next(stylize(picture(), None, StyleParams(**TINY)))
    with pytest.raises(ImageError, match="does not exist"):
        next(stylize("nowhere.png", picture(), StyleParams(**TINY)))


# Decompression bombs and large images ------------------------------------------------------------

@pytest.mark.parametrize("make", [lambda: png_claiming(100_000, 100_000), lambda: png_claiming(9000, 9000),
                                  lambda: jpeg_claiming(65000, 65000), lambda: jpeg_claiming(9000, 8000)],
                         ids=["png-100000x100000", "png-9000x9000", "jpeg-65000x65000", "jpeg-9000x8000"])
def test_bombs_are_refused_before_any_decoding(make, monkeypatch):
    data = make()
    assert len(data) < 200_000  # a tiny file...

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("load_image started decoding an image above MAX_PIXELS")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    tracemalloc.start()
    try:
        with pytest.raises(ImageError, match="too large"):
            load_image(data, "content")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, f"peak Python allocation {peak / 1e6:.1f} MB"  # ...and no big buffers


def test_our_limit_holds_when_pillows_own_is_switched_off(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # as some applications do
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoding started"))
    for data in (png_claiming(100_000, 100_000), jpeg_claiming(65000, 65000)):
        with pytest.raises(ImageError, match=r"too large: \d+x\d+ is [\d,]+ megapixels; the limit is 64"):
            load_image(data, "content")


def test_bomb_costs_no_memory_in_a_fresh_process():
    """RSS, which sees Pillow's C allocations too: refusing an 8500x8500 PNG (full, valid data, so
    a decode would really fill 217 MB) costs nothing; the control, with the limit lifted, shows
    the measurement would have seen a decode."""
    script = textwrap.dedent("""
        import resource, struct, sys, zlib
        from styler import images, ImageError
        def chunk(k, d): return struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))
        w = h = 8500
        c = zlib.compressobj(1); row = b"\\0" * (1 + 3 * w)
        data = b"".join(c.compress(row) for _ in range(h)) + c.flush()
        png = (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
               + chunk(b"IDAT", data) + chunk(b"IEND", b""))
        del data, row
        def current():
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * resource.getpagesize()
        def peak_since_reset():  # VmHWM, the peak RSS, which "5" in clear_refs resets (Linux)
            with open("/proc/self/status") as f:
                return next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmHWM"))
        def reset_peak():
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        reset_peak(); before = current()
        try:
            images.load_image(png, "content"); print("ACCEPTED")
        except ImageError:
            pass
        refused = peak_since_reset() - before
        images.MAX_PIXELS = 10**9
        reset_peak(); before = current()
        image = images.load_image(png, "content")
        print(refused, peak_since_reset() - before, image.size)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=patience(120),
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    refused, decoded, _ = proc.stdout.split(maxsplit=2)
    assert int(refused) < 20e6, f"refusing the bomb grew peak RSS by {int(refused) / 1e6:.0f} MB"
    assert int(decoded) > 150e6, "control: decoding it should have cost ~217 MB"


def test_large_sane_jpeg_is_accepted_and_drafted():
    big = Image.new("RGB", (6000, 4000), (30, 120, 200))
    big.paste((250, 200, 0), (0, 0, 3000, 4000))  # left half yellow
    data = encode(big, "JPEG", quality=85)
    del big
    full = load_image(data, "content")
    assert full.size == (6000, 4000) and full.mode == "RGB"
    del full
    hinted = load_image(data, "content", max_side=256)
    # decoded at 1/4 by the JPEG decoder: 1500x1000, the smallest scale not under DECODE_MARGIN x the hint
    assert hinted.size == (1500, 1000) and images.DECODE_MARGIN == 4
    left, right = hinted.getpixel((10, 10)), hinted.getpixel((hinted.width - 10, 10))
    assert np.abs(np.subtract(left, (250, 200, 0))).max() < 12, left
    assert np.abs(np.subtract(right, (30, 120, 200))).max() < 12, right
    # and a run on it works, at the output size
    final = list(stylize(data, picture(), StyleParams(**{**TINY, "iterations": 1})))[-1]
    assert final.done and final.image.size == (64, 43)


def test_a_hint_reduces_other_formats_by_a_whole_factor_never_below_the_margin():
    data = encode(picture((2000, 1200)), "PNG")
    # DECODE_MARGIN x 75 = 300 on the long side: 2000 // 300 = 6, a 1/6 reduction
    assert load_image(data, "style", max_side=75).size == (334, 200)
    # An area: the long side a 5:3 image has at 100x100 pixels (129), times the margin (517): 1/3
    assert load_image(data, "style", pixels=100 * 100).size == (667, 400)
    assert load_image(data, "style", max_side=5000).size == (2000, 1200)


@pytest.mark.parametrize("kind", ["content", "style", "init", "mask"])
def test_the_margin_is_applied_once_an_image_at_the_limit_is_kept_one_over_is_reduced(kind):
    """At size 64 every input of a square picture needs 64 px (a style: the output's area at style
    scale 1), and a reduction keeps at least 4 x 64 = 256: 511 px is kept as it is (a whole factor
    of 2 would go under), 512 px is halved. Once: with the margin applied twice, as 4 x 4 = 16x was,
    512 px would be kept too."""
    params = StyleParams(**TINY)
    at_limit, over = encode(picture((511, 511)), "PNG"), encode(picture((512, 512)), "PNG")
    assert engine.read_input(at_limit, kind, params).image.size == (511, 511)
    assert engine.read_input(over, kind, params).image.size == (256, 256)
    assert engine.read_input(encode(picture((1024, 1024)), "PNG"), kind, params).image.size == (256, 256)
    # a style at twice the scale needs twice the side
    assert engine.read_input(over, "style", params.replace(style_scale=2.0)).image.size == (512, 512)


def test_the_engine_takes_checked_images_as_they_are(monkeypatch):
    """A CheckedImage is never decoded again, and its note reaches Progress.notes once."""
    first, *rest = _frames()
    params = StyleParams(**{**TINY, "iterations": 2})
    content = engine.read_input(picture(), "content", params)
    style = engine.read_input(encode(first, "GIF", save_all=True, append_images=rest, duration=100), "style", params)
    assert str(style.note) == "The style image is animated: only its first frame is used."
    decoded = []
    monkeypatch.setattr(images, "_decode", lambda *a, **k: decoded.append(a) or pytest.fail("decoded again"))
    items = list(stylize(content, style, params))
    assert decoded == [] and items[-1].done
    assert [note for item in items for note in item.notes] == [style.note]


# Tiny images and extreme aspect ratios, through the engine ---------------------------------------

@pytest.mark.parametrize("size", [(1, 1), (8, 8), (3, 5)])
def test_tiny_content_and_style_give_a_result(size):
    tiny = Image.new("RGB", size, (200, 40, 40))
    for content, style in ((tiny, picture()), (picture(), tiny)):
        items = list(stylize(content, style, StyleParams(**TINY)))
        final = items[-1]
        assert final.done and final.image.mode == "RGB"
        expected = images.fit_long_side(content.size, 64, "content")  # the content's shape, at the run's size
        assert final.image.size == expected and max(expected) == 64
        if content is tiny and size[0] == size[1]:
            assert expected == (64, 64)
        assert all(math.isfinite(v) for v in final.losses.values())


@pytest.mark.parametrize("role, size", [("content", (1, 4000)), ("content", (4000, 1)), ("style", (1, 4000)),
                                        ("style", (4000, 3))])
def test_extreme_aspect_ratios_get_the_minimum_size_message(role, size):
    odd = Image.new("RGB", size, (10, 200, 10))
    content, style = (odd, picture()) if role == "content" else (picture(), odd)
    with pytest.raises(ImageError, match=f"The {role} image is too small or too narrow.*at least 32 px") as info:
        next(stylize(content, style, StyleParams(**TINY)))
    _plain(str(info.value))


# Modes and colour --------------------------------------------------------------------------------

def rgb_at(image: Image.Image, xy) -> tuple[int, int, int]:
    assert image.mode == "RGB"
    return image.getpixel(xy)


def close(a, b, tol=2):
    return all(abs(int(x) - int(y)) <= tol for x, y in zip(a, b))


def test_grey_l_and_la():
    grey = Image.new("L", (4, 4), 100)
    assert rgb_at(load_image(encode(grey, "PNG")), (0, 0)) == (100, 100, 100)
    la = Image.new("LA", (4, 4), (100, 255))
    la.putpixel((1, 1), (100, 0))  # fully transparent
    la.putpixel((2, 2), (0, 128))  # half-transparent black
    out = load_image(encode(la, "PNG"))
    assert rgb_at(out, (0, 0)) == (100, 100, 100)
    assert rgb_at(out, (1, 1)) == (255, 255, 255)
    assert close(rgb_at(out, (2, 2)), (127, 127, 127))


def test_rgba_is_composited_on_white():
    rgba = Image.new("RGBA", (4, 4), (255, 0, 0, 255))
    rgba.putpixel((1, 0), (0, 255, 0, 0))  # fully transparent green -> white
    rgba.putpixel((2, 0), (0, 0, 0, 128))  # half-transparent black -> mid grey
    for fmt in ("PNG", "WEBP", "TIFF"):
        out = load_image(encode(rgba, fmt, **({"lossless": True} if fmt == "WEBP" else {})))
        assert rgb_at(out, (0, 0)) == (255, 0, 0), fmt
        assert rgb_at(out, (1, 0)) == (255, 255, 255), fmt
        assert close(rgb_at(out, (2, 0)), (127, 127, 127)), fmt
    assert rgb_at(load_image(rgba), (1, 0)) == (255, 255, 255)  # a PIL image passed in directly
    array = np.zeros((2, 2, 4), np.uint8)
    assert rgb_at(load_image(array), (0, 0)) == (255, 255, 255)  # an RGBA array, all transparent


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_palette_with_transparency(fmt):
    pal = Image.new("P", (4, 4), 1)
    pal.putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255] + [0] * (256 * 3 - 9))
    pal.putpixel((0, 0), 0)
    pal.putpixel((1, 0), 2)
    out = load_image(encode(pal, fmt, transparency=0))
    assert rgb_at(out, (0, 0)) == (255, 255, 255)  # the transparent index -> white, not black
    assert rgb_at(out, (1, 0)) == (0, 0, 255)
    assert rgb_at(out, (2, 2)) == (255, 0, 0)


def test_colour_key_transparency_in_rgb_png():
    rgb = Image.new("RGB", (4, 4), (10, 20, 30))
    rgb.putpixel((0, 0), (1, 2, 3))
    out = load_image(encode(rgb, "PNG", transparency=(1, 2, 3)))
    assert rgb_at(out, (0, 0)) == (255, 255, 255)
    assert rgb_at(out, (1, 1)) == (10, 20, 30)


def test_cmyk_jpeg():
    cmyk = Image.new("CMYK", (16, 16), (0, 0, 0, 0))  # no ink: white
    cmyk.paste((255, 0, 0, 0), (0, 0, 8, 16))  # cyan ink
    cmyk.paste((0, 0, 0, 255), (8, 8, 16, 16))  # black ink
    data = encode(cmyk, "JPEG", quality=95)
    assert Image.open(io.BytesIO(data)).mode == "CMYK"
    out = load_image(data)
    assert close(rgb_at(out, (3, 3)), (0, 255, 255), 8)
    assert close(rgb_at(out, (12, 3)), (255, 255, 255), 8)
    assert close(rgb_at(out, (12, 12)), (0, 0, 0), 8)


def test_16_bit_png_uses_the_full_16_bit_range():
    values = np.array([[0, 65535, 32768, 257, 200]], np.uint16)
    data = encode(Image.fromarray(values), "PNG")
    assert Image.open(io.BytesIO(data)).mode.startswith("I;16")
    out = load_image(data)
    assert [rgb_at(out, (i, 0))[0] for i in range(5)] == [0, 255, 128, 1, 1]
    # a dark 16-bit image (every value <= 255) is dark, not 256 times brighter
    dark = load_image(encode(Image.fromarray(np.full((2, 2), 200, np.uint16)), "PNG"))
    assert rgb_at(dark, (0, 0)) == (1, 1, 1)


def test_16_bit_png_with_a_transparent_colour_key():
    values = np.array([[0, 65535, 1000]], np.uint16)
    out = load_image(encode(Image.fromarray(values), "PNG", transparency=1000))
    assert [rgb_at(out, (i, 0)) for i in range(3)] == [(0, 0, 0), (255, 255, 255), (255, 255, 255)]


def test_16_bit_tiff_and_arrays():
    values = np.array([[0, 65535, 32768]], np.uint16)
    out = load_image(encode(Image.fromarray(values), "TIFF"))
    assert [rgb_at(out, (i, 0))[0] for i in range(3)] == [0, 255, 128]
    assert [rgb_at(load_image(values), (i, 0))[0] for i in range(3)] == [0, 255, 128]  # a uint16 array


def test_32_bit_float_tiff():
    unit = np.full((20, 20), 0.25, np.float32)  # 0..1 data, with junk and one HDR highlight
    unit[0, :6] = [0.0, 1.0, 0.5, np.nan, -3.0, 7.0]
    data = encode(Image.fromarray(unit), "TIFF")
    assert Image.open(io.BytesIO(data)).mode == "F"
    assert [rgb_at(load_image(data), (i, 0))[0] for i in range(7)] == [0, 255, 128, 0, 0, 255, 64]
    byte_range = np.array([[0.0, 100.0, 255.0]], np.float32)  # 0..255 data stays 0..255
    assert [rgb_at(load_image(encode(Image.fromarray(byte_range), "TIFF")), (i, 0))[0] for i in range(3)] == \
        [0, 100, 255]
    assert rgb_at(load_image(np.full((2, 2, 3), 0.5, np.float32)), (0, 0)) == (128, 128, 128)


def test_one_bit_lab_and_ycbcr():
    bits = Image.new("1", (4, 4), 0)
    bits.putpixel((1, 1), 1)
    out = load_image(encode(bits, "PNG"))
    assert rgb_at(out, (0, 0)) == (0, 0, 0) and rgb_at(out, (1, 1)) == (255, 255, 255)
    lab = load_image(encode(Image.new("LAB", (4, 4), (128, 128, 128)), "TIFF"))  # L*=50 grey
    assert close(rgb_at(lab, (0, 0)), (119, 119, 119), 3)
    ycc = load_image(Image.new("YCbCr", (4, 4), (128, 128, 128)))
    assert close(rgb_at(ycc, (0, 0)), (128, 128, 128), 1)


# Orientation and colour profiles -----------------------------------------------------------------

def test_exif_orientation_is_applied():
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 20, 20))  # left half red
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    out = load_image(encode(image, "JPEG", quality=95, exif=exif.tobytes()))
    assert out.size == (20, 40)
    assert close(rgb_at(out, (10, 5)), (255, 0, 0), 12)  # the left half is now on top
    assert close(rgb_at(out, (10, 35)), (0, 0, 255), 12)
    assert "exif" not in out.info  # the tag is not applied twice downstream


def test_broken_exif_does_not_refuse_the_picture():
    image = picture((32, 16))
    data = encode(image, "JPEG", exif=b"Exif\x00\x00MM\x00*\xff\xff\xff\xff" + b"\x07" * 40)
    out = load_image(data)
    assert out.size == (32, 16) and out.mode == "RGB"


def test_srgb_profile_passes_unchanged():
    image = picture()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for fmt in ("PNG", "TIFF"):
        out = load_image(encode(image, fmt, icc_profile=srgb))
        assert np.array_equal(np.asarray(out), np.asarray(image)), fmt
        assert "icc_profile" not in out.info  # the pixels are sRGB now: no stale profile rides along


def test_a_non_srgb_profile_is_converted():
    linear = icc_profile("Linear RGB (sRGB primaries)", gamma=1.0)
    out = load_image(encode(Image.new("RGB", (4, 4), (128, 128, 128)), "PNG", icc_profile=linear))
    # linear-light 0.502 is sRGB-encoded 0.735: 188; ignoring the profile would leave 128
    assert close(rgb_at(out, (0, 0)), (188, 188, 188), 2)
    assert "icc_profile" not in out.info


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_a_broken_icc_profile_does_not_crash(fmt):
    image = Image.new("RGB", (8, 8), (90, 60, 30))
    out = load_image(encode(image, fmt, icc_profile=b"this is not an ICC profile at all" * 4))
    assert close(rgb_at(out, (4, 4)), (90, 60, 30), 3)


# Animated and multi-frame images -----------------------------------------------------------------

def _frames():
    return [Image.new("RGB", (48, 48), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]


@pytest.mark.parametrize("fmt, options, pattern", [
    ("GIF", {"duration": 100, "loop": 0}, "is animated: only its first frame is used"),
    ("WEBP", {"duration": 100, "lossless": True}, "is animated: only its first frame is used"),
    ("PNG", {"duration": 100}, "is animated: only its first frame is used"),
    ("TIFF", {}, "has several pages: only its first page is used"),
])
def test_animated_and_multi_page_images_give_their_first_frame_and_a_note(fmt, options, pattern):
    first, *rest = _frames()
    data = encode(first, fmt, save_all=True, append_images=rest, **options)
    assert getattr(Image.open(io.BytesIO(data)), "n_frames", 1) == 3
    out = load_image(data, "style")
    assert rgb_at(out, (24, 24)) == (255, 0, 0)
    assert f"The style image {pattern}" in str(out.info[images.NOTE_KEY])
    assert load_image(encode(first, fmt)).info.get(images.NOTE_KEY) is None  # a still image: no note


def test_the_note_reaches_progress_notes():
    first, *rest = _frames()
    gif = encode(first, "GIF", save_all=True, append_images=rest, duration=100)
    items = stylize(picture(), gif, StyleParams(**{**TINY, "iterations": 1}))
    item = next(items)
    items.close()
    assert [str(note) for note in item.notes] == ["The style image is animated: only its first frame is used."]
    assert i18n.render(item.notes[0], "ko") == "스타일 그림: 움직이는 이미지라 첫 프레임만 씁니다."


def test_animated_files_are_closed_after_loading(tmp_path):
    first, *rest = _frames()
    path = tmp_path / "anim.gif"
    first.save(path, save_all=True, append_images=rest, duration=100)
    fds = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        load_image(path, "style")
    assert len(os.listdir("/proc/self/fd")) - fds <= 1  # no file handle left open per image


def test_the_result_is_a_new_image_and_the_callers_is_untouched():
    mine = Image.new("RGBA", (8, 8), (1, 2, 3, 0))
    out = load_image(mine)
    assert out is not mine and mine.mode == "RGBA" and mine.getpixel((0, 0)) == (1, 2, 3, 0)
    rgb = Image.new("RGB", (8, 8), (1, 2, 3))
    out = load_image(rgb)
    out.putpixel((0, 0), (9, 9, 9))
    assert rgb.getpixel((0, 0)) == (1, 2, 3)


def test_a_non_seekable_stream_is_read():
    data = encode(picture(), "PNG")

    class Stream(io.RawIOBase):
        def __init__(self):
            self.inner = io.BytesIO(data)

        def readable(self):
            return True

        def seekable(self):
            return False

        def readinto(self, buffer):
            chunk = self.inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    assert load_image(io.BufferedReader(Stream())).size == (80, 60)


# Parameters: every numeric field, every text field, generated from PARAMS -------------------------

FIELD_TYPES = {f.name: (f.type if isinstance(f.type, str) else f.type.__name__) for f in fields(StyleParams)}
NUMERIC = [name for name, kind in FIELD_TYPES.items() if kind in ("int", "float")]
TEXT = [name for name, kind in FIELD_TYPES.items() if kind == "str"]


def test_every_numeric_field_has_a_documented_range():
    assert NUMERIC, "no numeric fields found"
    for name in NUMERIC:
        spec = PARAMS[name]
        assert spec.minimum is not None and spec.maximum is not None, f"{name} has no range"
        assert math.isfinite(spec.minimum) and math.isfinite(spec.maximum) and spec.minimum < spec.maximum


def _numeric_cases():
    for name in NUMERIC:
        spec = PARAMS[name]
        values = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "'nan' text": "nan", "'1e999' text": "1e999",
                  "negative": -1, "huge float": 1e300, "huge int": 10**400, "above max": spec.maximum * 10 + 1,
                  "below min": spec.minimum - 1}
        if spec.minimum > 0:
            values["zero"] = 0
            values["just below min"] = spec.minimum / 2
        for label, value in values.items():
            yield pytest.param(name, value, id=f"{name}={label}")


@pytest.mark.parametrize("name, value", list(_numeric_cases()))
def test_bad_numbers_name_the_field_and_its_range(name, value):
    spec = PARAMS[name]
    with pytest.raises(InvalidParameter) as info:
        StyleParams().replace(**{name: value})
    assert info.value.field == name
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert f"{_fmt(spec.minimum)} to {_fmt(spec.maximum)}" in message, message


@pytest.mark.parametrize("name", NUMERIC)
def test_numeric_bounds_are_inclusive(name):
    spec = PARAMS[name]
    for value in (spec.minimum, spec.maximum):
        assert getattr(StyleParams().replace(**{name: value}), name) == value


@pytest.mark.parametrize("name", list(PARAMS))
@pytest.mark.parametrize("value", [[1], {"a": 1}, None, object(), b"64"], ids=["list", "dict", "None", "object",
                                                                              "bytes"])
def test_wrong_types_name_the_field(name, value):
    with pytest.raises(InvalidParameter) as info:
        StyleParams().replace(**{name: value})
    assert info.value.field == name and str(info.value).startswith(f"{name}: ")
    _plain(str(info.value))
    if name in NUMERIC:
        spec = PARAMS[name]
        assert f"{_fmt(spec.minimum)} to {_fmt(spec.maximum)}" in str(info.value)


def _text_cases():
    for name in TEXT:
        spec = PARAMS[name]
        if spec.choices and not spec.open_choices:
            for bad in ("bogus", "", "AVG ", "lbfgs;rm -rf /"):
                if bad.strip() not in spec.choices:
                    yield pytest.param(name, bad, "choose one of", id=f"{name}={bad!r}")
    for name in ("content_layers", "style_layers"):
        for bad, fragment in (("", "at least one layer"), (" , ,", "at least one layer"),
                              ("conv9_9", "unknown layer"), ("fc7", "unknown layer"), ("pool1", "unknown layer"),
                              ("conv1_1,conv1_1", "twice"), ("conv1_1:abc", "not a number"),
                              ("conv1_1:nan", "finite"), ("conv1_1:inf", "finite"), ("conv1_1:-1", ">= 0")):
            yield pytest.param(name, bad, fragment, id=f"{name}={bad!r}")
    for bad in ("gpu", "cuda:x", "", "tpu"):
        yield pytest.param("device", bad, "", id=f"device={bad!r}")
    yield pytest.param("weights", "  ", "must not be empty", id="weights=blank")


@pytest.mark.parametrize("name, value, fragment", list(_text_cases()))
def test_bad_text_values_name_the_field(name, value, fragment):
    with pytest.raises(InvalidParameter) as info:
        StyleParams().replace(**{name: value})
    assert info.value.field == name and str(info.value).startswith(f"{name}: ")
    assert fragment in str(info.value)


def test_an_unknown_weights_name_is_a_clear_weights_error_at_run_time():
    # `weights` is an open choice (a file path is allowed), so the check happens when loading.
    params = StyleParams(**TINY, weights="no/such/weights.pth")
    with pytest.raises(WeightsError) as info:
        next(stylize(picture(), picture(), params))
    _plain(str(info.value))
