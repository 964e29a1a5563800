"""The losses, each a small module holding its own target.

Content and Gram (style) losses follow Gatys, Ecker & Bethge (CVPR 2016) under one of two
normalisations (`loss_scale`), which differ only by constant factors per layer:
- "paper", as printed:       content 1/2 * sum_ij (F - P)^2;   E_l = 1/(4 N_l^2 M_l^2) * sum_ij (G - A)^2
- "reference", as the authors' released code computes them: content mean_ij (F - P)^2;
  E_l = 1/N_l^2 * mean_ij (G/M_l - A/M_l)^2. Means do not grow with the image, so the same
  alpha/beta gives the same balance at every size, and the paper's ratios give its pictures.
The Gram matrices are divided by their own M (positions) before comparing, which is the paper's
E_l when both images have the same size and stays meaningful when the style image is larger or
smaller than the output.

Two further style statistics, beyond the paper:
- "w2": the Wasserstein-2 distance between Gaussians with the features' mean and covariance
  (as in crowsonkb's style-transfer-pytorch), per channel;
- "sliced": the sliced Wasserstein distance between the feature distributions (Heitz et al.,
  CVPR 2021), along fixed random directions, per direction and position.
"""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn


def channels_by_positions(features: torch.Tensor) -> torch.Tensor:
    """1xNxHxW activations -> the N x M matrix (M = H*W) the losses work on, as a view (no copy)
    in either memory layout: NCHW gives it directly, channels_last (NHWC) as a transpose."""
    _, channels, height, width = features.shape
    if features.is_contiguous():
        return features.view(channels, height * width)
    if features.is_contiguous(memory_format=torch.channels_last):
        return features.permute(0, 2, 3, 1).reshape(height * width, channels).T
    return features.reshape(channels, height * width)


def by_convolution(features: torch.Tensor, convolutions: bool) -> bool:
    """Whether these features' Gram products run as 1x1 convolutions: where the run's settings
    ask for them (`accel.RunSettings.gram_convolutions`: x86 CPUs), for float32 features."""
    return convolutions and features.dtype == torch.float32


def gram_sum(features: torch.Tensor, convolutions: bool = False) -> torch.Tensor:
    """1xNxHxW activations -> F F^T, the NxN sums over positions."""
    channels = features.shape[1]
    if by_convolution(features, convolutions):
        # F F^T is the weight gradient of a 1x1 convolution whose input and output gradient are F.
        return nn.grad.conv2d_weight(features, (channels, channels, 1, 1), features).view(channels, channels)
    flat = channels_by_positions(features)
    return flat @ flat.T


def times_features(matrix: torch.Tensor, features: torch.Tensor, convolutions: bool = False) -> torch.Tensor:
    """A symmetric NxN matrix times F (1xNxHxW), returned in the features' own memory layout."""
    channels = features.shape[1]
    if by_convolution(features, convolutions):
        return nn.functional.conv2d(features, matrix.view(channels, channels, 1, 1))
    flat = channels_by_positions(features)
    if flat.is_contiguous():  # NCHW features: M F is N x M, laid out as they were
        return (matrix @ flat).view(features.shape)
    # channels_last features: F'M is M x N, i.e. NHWC, the layout they arrived in
    _, _, height, width = features.shape
    return (flat.T @ matrix).view(1, height, width, channels).permute(0, 3, 1, 2)


def gram(features: torch.Tensor, convolutions: bool = False) -> torch.Tensor:
    """1xNxHxW activations -> NxN Gram matrix divided by M = H*W."""
    _, _, height, width = features.shape
    return gram_sum(features, convolutions) / (height * width)


def style_factor(loss_scale: str, channels: int) -> float:
    """The constant that multiplies sum_ij (G/M - A/M)^2 in a Gram layer's E_l."""
    return 1.0 / (4 * channels**2) if loss_scale == "paper" else 1.0 / channels**4


class ContentLoss(nn.Module):
    def __init__(self, target: torch.Tensor, loss_scale: str = "reference"):
        super().__init__()
        self.register_buffer("target", target.detach())
        self.mean = loss_scale != "paper"

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        squares = (features - self.target).pow(2)
        return squares.mean() if self.mean else 0.5 * squares.sum()


