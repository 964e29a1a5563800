"""A fixed quality evaluator, independent of any run's settings.

It measures an output against its content and style images on a fixed network (the original
VGG-19, normalised, average pooling) at a fixed size (long side EVAL_SIZE). Lower is better for all:
- content_err: the relative content error at conv4_2, |F - P| / |P| (the unchanged photo: 0);
- style_err: the mean relative Gram error over conv1_1..conv5_1, |G - A| / |A| (the paper's statistic);
- w2_err: the Wasserstein-2 distance between Gaussians fitted to the features (mean and
  covariance), mean over the same layers, as a fraction of the photo's own distance;
- sw_err: the sliced Wasserstein distance along the evaluator's own random directions (4 per
  channel, not those of any run), likewise as a fraction of the photo's.
- completeness: how much of the painting appears in the result. For each of the painting's
  feature vectors at conv3_1 and conv4_1 of a second network that no run optimises (the original
  VGG-19 without normalisation, max pooling), the cosine distance to the nearest feature vector of
  the output, averaged (the completeness half of Simakov et al.'s bidirectional similarity, CVPR
  2008), as a fraction of the unchanged photo's: 1.0 = no more of the painting than the photo has;
- grain: the energy of the output's finest Laplacian-pyramid level against the painting's at the
  same scale (1.0 = as fine-grained as the painting; far above it = pixel noise).
Each run's style loss optimises at most one of the three style statistics: compare the others.
"""
from __future__ import annotations

import torch
from PIL import Image

from styler.images import fit_area, fit_long_side, load_image, resize, to_tensor
from styler.losses import gram
from styler.network import get_vgg

EVAL_SIZE = 384
CONTENT_LAYER = "conv4_2"
STYLE_LAYERS = ("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1")
SEED = 20161  # the evaluator's directions; no run uses this seed's
COMPLETENESS_LAYERS = ("conv3_1", "conv4_1")


def _gaussian(features: torch.Tensor):
    flat = features.flatten(2)[0].double()
    mean = flat.mean(dim=1)
    centred = flat - mean[:, None]
    cov = centred @ centred.T / flat.shape[1]
    return mean, cov


def _sqrtm(matrix: torch.Tensor) -> torch.Tensor:
    values, vectors = torch.linalg.eigh(matrix)
    return (vectors * values.clamp_min(0).sqrt()) @ vectors.T


def w2_distance(a, b) -> float:
    """Wasserstein-2 distance between two Gaussians (mean, cov), per channel."""
    (mean_a, cov_a), (mean_b, cov_b) = a, b
    root_b = _sqrtm(cov_b)
    cross = torch.linalg.eigvalsh(root_b @ cov_a @ root_b).clamp_min(0).sqrt().sum()
    squared = (mean_a - mean_b).pow(2).sum() + cov_a.trace() + cov_b.trace() - 2 * cross
    return (squared.clamp_min(0) / mean_a.shape[0]).sqrt().item()


def _quantiles(features: torch.Tensor, directions: torch.Tensor, count: int = 1024) -> torch.Tensor:
    projected = (directions @ features.flatten(2)[0].double()).sort(dim=1).values
    return torch.nn.functional.interpolate(projected[None], size=count, mode="linear", align_corners=True)[0]


def sw_distance(a: torch.Tensor, b: torch.Tensor) -> float:
    return (a - b).pow(2).mean().sqrt().item()


def _unit(features: torch.Tensor) -> torch.Tensor:
    """1xNxHxW -> N x M, each position's feature vector of length 1."""
    flat = features.flatten(2)[0]
    return flat / flat.norm(dim=0, keepdim=True).clamp_min(1e-6)


def grain(image: torch.Tensor) -> float:
    """RMS of the finest Laplacian-pyramid level: the image less its blurred half-size copy."""
    half = torch.nn.functional.avg_pool2d(image, 2, ceil_mode=True)
    back = torch.nn.functional.interpolate(half, size=image.shape[2:], mode="bilinear", align_corners=False)
    return (image - back).pow(2).mean().sqrt().item()


class Evaluator:
    def __init__(self, content, style, size: int = EVAL_SIZE):
        self.net = get_vgg("original", "avg", True, "cpu")
        content, style = load_image(content, "content"), load_image(style, "style")
        self.size = fit_long_side(content.size, size)
        generator = torch.Generator().manual_seed(SEED)
        self.directions = {}
        with torch.no_grad():
            self.content = self.net(self._tensor(content, self.size), [CONTENT_LAYER])[CONTENT_LAYER]
            style_size = fit_area(style.size, self.size[0] * self.size[1])
            feats = self.net(self._tensor(style, style_size), STYLE_LAYERS)
            for name, f in feats.items():
                d = torch.randn(4 * f.shape[1], f.shape[1], generator=generator, dtype=torch.float64)
                self.directions[name] = d / d.norm(dim=1, keepdim=True)
            self.grams = {name: gram(f) for name, f in feats.items()}
            self.gaussians = {name: _gaussian(f) for name, f in feats.items()}
            self.quantiles = {name: _quantiles(f, self.directions[name]) for name, f in feats.items()}
            self.judge = get_vgg("original", "max", False, "cpu")
            judged = self.judge(self._tensor(style, style_size), COMPLETENESS_LAYERS)
            self.painting_units = {name: _unit(f) for name, f in judged.items()}
            self.painting_grain = grain(self._tensor(style, style_size))
            self.photo = None
            self.photo = self._raw(content)

    @staticmethod
    def _tensor(image: Image.Image, size) -> torch.Tensor:
        return to_tensor(resize(image.convert("RGB"), size))

    @torch.no_grad()
    def _raw(self, output: Image.Image) -> dict[str, float]:
        feats = self.net(self._tensor(output, self.size), (CONTENT_LAYER, *STYLE_LAYERS))
        content = ((feats[CONTENT_LAYER] - self.content).norm() / self.content.norm()).item()
        n = len(STYLE_LAYERS)
        style = sum(((gram(feats[k]) - self.grams[k]).norm() / self.grams[k].norm()).item() for k in STYLE_LAYERS) / n
        w2 = sum(w2_distance(_gaussian(feats[k]), self.gaussians[k]) for k in STYLE_LAYERS) / n
        sw = sum(sw_distance(_quantiles(feats[k], self.directions[k]), self.quantiles[k]) for k in STYLE_LAYERS) / n
        judged = self.judge(self._tensor(output, self.size), COMPLETENESS_LAYERS)
        complete = sum((1 - (self.painting_units[k].T @ _unit(judged[k])).max(dim=1).values).mean().item()
                       for k in COMPLETENESS_LAYERS) / len(COMPLETENESS_LAYERS)
        return {"content_err": content, "style_err": style, "w2_err": w2, "sw_err": sw, "completeness": complete,
                "grain": grain(self._tensor(output, self.size)) / self.painting_grain}

    def __call__(self, output: Image.Image) -> dict[str, float]:
        raw = self._raw(output)
        if self.photo is not None:  # distributions: as a fraction of the unchanged photo's
            raw["w2_err"] /= self.photo["w2_err"]
            raw["sw_err"] /= self.photo["sw_err"]
            raw["completeness"] /= self.photo["completeness"]
        return raw
