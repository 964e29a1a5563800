"""Replaying an iteration's forward + backward pass as a CUDA graph.

An iteration at 512 px launches a few hundred small kernels. On a fast GPU the host's Python and
launch overhead then takes about as long as the kernels themselves (benchmarks/gpu.py profiles
it). A CUDA graph records the launches once and replays them with one
call; the iterate `x` is updated in place, so the recorded pass reads each new image.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

import torch

log = logging.getLogger(__name__)
_side_streams: dict[torch.device, torch.cuda.Stream] = {}  # one per GPU: bounded by the machine
_side_streams_lock = threading.Lock()


def side_stream(device: torch.device) -> torch.cuda.Stream:
    """One recording stream per GPU for the whole process. cuBLAS keeps a workspace for every
    stream it has run on, for good: a new stream per run would grow the memory every run."""
    with _side_streams_lock:
        if device not in _side_streams:
            _side_streams[device] = torch.cuda.Stream(device)
        return _side_streams[device]


class GraphedGradient:
    """`evaluate()` computes the loss parts and leaves d(loss)/dx in `x.grad`. This wrapper runs
    it eagerly for the first `warmup` calls, then records it once and replays the recording.
    If recording fails, it logs why and stays eager for the rest of the run."""

    def __init__(self, evaluate: Callable[[], torch.Tensor], x: torch.Tensor, warmup: int = 2):
        self.evaluate = evaluate
        self.x = x
        self.warmup = warmup
        self.calls = 0
        self.graph: torch.cuda.CUDAGraph | None = None
        self.failed = False
        self.parts: torch.Tensor | None = None
        self.grad: torch.Tensor | None = None

    def __call__(self) -> torch.Tensor:
        if self.graph is None:
            self.calls += 1
            if self.failed or self.calls <= self.warmup:
                return self.evaluate()
            self._record()
            if self.graph is None:
                return self.evaluate()
        self.graph.replay()
        self.x.grad = self.grad  # the recorded backward writes here on every replay
        return self.parts

    def _record(self) -> None:
        try:
            # One more eager pass on a side stream first, as torch.cuda.graph asks, so that lazy
            # initialisation (cuDNN plans, autograd buffers) happens outside the recording.
            side = side_stream(self.x.device)
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                self.evaluate()
            torch.cuda.current_stream().wait_stream(side)
            self.x.grad = None
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph, stream=side):
                self.parts = self.evaluate()
            self.grad = self.x.grad
            self.graph = graph
        except RuntimeError as exc:
            self.failed = True
            self.parts = self.grad = None
            log.warning("Recording the iteration as a CUDA graph failed; running without it: %s", exc)
            return
        torch.cuda.synchronize()
        torch.cuda.empty_cache()  # the eager passes' buffers: the graph has its own pool now