class _GramLoss(torch.autograd.Function):
    """factor * sum (G/positions - A)^2 with a hand-written gradient,
    dE/dF = 4 factor (G/positions - A) F / positions: one matrix product where autograd would
    spend two (it does not know G is symmetric). The Gram products are the largest cost of an
    iteration beyond the network itself. `positions` is M, or a region's mass for a masked loss;
    `convolutions` the run's Gram method."""

    @staticmethod
    def forward(ctx, features: torch.Tensor, target: torch.Tensor, positions: float, factor: float,
                convolutions: bool) -> torch.Tensor:
        diff = gram_sum(features, convolutions) / positions - target
        ctx.save_for_backward(features, diff)
        ctx.scale = 4 * factor / positions
        ctx.convolutions = convolutions
        return diff.pow(2).sum() * factor

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor):
        features, diff = ctx.saved_tensors
        scaled = diff * (grad_output * ctx.scale)  # N x N: cheaper to scale than N x M
        # A tensor of its own (not a view), so autograd can add the next layer's gradient into it in place.
        return times_features(scaled, features, ctx.convolutions), None, None, None, None


class _Gram(torch.autograd.Function):
    """F F^T (sums over positions) with the symmetric gradient (dL/dG + dL/dG^T) F in one product."""

    @staticmethod
    def forward(ctx, features: torch.Tensor, convolutions: bool) -> torch.Tensor:
        ctx.save_for_backward(features)
        ctx.convolutions = convolutions
        return gram_sum(features, convolutions)

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor):
        (features,) = ctx.saved_tensors
        return times_features(grad_output + grad_output.T, features, ctx.convolutions), None


