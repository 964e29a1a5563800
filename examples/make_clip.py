"""Make the example clip (see SOURCES.md): a slow pan and zoom over an example photo.

    python examples/make_clip.py [--photo photo_leuven_street.jpg] [--out clip_leuven_pan.mp4]

Deterministic: the same photo gives the same frames (the H.264 encoder's bytes may differ
between FFmpeg builds). Sub-pixel motion (bicubic resampling of a moving crop), so the optical
flow sees smooth motion as a camera would give it.
"""
import argparse
import math
import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from styler import videoio  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent
SIZE = (256, 192)  # the clip's frames, 4:3
SECONDS = 3.0
FPS = 10
ZOOM = (1.0, 1.3)  # the crop's size, as a fraction of the largest 4:3 crop, shrinks by this over the clip
PAN = (0.15, 0.85)  # the crop's centre moves left to right across this fraction of the free width


def frames(photo: Image.Image) -> list[Image.Image]:
    width, height = photo.size
    aspect = SIZE[0] / SIZE[1]
    full_w, full_h = min(width, height * aspect), min(height, width / aspect)
    count = round(SECONDS * FPS)
    out = []
    for k in range(count):
        t = k / (count - 1)
        ease = 0.5 - 0.5 * math.cos(t * math.pi)  # slow in, slow out
        zoom = ZOOM[0] + (ZOOM[1] - ZOOM[0]) * ease
        crop_w, crop_h = full_w / zoom, full_h / zoom
        centre_x = crop_w / 2 + (width - crop_w) * (PAN[0] + (PAN[1] - PAN[0]) * ease)
        centre_y = height / 2
        # The affine map from output pixels to photo pixels: a scaled, shifted crop.
        scale = crop_w / SIZE[0]
        matrix = (scale, 0, centre_x - crop_w / 2, 0, scale, centre_y - crop_h / 2)
        out.append(photo.transform(SIZE, Image.Transform.AFFINE, matrix, resample=Image.Resampling.BICUBIC))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photo", default="photo_leuven_street.jpg")
    parser.add_argument("--out", default=str(EXAMPLES / "clip_leuven_pan.mp4"))
    parser.add_argument("--crf", type=int, default=26, help="H.264 quality (lower: larger and better)")
    args = parser.parse_args()
    photo = Image.open(EXAMPLES / args.photo).convert("RGB")
    path = videoio.write_mp4(frames(photo), FPS, args.out, crf=args.crf)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} kB)")


if __name__ == "__main__":
    main()
