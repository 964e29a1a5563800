"""A fixed quality evaluator, independent of any run's settings.

It measures an output against its content and style images with the paper's own yardsticks on a
fixed network (the original VGG-19, normalised, average pooling) at a fixed size (long side
EVAL_SIZE): the relative content error at conv4_2 and the mean relative Gram (style) error over
conv1_1..conv5_1. Lower is better for both.
"""
from __future__ import annotations

import torch
from PIL import Image

from styler.images import fit_area, fit_long_side, load_image, resize, to_tensor
from styler.losses import gram
from styler.vgg import get_vgg

EVAL_SIZE = 384
CONTENT_LAYER = "conv4_2"
STYLE_LAYERS = ("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1")


class Evaluator:
    def __init__(self, content, style):
        self.net = get_vgg("original", "avg", True, "cpu")
        content, style = load_image(content, "content"), load_image(style, "style")
        self.size = fit_long_side(content.size, EVAL_SIZE)
        with torch.no_grad():
            self.content = self.net(self._tensor(content, self.size), [CONTENT_LAYER])[CONTENT_LAYER]
            style_size = fit_area(style.size, self.size[0] * self.size[1])
            feats = self.net(self._tensor(style, style_size), STYLE_LAYERS)
            self.grams = {name: gram(f) for name, f in feats.items()}

    @staticmethod
    def _tensor(image: Image.Image, size) -> torch.Tensor:
        return to_tensor(resize(image.convert("RGB"), size))

    @torch.no_grad()
    def __call__(self, output: Image.Image) -> dict[str, float]:
        feats = self.net(self._tensor(output, self.size), (CONTENT_LAYER, *STYLE_LAYERS))
        content = ((feats[CONTENT_LAYER] - self.content).norm() / self.content.norm()).item()
        style = sum(((gram(feats[n]) - self.grams[n]).norm() / self.grams[n].norm()).item()
                    for n in STYLE_LAYERS) / len(STYLE_LAYERS)
        return {"content_err": content, "style_err": style}