class _TraceSqrt(torch.autograd.Function):
    """tr(X^(1/2)) of a symmetric positive semi-definite X, from one eigendecomposition. Its
    gradient, X^(-1/2) / 2, needs no derivative of the eigenvectors, so repeated eigenvalues are
    harmless; eigenvalues are floored at `floor` so it stays finite."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, floor: float) -> torch.Tensor:
        values, vectors = torch.linalg.eigh(x)
        roots = values.clamp_min(floor).sqrt()
        ctx.save_for_backward(roots, vectors)
        return roots.sum()

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor):
        roots, vectors = ctx.saved_tensors
        return (vectors * (grad_output * 0.5 / roots)) @ vectors.T, None


class StyleLoss(nn.Module):
    """E_l against one Gram target (or a weighted blend of several styles' Grams), optionally
    restricted to a region (Gatys et al. 2017, spatial control): then the Gram matrix is that of
    the features weighted by the mask (1x1xHxW in 0..1, any resolution), normalised by the mask's
    own mass, and the loss is weighted by the region's share of the image. `gram_convolutions`: the
    run's Gram method (`accel.RunSettings`)."""

    def __init__(self, target: torch.Tensor, loss_scale: str = "reference", mask: torch.Tensor | None = None,
                 gram_convolutions: bool = False):
        super().__init__()
        self.register_buffer("target", target.detach())
        self.factor = style_factor(loss_scale, target.shape[0])
        self.region = Region(mask) if mask is not None else None
        self.gram_convolutions = gram_convolutions

    @staticmethod
    def statistics(features: torch.Tensor, seed: int = 0) -> torch.Tensor:
        return gram(features)

    @staticmethod
    def blend(targets: Sequence[torch.Tensor], weights: Sequence[float]) -> torch.Tensor:
        return sum(w * t for w, t in zip(weights, targets)) / sum(weights)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        if self.region is None:
            _, _, height, width = features.shape
            return _GramLoss.apply(features, self.target, height * width, self.factor, self.gram_convolutions)
        mask, mass, share = self.region.at(features)
        if mass < 1e-6:  # the region vanishes at this layer's resolution
            return features.new_zeros(())
        return _GramLoss.apply(features * mask, self.target, mass, self.factor, self.gram_convolutions) * share


class Region:
    """A style's region: the mask at each layer's resolution, its mass (sum of squares) and its
    share of the image, read back to the host once per resolution rather than every iteration."""

    def __init__(self, mask: torch.Tensor):
        self.mask = mask.detach()
        self._resized: dict[tuple[int, int], tuple[torch.Tensor, float, float]] = {}

    def at(self, features: torch.Tensor) -> tuple[torch.Tensor, float, float]:
        height, width = features.shape[2:]
        if (height, width) not in self._resized:
            mask = nn.functional.interpolate(self.mask, size=(height, width), mode="area")
            self._resized[(height, width)] = (mask, mask.pow(2).sum().item(), mask.mean().item())
        return self._resized[(height, width)]


class MomentLoss(nn.Module):
    """Wasserstein-2 distance between the Gaussians of the features and of the target, per channel:
    (|mu - mu_t|^2 + tr(C + C_t - 2 (C_t^1/2 C C_t^1/2)^1/2)) / N. Targets are the mean and the
    second raw moment, which (unlike covariances) blend linearly across styles. With a mask, the
    moments weight each position by the mask squared, as the masked Gram loss does."""

    EPS = 1e-3  # added to the covariances' diagonals: keeps the square roots' gradients bounded
    # Brings the distance into the Gram loss's range (reference normalisation), so that the same
    # decades of alpha/beta apply to both.
    SCALE = 3e-6

    def __init__(self, target: tuple[torch.Tensor, torch.Tensor], loss_scale: str = "reference",
                 mask: torch.Tensor | None = None, gram_convolutions: bool = False):
        super().__init__()
        self.gram_convolutions = gram_convolutions
        mean, moment = (t.detach() for t in target)
        eye = torch.eye(mean.shape[0], dtype=mean.dtype, device=mean.device)
        cov = moment - torch.outer(mean, mean) + self.EPS * eye
        values, vectors = torch.linalg.eigh(cov)
        self.register_buffer("mean", mean)
        self.register_buffer("eye", eye)
        self.register_buffer("cov_root", (vectors * values.clamp_min(0).sqrt()) @ vectors.T)
        self.cov_trace = cov.diagonal().sum().item()
        self.region = Region(mask) if mask is not None else None

    @staticmethod
    def statistics(features: torch.Tensor, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
        return features.mean(dim=(0, 2, 3)), gram(features)

    @staticmethod
    def blend(targets, weights):
        total = sum(weights)
        return (sum(w * t[0] for w, t in zip(weights, targets)) / total,
                sum(w * t[1] for w, t in zip(weights, targets)) / total)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        share = 1.0
        if self.region is None:
            weighted, mass = features, features.shape[2] * features.shape[3]
            mean = features.mean(dim=(0, 2, 3))
        else:
            mask, mass, share = self.region.at(features)
            if mass < 1e-6:
                return features.new_zeros(())
            weighted = features * mask
            mean = (weighted * mask).sum(dim=(0, 2, 3)) / mass
        cov = _Gram.apply(weighted, self.gram_convolutions) / mass - torch.outer(mean, mean) + self.EPS * self.eye
        cross = _TraceSqrt.apply(self.cov_root @ cov @ self.cov_root, self.EPS**2)
        distance = (mean - self.mean).pow(2).sum() + cov.diagonal().sum() + self.cov_trace - 2 * cross
        return distance * (self.SCALE / mean.shape[0] * share)


class SlicedLoss(nn.Module):
    """Sliced Wasserstein distance: the features projected on fixed random unit directions (as
    many as channels), each projection's values sorted and compared with the target's sorted
    values (its quantiles, resampled to as many positions): the mean squared difference. It matches
    each direction's whole distribution, not only its first two moments. With a mask, only the
    positions where the mask is at least one half take part."""

    SCALE = 3e-5  # on the Gram loss's scale, as MomentLoss.SCALE

    def __init__(self, target: tuple[torch.Tensor, torch.Tensor], loss_scale: str = "reference",
                 mask: torch.Tensor | None = None, gram_convolutions: bool = False):  # (no Gram products)
        super().__init__()
        directions, quantiles = target
        self.register_buffer("unit_directions", directions.detach())
        self.register_buffer("quantiles", quantiles.detach())
        self.region = Region(mask) if mask is not None else None
        self._resampled: dict[int, torch.Tensor] = {}

    @staticmethod
    def directions(channels: int, seed: int, like: torch.Tensor) -> torch.Tensor:
        """As many random unit directions as channels, the same for a seed wherever they are made."""
        generator = torch.Generator().manual_seed(seed * 1009 + channels)
        directions = torch.randn(channels, channels, generator=generator, dtype=torch.float64)
        return (directions / directions.norm(dim=1, keepdim=True)).to(like.device, like.dtype)

    @staticmethod
    def project(features: torch.Tensor, directions: torch.Tensor) -> torch.Tensor:
        """K x M: each direction's projection of the features at every position."""
        channels = features.shape[1]
        projected = nn.functional.conv2d(features, directions.view(-1, channels, 1, 1))
        return projected.flatten(2)[0]

    @classmethod
    def statistics(cls, features: torch.Tensor, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
        """The run's directions for this layer (fixed by the seed) and the sorted projections."""
        directions = cls.directions(features.shape[1], seed, features)
        return directions, cls.project(features, directions).sort(dim=1).values

    @staticmethod
    def blend(targets, weights):
        """A weighted average of quantile functions: in one dimension, the Wasserstein barycentre."""
        length = max(t[1].shape[1] for t in targets)
        total = sum(weights)
        quantiles = sum(w * _resample(t[1], length) for w, t in zip(weights, targets)) / total
        return targets[0][0], quantiles

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        projected = self.project(features, self.unit_directions)
        if self.region is not None:
            mask, _, share = self.region.at(features)
            inside = mask.flatten() >= 0.5
            if not bool(inside.any()):
                return features.new_zeros(())
            projected = projected[:, inside]
        else:
            share = 1.0
        count = projected.shape[1]
        if count not in self._resampled:
            self._resampled[count] = _resample(self.quantiles, count)
        return (projected.sort(dim=1).values - self._resampled[count]).pow(2).mean() * (self.SCALE * share)


def _resample(sorted_values: torch.Tensor, count: int) -> torch.Tensor:
    """K x M' sorted values -> K x count, read off the same quantiles by linear interpolation."""
    if sorted_values.shape[1] == count:
        return sorted_values
    return nn.functional.interpolate(sorted_values[None], size=count, mode="linear", align_corners=True)[0]


class TVLoss(nn.Module):
    """Total variation: mean squared difference between neighbouring pixels, on a 0..1 scale.

    Taking the mean (not the sum) keeps a given weight's effect the same at every output size.
    """

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        x = image / 255.0
        dx = (x[..., :, 1:] - x[..., :, :-1]).pow(2).mean()
        dy = (x[..., 1:, :] - x[..., :-1, :]).pow(2).mean()
        return dx + dy


class NeighbourLoss(nn.Module):
    """The painting's elements, not only its statistics: a relaxed earth mover's distance between
    the result's features and the painting's at one layer (after Kolkin et al.'s STROTSS, CVPR 2019,
    and Neural Neighbor Style Transfer, 2022), on cosine distances of features centred on the
    painting's mean. Two halves, averaged:
    - each result feature to its nearest painting feature (the result is made of painting parts);
    - each painting feature to its nearest result feature (every part of the painting appears:
      the half that a Gram matrix cannot see, where a light, flat painting's dominant colour
      meets the Gram statistics while its waves or circles never appear).
    The nearest pairs are found without gradient (one matrix product); the loss is then the
    cosine distance of those pairs, folded into one fixed matrix, so its gradient costs no more
    than the features themselves.
    The search costs about half a network pass, so it is done every `SEARCH_EVERY`-th evaluation
    and the pairs kept in between (as Neural Neighbor Style Transfer fixes its targets for a
    while): between searches the loss is a smooth function of the image. The painting's features
    are a fixed random subset of at most `MAX_TARGETS` positions, so the product stays small at
    any size."""

    MAX_TARGETS = 4096
    SEARCH_EVERY = 3

    def __init__(self, target: tuple[torch.Tensor, torch.Tensor], search_dtype: torch.dtype = torch.float32):
        super().__init__()
        centre, unit = target
        self.register_buffer("centre", centre.detach())
        self.register_buffer("unit_targets", unit.detach())
        # The search for nearest pairs only ranks similarities: bf16 does that as well, at half the cost.
        self.register_buffer("search_targets", unit.detach().to(search_dtype))
        # How much each painting feature counts in the painting's half: equal until `focus` is called.
        self.register_buffer("painting_weights", torch.ones(unit.shape[1], dtype=unit.dtype, device=unit.device))
        self._evaluations = 0
        self._pull: torch.Tensor | None = None  # both halves' pairs, folded (see _search)
        self._painting_total = torch.ones(())

    @classmethod
    def statistics(cls, features: torch.Tensor, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
        flat = channels_by_positions(features.float())
        centre = flat.mean(dim=1, keepdim=True)
        if flat.shape[1] > cls.MAX_TARGETS:
            generator = torch.Generator().manual_seed(seed * 7919 + flat.shape[0])
            keep = torch.randperm(flat.shape[1], generator=generator)[:cls.MAX_TARGETS].to(flat.device)
            flat = flat[:, keep]
        return centre, _unit_columns(flat - centre)

    @staticmethod
    def blend(targets, weights):
        """Several paintings: the union of their features (each painting's share by its weight)."""
        total = sum(weights)
        count = targets[0][1].shape[1]
        parts = [t[1][:, :max(1, round(count * w / total))] for t, w in zip(targets, weights) if w > 0]
        centre = sum(w * t[0] for t, w in zip(targets, weights)) / total
        return centre, torch.cat(parts, dim=1)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        unit = _unit_columns(channels_by_positions(features) - self.centre)  # N x M
        if self._pull is None or self._evaluations % self.SEARCH_EVERY == 0 or self._pull.shape[1] != unit.shape[1]:
            with torch.no_grad():
                self._pull, self._painting_total = self._search(unit)
        self._evaluations += 1
        return 0.5 * (1 + self._painting_total - (unit * self._pull).sum())

    def _search(self, unit: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Find the nearest pairs, and fold both halves' cosine terms into one matrix `pull`
        (N x M), so that between searches the loss is 1 + mean(w) - sum(unit * pull), over 2:
        - the result's half, 1 - mean_m <u_m, t_nearest(m)>: column m of `pull` gets
          t_nearest(m) / M;
        - the painting's half, mean_k w_k (1 - <u_nearest(k), t_k>): w_k t_k / K is added to the
          column of u_nearest(k).
        One product with a fixed matrix, instead of gathering columns (and scattering their
        gradients back) on every evaluation."""
        similarity = (unit.T.to(self.search_targets.dtype) @ self.search_targets).float()  # M x K
        # argmax along rows of a contiguous matrix: far faster than down its columns
        nearest_target, nearest_result = similarity.argmax(dim=1), similarity.T.contiguous().argmax(dim=1)
        positions, targets = unit.shape[1], self.unit_targets.shape[1]
        pull = self.unit_targets[:, nearest_target] / positions
        pull.index_add_(1, nearest_result, self.unit_targets * (self.painting_weights / targets))
        return pull, self.painting_weights.mean()

    FOCUS_POWER = 2.0

    @torch.no_grad()
    def focus(self, start: torch.Tensor) -> None:
        """Weigh each painting feature by how far the starting image is from it (to the power
        FOCUS_POWER, mean 1): the painting's half then asks for what the photo lacks. In a light,
        flat painting most features are its paper or sky, which a photo recoloured to its palette
        already has; unweighted, they drown the few that make its waves or circles."""
        unit = _unit_columns(channels_by_positions(start) - self.centre)
        similarity = (unit.T.to(self.search_targets.dtype) @ self.search_targets).float()
        missing = (1 - similarity.max(dim=0).values).clamp_min(0) ** self.FOCUS_POWER
        self.painting_weights = missing / missing.mean().clamp_min(1e-6)


def _unit_columns(flat: torch.Tensor) -> torch.Tensor:
    return flat / flat.norm(dim=0, keepdim=True).clamp_min(1e-6)


STYLE_LOSSES = {"gram": StyleLoss, "w2": MomentLoss, "sliced": SlicedLoss}
