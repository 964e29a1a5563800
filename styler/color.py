"""Keeping the photo's colours (Gatys, Bethge, Hertzmann & Shechtman, "Preserving Color in Neural
Artistic Style Transfer", 2016), on 1x3xHxW tensors in 0..255.

- "histogram": before stylising, give the style image the content's colour statistics (a linear
  map matching the mean and covariance of its RGB pixels), so the style brings its texture only.
- "luminance": stylise the luminance alone (Y of YIQ, as the paper does) and put the content's
  own chrominance (I, Q) back on the result.
"""
from __future__ import annotations

import torch

# NTSC YIQ: Y is luminance, I and Q chrominance.
_RGB_TO_YIQ = torch.tensor([[0.299, 0.587, 0.114],
                            [0.595716, -0.274453, -0.321263],
                            [0.211456, -0.522591, 0.311135]])
_YIQ_TO_RGB = torch.linalg.inv(_RGB_TO_YIQ)


def _apply(matrix: torch.Tensor, image: torch.Tensor) -> torch.Tensor:
    return torch.einsum("ij,bjhw->bihw", matrix.to(image.device, image.dtype), image)


def rgb_to_yiq(image: torch.Tensor) -> torch.Tensor:
    return _apply(_RGB_TO_YIQ, image)


def yiq_to_rgb(image: torch.Tensor) -> torch.Tensor:
    return _apply(_YIQ_TO_RGB, image)


def luminance(image: torch.Tensor) -> torch.Tensor:
    """The luminance as a grey 3-channel image (the network wants three channels)."""
    return rgb_to_yiq(image)[:, :1].expand(-1, 3, -1, -1).contiguous()


def match_luminance(style_y: torch.Tensor, content_y: torch.Tensor) -> torch.Tensor:
    """The style's luminance shifted and scaled to the content's mean and spread (as in the paper)."""
    s_mean, s_std = style_y.mean(), style_y.std().clamp_min(1e-6)
    return ((style_y - s_mean) * (content_y.std() / s_std) + content_y.mean()).clamp(0, 255)


def with_chrominance(grey: torch.Tensor, chroma_source: torch.Tensor) -> torch.Tensor:
    """RGB image with the luminance of `grey` and the I, Q chrominance of `chroma_source`."""
    y = rgb_to_yiq(grey)[:, :1]
    iq = rgb_to_yiq(chroma_source)[:, 1:]
    return yiq_to_rgb(torch.cat([y, iq], dim=1))


def match_histogram(source: torch.Tensor, target: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """`source` mapped linearly so its pixels' mean and covariance equal `target`'s."""
    def stats(image):
        pixels = image.reshape(3, -1).double()
        mean = pixels.mean(dim=1, keepdim=True)
        centred = pixels - mean
        cov = centred @ centred.T / pixels.shape[1] + eps * torch.eye(3, dtype=torch.float64)
        return pixels, mean, cov

    def sqrtm(cov, inverse=False):
        values, vectors = torch.linalg.eigh(cov)
        values = values.clamp_min(eps)
        power = -0.5 if inverse else 0.5
        return vectors @ torch.diag(values**power) @ vectors.T

    pixels, s_mean, s_cov = stats(source.cpu())
    _, t_mean, t_cov = stats(target.cpu())
    transform = sqrtm(t_cov) @ sqrtm(s_cov, inverse=True)
    mapped = transform @ (pixels - s_mean) + t_mean
    return mapped.reshape(source.shape).to(source.dtype).clamp(0, 255).to(source.device)


def prepare(mode: str, content: torch.Tensor, styles: list[torch.Tensor]) -> tuple[torch.Tensor, list[torch.Tensor]]:
    """The content and style images the optimisation should see under colour mode `mode`."""
    if mode == "histogram":
        return content, [match_histogram(s, content) for s in styles]
    if mode == "luminance":
        content_y = luminance(content)
        return content_y, [match_luminance(luminance(s), content_y) for s in styles]
    return content, styles


def start_image(mode: str, image: torch.Tensor) -> torch.Tensor:
    """An initial image in the space the optimisation runs in."""
    return luminance(image) if mode == "luminance" else image


def render(mode: str, x: torch.Tensor, content: torch.Tensor) -> torch.Tensor:
    """The picture to show for iterate `x`: in luminance mode, with the content's colours put back."""
    return with_chrominance(x, content) if mode == "luminance" else x
