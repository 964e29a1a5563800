"""The paper's losses, each a small module holding its own target.

Definitions as in Gatys, Ecker & Bethge (CVPR 2016), so its alpha/beta ratios mean the same here:
- content, layer l:  1/2 * sum_ij (F_ij - P_ij)^2
- style, layer l:    E_l = 1/(4 N_l^2 M_l^2) * sum_ij (G_ij - A_ij)^2, with G = F F^T
The Gram matrices are divided by their own M (positions) before comparing, which is exactly the
paper's E_l when both images have the same size and stays meaningful when the style image is
larger or smaller than the output.
"""
from __future__ import annotations

import torch
from torch import nn

from . import accel


def channels_by_positions(features: torch.Tensor) -> torch.Tensor:
    """1xNxHxW activations -> the N x M matrix (M = H*W) the losses work on, as a view (no copy)
    in either memory layout: NCHW gives it directly, channels_last (NHWC) as a transpose."""
    _, channels, height, width = features.shape
    if features.is_contiguous():
        return features.view(channels, height * width)
    if features.is_contiguous(memory_format=torch.channels_last):
        return features.permute(0, 2, 3, 1).reshape(height * width, channels).T
    return features.reshape(channels, height * width)


def gram_sum(features: torch.Tensor) -> torch.Tensor:
    """1xNxHxW activations -> F F^T, the NxN sums over positions."""
    channels = features.shape[1]
    if accel.gram_by_convolution(features):
        # F F^T is the weight gradient of a 1x1 convolution whose input and output gradient are F.
        return nn.grad.conv2d_weight(features, (channels, channels, 1, 1), features).view(channels, channels)
    flat = channels_by_positions(features)
    return flat @ flat.T


def times_features(matrix: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
    """A symmetric NxN matrix times F (1xNxHxW), returned in the features' own memory layout."""
    channels = features.shape[1]
    if accel.gram_by_convolution(features):
        return nn.functional.conv2d(features, matrix.view(channels, channels, 1, 1))
    flat = channels_by_positions(features)
    if flat.is_contiguous():  # NCHW features: M F is N x M, laid out as they were
        return (matrix @ flat).view(features.shape)
    # channels_last features: F'M is M x N, i.e. NHWC, the layout they arrived in
    _, _, height, width = features.shape
    return (flat.T @ matrix).view(1, height, width, channels).permute(0, 3, 1, 2)


def gram(features: torch.Tensor) -> torch.Tensor:
    """1xNxHxW activations -> NxN Gram matrix divided by M = H*W."""
    _, _, height, width = features.shape
    return gram_sum(features) / (height * width)


class ContentLoss(nn.Module):
    def __init__(self, target: torch.Tensor):
        super().__init__()
        self.register_buffer("target", target.detach())

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return 0.5 * (features - self.target).pow(2).sum()


class _GramLoss(torch.autograd.Function):
    """E_l with a hand-written gradient: dE/dF = (G - A) F / (N^2 M), one matrix product where
    autograd would spend two (it does not know G is symmetric). The Gram products are the
    largest cost of an iteration beyond the network itself. `positions` is M, or a region's
    mass for a masked loss."""

    @staticmethod
    def forward(ctx, features: torch.Tensor, target: torch.Tensor, positions: float) -> torch.Tensor:
        channels = features.shape[1]
        diff = gram_sum(features) / positions - target
        ctx.save_for_backward(features, diff)
        ctx.positions = positions
        return diff.pow(2).sum() / (4 * channels**2)

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor):
        features, diff = ctx.saved_tensors
        channels = features.shape[1]
        scaled = diff * (grad_output / (channels**2 * ctx.positions))  # N x N: cheaper to scale than N x M
        # A tensor of its own (not a view), so autograd can add the next layer's gradient into it in place.
        return times_features(scaled, features), None, None


class StyleLoss(nn.Module):
    """E_l against one Gram target, or against a weighted blend of several styles' Grams."""

    def __init__(self, target_gram: torch.Tensor):
        super().__init__()
        self.register_buffer("target", target_gram.detach())

    @classmethod
    def from_features(cls, features: torch.Tensor) -> "StyleLoss":
        return cls(gram(features))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        _, _, height, width = features.shape
        return _GramLoss.apply(features, self.target, height * width)


class TVLoss(nn.Module):
    """Total variation: mean squared difference between neighbouring pixels, on a 0..1 scale.

    Taking the mean (not the sum) keeps a given weight's effect the same at every output size.
    """

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        x = image / 255.0
        dx = (x[..., :, 1:] - x[..., :, :-1]).pow(2).mean()
        dy = (x[..., 1:, :] - x[..., :-1, :]).pow(2).mean()
        return dx + dy


class MaskedStyleLoss(nn.Module):
    """E_l restricted to a region (Gatys et al. 2017, spatial control): the Gram matrix of the
    features weighted by a mask (1x1xHxW in 0..1, any resolution), normalised by the mask's own
    mass, and the loss weighted by the region's share of the image."""

    def __init__(self, target_gram: torch.Tensor, mask: torch.Tensor):
        super().__init__()
        self.register_buffer("target", target_gram.detach())
        self.register_buffer("mask", mask.detach())
        self._resized: dict[tuple[int, int], tuple[torch.Tensor, float, float]] = {}

    def mask_at(self, height: int, width: int) -> tuple[torch.Tensor, float, float]:
        """The mask at a layer's resolution, its mass (sum of squares) and its mean, read back
        once per resolution rather than every iteration."""
        if (height, width) not in self._resized:
            mask = nn.functional.interpolate(self.mask, size=(height, width), mode="area")
            self._resized[(height, width)] = (mask, mask.pow(2).sum().item(), mask.mean().item())
        return self._resized[(height, width)]

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        _, _, height, width = features.shape
        mask, mass, share = self.mask_at(height, width)
        if mass < 1e-6:  # the region vanishes at this layer's resolution
            return features.new_zeros(())
        return _GramLoss.apply(features * mask, self.target, mass) * share
