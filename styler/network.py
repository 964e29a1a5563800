"""The network every run shares: VGG-19 (styler.vgg) assembled once per process for each set of
choices that shapes it (weights, pooling, the paper's filter normalisation from
styler.normalization, device, memory layout), and reused. Nothing changes it after assembly, so
runs at once can share it. The caches are bounded and guarded by one lock."""
from __future__ import annotations

import threading
from collections import OrderedDict

import torch

from .normalization import filter_scales
from .vgg import VGG19Features, load_conv_weights

MAX_NETWORKS = 4  # assembled networks kept (least recently used dropped)
MAX_WEIGHT_SOURCES = 2  # raw weights kept, per source

_networks: OrderedDict[tuple, VGG19Features] = OrderedDict()
_weights: OrderedDict[str, tuple] = OrderedDict()
_lock = threading.Lock()


def get_vgg(source: str = "original", pooling: str = "avg", normalized: bool = True,
            device: torch.device | str = "cpu",
            memory_format: torch.memory_format = torch.contiguous_format) -> VGG19Features:
    """The VGG-19 feature extractor for these settings, assembled once per process and reused."""
    key = (source, pooling, normalized, str(device), memory_format)
    with _lock:
        if key in _networks:
            _networks.move_to_end(key)
            return _networks[key]
        convs, convention = _raw_weights(source)
        model = VGG19Features(convs, convention, pooling)
        if normalized:
            model.scale_filters(filter_scales(source, pooling, convs, convention))
        model = model.to(device).use_memory_format(memory_format)
        _networks[key] = model
        while len(_networks) > MAX_NETWORKS:
            _networks.popitem(last=False)
        return model


def _raw_weights(source: str) -> tuple:
    if source in _weights:
        _weights.move_to_end(source)
    else:
        _weights[source] = load_conv_weights(source)
        while len(_weights) > MAX_WEIGHT_SOURCES:
            _weights.popitem(last=False)
    return _weights[source]


__all__ = ["get_vgg"]
