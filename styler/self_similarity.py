"""STROTSS's content loss (Kolkin, Salavon & Shakhnarovich, CVPR 2019): keep the photo's layout,
not its features.

The paper's content loss pins the result's features to the photo's, which also pins the photo's
textures. This one compares how each place in the image relates to every other: the cosine
distance between the features at two positions, each column divided by its sum, for the result
against the photo. A wall stays unlike the sky next to it, a face's eyes alike each other, whatever
the painting makes of each. Positions are a fixed random subset, the same in both images, so the
matrix stays small at any size.
"""
from __future__ import annotations

import torch
from torch import nn

MAX_POSITIONS = 1024


def _relations(flat: torch.Tensor) -> torch.Tensor:
    """Positions x positions: cosine distances between the columns of `flat` (channels x
    positions), each column divided by its sum, times the number of positions (mean 1)."""
    unit = flat / flat.norm(dim=0, keepdim=True).clamp_min(1e-6)
    distance = 1 - unit.T @ unit
    return distance * (distance.shape[0] / distance.sum(dim=0, keepdim=True).clamp_min(1e-6))


class SelfSimilarityLoss(nn.Module):
    """Mean |relations(result) - relations(photo)| at one layer, over a fixed set of positions."""

    def __init__(self, target: torch.Tensor, seed: int = 0):
        super().__init__()
        flat = target.detach().flatten(2)[0].float()  # channels x positions
        count = flat.shape[1]
        keep = torch.arange(count)
        if count > MAX_POSITIONS:
            generator = torch.Generator().manual_seed(seed * 7919 + count)
            keep = torch.randperm(count, generator=generator)[:MAX_POSITIONS].sort().values
        self.register_buffer("keep", keep.to(flat.device))
        self.register_buffer("target", _relations(flat[:, self.keep]))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        flat = features.flatten(2)[0][:, self.keep]
        return (_relations(flat) - self.target).abs().mean()
