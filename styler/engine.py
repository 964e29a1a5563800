"""stylize(): the paper's optimisation as a generator that streams its progress.

    for p in stylize(content, style, params):
        p.iteration, p.total, p.image, p.losses, p.elapsed, p.done

One item is yielded per iteration (so a consumer can stop the run at any iteration by closing
the generator); `image` is set on preview iterations only: the first iteration, every
`preview_every`-th, and the last, which has `done=True`. The network is shared per process;
everything else (targets, the iterate, the optimiser) lives in the generator and is freed
when it ends or is closed.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

import numpy as np
import torch
from PIL import Image

from . import accel, color, graphs, images, limits, pace, pyramid
from .balance import Balance
from .errors import DeviceError, DivergedError, InvalidParameter, about
from .lbfgs import LBFGS
from .messages import Message, message
from .losses import STYLE_LOSSES, ContentLoss, NeighbourLoss, TVLoss
from .params import LOSS_TERMS, TOTAL, StyleParams
from .plan import BudgetPlan, FixedPlan
from .self_similarity import SelfSimilarityLoss
from .temporal import Temporal
from .network import get_vgg
from .vgg import VGG19Features


@dataclass
class Progress:
    iteration: int
    total: int
    losses: dict[str, float]
    elapsed: float
    image: Image.Image | None = None
    done: bool = False
    size: tuple[int, int] = (0, 0)  # the picture being optimised now (width, height)
    scale: int = 1  # which of the run's scales (coarse to fine) that is, from 1
    scales: int = 1
    notes: list[Message] = field(default_factory=list)  # remarks about the inputs (str() is English), on the first item
    device: str = ""  # where it computes, e.g. "CPU" or "NVIDIA H200, TF32"
    budget: float | None = None  # the run's time budget in seconds (params.seconds), if it has one
    content_weight: float = 0.0  # the alpha in use at this scale (balance="auto" corrects it between scales)
    style_weight: float = 0.0  # beta (params.style_weight)

    @property
    def stage(self) -> Message:
        """What is running, e.g. "512×384 px, scale 2/3" (str() is English; the web app writes it in its languages)."""
        width, height = self.size
        if self.scales > 1:
            return Message("stage.scale", dict(width=width, height=height, scale=self.scale, scales=self.scales))
        return Message("stage", dict(width=width, height=height))

    @property
    def eta(self) -> float | None:
        """Seconds left: to the budget's end, or extrapolated from the pace so far."""
        if self.done:
            return 0.0
        if self.budget is not None:
            return max(0.0, self.budget - self.elapsed)
        if self.iteration <= 0:
            return None
        return self.elapsed / self.iteration * (self.total - self.iteration)


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise DeviceError("param.invalid", **about("device", "device.no_cuda"))
        index = int(name.split(":")[1]) if ":" in name else 0
        if index >= torch.cuda.device_count():
            raise DeviceError("param.invalid", **about("device", "device.no_such_gpu", name=name,
                                                       count=torch.cuda.device_count()))
    if name == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise DeviceError("param.invalid", **about("device", "device.no_mps"))
    return torch.device(name)


class Objective:
    """The sum of LOSS_TERMS, each term times the parameter that weighs it (alpha * content +
    beta * style + tv_weight * TV), against targets computed once per run."""

    def __init__(self, net: VGG19Features, params: StyleParams, content: torch.Tensor,
                 styles: Sequence[torch.Tensor], blend: Sequence[float],
                 regions: Sequence[torch.Tensor] | None = None, settings: accel.RunSettings | None = None,
                 temporal: Temporal | None = None):
        self.net = net
        self.params = params
        self.settings = settings or accel.RunSettings.resolve(params.precision, content.device)
        self.device = content.device
        self.masked = regions is not None
        self.content_weights = params.content_layer_weights if params.content_weight > 0 else {}
        self.style_weights = params.style_layer_weights if params.style_weight > 0 else {}
        self.neighbour_weights = params.neighbour_layer_weights if params.neighbour_in_use(self.masked) else {}
        self.layers = params.layers_in_use(self.masked)
        loss_kind = STYLE_LOSSES[params.style_loss]
        gram_method = dict(gram_convolutions=self.settings.gram_convolutions)
        with torch.no_grad():  # targets stay float32, also under bf16
            feats = self._features(content, self.content_weights)
            if params.content_loss == "self-similarity":
                self.content_losses = {name: SelfSimilarityLoss(feats[name], params.seed) for name in self.content_weights}
                self.content_energy = 0.0  # no photo's change to measure: the balance leaves alpha as set
            else:
                self.content_losses = {name: ContentLoss(feats[name], params.loss_scale) for name in self.content_weights}
                # The content term of a black image: the photo's own feature energy, in the same units.
                self.content_energy = sum(w * self.content_losses[n](torch.zeros_like(feats[n]))
                                          for n, w in self.content_weights.items()).item() if self.content_weights else 0.0
            # Per layer, the style terms, each (weight, loss): one against the blend of every
            # style's statistics, or with regions, one masked term per region against its own
            # style, weighted by the blend (weights of mean 1: an even blend weighs them equally).
            self.style_losses: dict[str, list[tuple[float, torch.nn.Module]]] = {}
            if self.style_weights:
                stats = [{n: loss_kind.statistics(f, params.seed) for n, f in self._features(s, self.style_weights).items()}
                         for s in styles]
                region_weights = [len(blend) * b / sum(blend) for b in blend]
                for name in self.style_weights:
                    if regions is not None:
                        self.style_losses[name] = [(w, loss_kind(st[name], params.loss_scale, mask=m, **gram_method))
                                                   for st, m, w in zip(stats, regions, region_weights)]
                    else:
                        target = loss_kind.blend([st[name] for st in stats], blend)
                        self.style_losses[name] = [(1.0, loss_kind(target, params.loss_scale, **gram_method))]
            # The painting's elements: one neighbour term per layer against every painting's features.
            self.neighbour_losses: dict[str, NeighbourLoss] = {}
            if self.neighbour_weights:
                stats = [{n: NeighbourLoss.statistics(f, params.seed)
                          for n, f in self._features(s, self.neighbour_weights).items()} for s in styles]
                search = torch.bfloat16 if self.settings.precision == "bf16" else torch.float32
                self.neighbour_losses = {
                    name: NeighbourLoss(NeighbourLoss.blend([st[name] for st in stats], blend), search_dtype=search)
                    for name in self.neighbour_weights}
        self.tv = TVLoss()
        # A video frame's pull toward the previous result, warped (styler.temporal); not a loss part.
        self.temporal = (temporal.term((content.shape[3], content.shape[2]), self.device, params.preserve_color)
                         if temporal is not None else None)

    def _features(self, image: torch.Tensor, layers) -> dict[str, torch.Tensor]:
        return self.net(image, layers, padding=self.params.padding)

    def photo_change(self, parts: Sequence[float]) -> float:
        """How far an image has moved from the photo, |F - P| / |P| at the content layers, from
        its loss parts (as this objective returns them)."""
        if self.params.content_weight <= 0 or self.content_energy <= 0:
            return math.nan
        term = parts[LOSS_NAMES.index("content")] / self.params.content_weight
        return math.sqrt(max(term, 0.0) / self.content_energy)

    def focus_elements(self, start: torch.Tensor) -> None:
        """Point the neighbour terms at the painting's elements this stage's start lacks."""
        if not self.neighbour_losses:
            return
        with torch.no_grad(), accel.network_autocast(self.settings.precision, self.device):
            feats = self._features(start, self.neighbour_weights)
        for name, loss in self.neighbour_losses.items():
            loss.focus(feats[name].float())

    def __call__(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Total loss (for backward) and the weighted parts in LOSS_NAMES order: each term of
        LOSS_TERMS, then the total (detached)."""
        with accel.network_autocast(self.settings.precision, self.device):
            feats = self._features(x, self.layers)
        feats = {name: f.float() for name, f in feats.items()}  # no copy unless the net ran in bf16
        terms = self._terms(x, feats)
        parts = torch.stack([getattr(self.params, weight) * terms[term] for term, weight in LOSS_TERMS.items()])
        total = parts.sum() if self.temporal is None else parts.sum() + self.temporal(x)
        return total, torch.cat([parts, total.view(1)]).detach()

    def _terms(self, x: torch.Tensor, feats: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """Each term of LOSS_TERMS by its name, before its weight."""
        zero = x.new_zeros(())
        content = sum((w * self.content_losses[n](feats[n]) for n, w in self.content_weights.items()), zero)
        style = sum((w * r * loss(feats[n]) for n, w in self.style_weights.items() for r, loss in self.style_losses[n]),
                    zero)
        if self.neighbour_losses:
            style = style + self.params.neighbour_weight * sum(
                w * self.neighbour_losses[n](feats[n]) for n, w in self.neighbour_weights.items())
        tv = self.tv(x) if self.params.tv_weight > 0 else zero
        return {"content": content, "style": style, "tv": tv}


LOSS_NAMES = (*LOSS_TERMS, TOTAL)  # the order of the objective's parts, the total last


def stylize(content: Image.Image, style: Image.Image | Sequence[Image.Image], params: StyleParams | None = None,
            *, init_image: Image.Image | None = None, mask: Image.Image | None = None,
            tuning: accel.Tuning = accel.DEFAULT_TUNING, temporal: Temporal | None = None) -> Iterator[Progress]:
    """Repaint `content` in the style of `style`: one image, or several blended by
    `params.style_blend`, or (with `mask`) placed by region.

    `init_image` replaces `params.init` as the starting image (e.g. to continue from a result).
    `mask` (any image, read as grey and stretched to the output) is spatial control (Gatys et al.
    2017): the style applies where it is white; with two styles, the second goes where it is
    black (and `style_blend` weighs the two regions' styles); with one, the black part keeps
    the photo.

    Inputs may be PIL images, paths or bytes, read and checked here (`read_input`), or
    `images.CheckedImage`s already read for this run, taken as they are.
    `tuning` chooses how the device is used (benchmarks compare variants; the default is the
    fastest measured). Raises `StylerError` subclasses for anything a user can get wrong.
    `temporal` adds a video frame's pull toward the previous result (styler.temporal).
    """
    params = params or StyleParams()
    start = time.perf_counter()
    notes: list[Message] = []
    content_in = read_input(content, "content", params)
    if content_in.note:
        notes.append(content_in.note)
    content_img = content_in.image
    style_list = list(style) if isinstance(style, (list, tuple)) else [style]
    if not style_list:
        style_list = [None]
    style_imgs = [_load(s, "style", params, notes, "style" if len(style_list) == 1 else f"style #{i + 1}")
                  for i, s in enumerate(style_list)]
    blend = _blend(params.blend_weights, len(style_imgs))
    mask_img = _mask(mask, len(style_imgs), params, notes)
    init_img = _load(init_image, "init", params, notes, "initial") if init_image is not None else None

    device = resolve_device(params.device)
    if params.precision == "tf32" and device.type != "cuda":
        notes.append(message("device.tf32_off_cuda", precision=params.precision))
    size = images.fit_long_side(content_in.shape, params.size, "content")  # the photo's own aspect ratio
    limits.check_fits(params, size, device)  # a run too large is refused, not killed midway
    inputs = _Inputs(content_img, style_imgs, blend, init_img, mask_img, size, temporal)
    try:
        # The process's CUDA switches are set by its first CUDA run, here (accel.cuda_switches).
        settings = accel.RunSettings.resolve(params.precision, device, tuning).on_device()
        if device.type == "cuda" and params.precision in ("float32", "tf32") and settings.precision != params.precision:
            notes.append(Message("note.gpu_precision", dict(precision=settings.precision, asked=params.precision)))
        yield from _run(params, settings, inputs, start, notes)
    except torch.cuda.OutOfMemoryError:
        _free(device)
        raise DeviceError("memory.out_of_gpu", size=params.size) from None
    except RuntimeError as exc:
        if "out of memory" in str(exc).lower():
            _free(device)
            raise DeviceError("memory.out", size=params.size) from None
        raise
    finally:
        _free(device)


def warm_up(params: StyleParams | None = None, calibrate: bool = True) -> None:
    """Pay the one-time costs before a user waits for them: load the network, and take a few
    optimiser steps of each kind on a toy problem (first calls into torch's optimisers and
    linear algebra import and initialise about a second's worth of modules), then time a few
    iterations of a small run (`calibrate`)."""
    params = params or StyleParams()
    device = resolve_device(params.device)
    if device.type == "cpu":
        accel.cpu_precision_probe()  # what precision="auto" means on this CPU, measured now rather than mid-run
    get_vgg(params.weights, params.pooling, params.normalized, device, accel.RunSettings.resolve(
        params.precision, device).memory_format)
    x = torch.tensor([3.0, -2.0], requires_grad=True)

    def closure():
        x.grad = None
        loss = (x * x * torch.tensor([1.0, 10.0])).sum()
        loss.backward()
        return loss

    for optimiser in (LBFGS(x, history=2), torch.optim.Adam([x])):
        for _ in range(3):
            optimiser.step(closure)
    torch.linalg.eigh(torch.eye(2))  # the w2 style statistic's first eigendecomposition
    if calibrate:  # a first measure of this device's pace (styler.pace), for estimates before runs
        rng = np.random.default_rng(0)
        noise = [Image.fromarray(rng.integers(0, 256, (CALIBRATION_SIZE * 3 // 4, CALIBRATION_SIZE, 3), np.uint8))
                 for _ in range(2)]
        for _ in stylize(*noise, params.replace(size=CALIBRATION_SIZE, iterations=pace.MIN_ITERATIONS + 1,
                                                 scales=1, seconds=0, preview_every=10000, init="content")):
            pass


CALIBRATION_SIZE = 192


def stages(params: StyleParams, size: tuple[int, int]) -> list[tuple[tuple[int, int], int]]:
    """Coarse-to-fine schedule: [((width, height), iterations), ...], ending at `size`.

    Each coarser scale divides the sides by `scale_step`; scales whose short side would fall
    under 64 px are dropped. The iterations are split evenly; a coarse one costs less by its
    pixel ratio, so the early scales are quick.
    """
    width, height = size
    sizes = [size]
    for k in range(1, params.scales):
        factor = params.scale_step**k
        if min(width, height) / factor < 2 * images.MIN_SIDE:
            break
        sizes.insert(0, (round(width / factor), round(height / factor)))
    base, extra = divmod(params.iterations, len(sizes))
    counts = [base + (1 if i >= len(sizes) - extra else 0) for i in range(len(sizes))]
    return [(s, n) for s, n in zip(sizes, counts) if n > 0]


class IterateAverage:
    """A bias-corrected exponential moving average of the iterates (as Adam averages its
    gradients): what is shown when `params.average` > 0, smoothing the optimiser's pixel noise."""

    def __init__(self, x: torch.Tensor, decay: float):
        self.decay = decay
        self.sum = torch.zeros_like(x)
        self.weight = 0.0
        self.update(x)

    def update(self, x: torch.Tensor) -> None:
        self.sum.mul_(self.decay).add_(x, alpha=1 - self.decay)
        self.weight = self.weight * self.decay + (1 - self.decay)

    def get(self) -> torch.Tensor:
        return self.sum / self.weight


@dataclass(frozen=True)
class _Inputs:
    """A run's images, read and checked, and its output size."""

    content: Image.Image
    styles: list[Image.Image]
    blend: list[float]
    init: Image.Image | None
    mask: Image.Image | None
    size: tuple[int, int]
    temporal: Temporal | None = None


@dataclass
class _Stage:
    """One scale of a run, ready to iterate: its objective, iterate, optimiser step and pictures."""

    objective: Objective
    iterate: pyramid.Pixels | pyramid.LaplacianPyramid
    step: Callable[[], torch.Tensor]
    average: IterateAverage | None
    content_rgb: torch.Tensor

    def pixels(self) -> torch.Tensor:
        """The iterate as an image (not part of any graph)."""
        with torch.no_grad():
            return self.iterate.image().detach()

    def shown(self) -> torch.Tensor:
        return self.average.get() if self.average is not None else self.pixels()

    def picture(self, t: torch.Tensor, preserve_color: str) -> Image.Image:
        return images.to_image(color.render(preserve_color, t, self.content_rgb))


def _prepare_stage(params: StyleParams, settings: accel.RunSettings, net: VGG19Features, inputs: _Inputs,
                   size: tuple[int, int], previous: torch.Tensor | None) -> _Stage:
    width, height = size
    device = settings.device
    content_rgb = images.to_tensor(images.resize(inputs.content, size), device)
    style_pixels = width * height * params.style_scale**2
    style_ts = [images.to_tensor(images.resize(s, images.fit_area(s.size, style_pixels, "style")), device)
                for s in inputs.styles]
    content_t, style_ts = color.prepare(params.preserve_color, content_rgb, style_ts)
    regions = _regions(inputs.mask, size, len(style_ts), device) if inputs.mask is not None else None
    objective = Objective(net, params, content_t, style_ts, inputs.blend, regions=regions, settings=settings,
                          temporal=inputs.temporal)
    if previous is None:
        x = color.start_image(params.preserve_color, _initial(params, content_rgb, style_ts, inputs.init, size, device))
    else:  # continue from the coarser result, upsampled
        x = torch.nn.functional.interpolate(previous.detach(), size=(height, width), mode="bicubic",
                                            align_corners=False).clamp_(0, 255)
    objective.focus_elements(x)
    iterate = pyramid.parametrise(x, params.pyramid_levels)
    average = IterateAverage(x.detach(), params.average) if params.average > 0 else None
    return _Stage(objective, iterate, _optimiser_step(params, iterate, objective), average, content_rgb)


def _run(params: StyleParams, settings: accel.RunSettings, inputs: _Inputs, start: float,
         notes: list[Message]) -> Iterator[Progress]:
    net = get_vgg(params.weights, params.pooling, params.normalized, settings.device, settings.memory_format)
    schedule = stages(params, inputs.size)
    plan = _plan(params, schedule, start)
    common = dict(scales=len(schedule), device=settings.describe(), budget=params.seconds or None,
                  style_weight=params.style_weight)
    balance = Balance(params)
    done_before, x, last_stage = 0, None, len(schedule) - 1
    for index, (size, _) in enumerate(schedule):
        if not plan.start_stage(index, time.perf_counter()):
            continue  # a budget too short for this coarse scale: the next one starts from the last
        stage = _prepare_stage(balance.stage_params(), settings, net, inputs, size, x)
        last_good = stage.pixels().clone()
        iterations_start = time.perf_counter()
        plan.ready(iterations_start)
        j = 0
        while True:
            j += 1
            i = done_before + j
            parts = stage.step()
            pixels = stage.pixels()
            # `parts` is the loss of the iterate before this step; a finite loss can still give a
            # non-finite step (an overflowed gradient), so the new pixels are checked too. One
            # read-back for both: on a GPU each one stalls the pipeline.
            *losses, finite = torch.cat([parts, torch.isfinite(pixels).all().view(1).to(parts.dtype)]).tolist()
            if not (finite == 1.0 and all(map(math.isfinite, losses))):
                raise DivergedError(i, stage.picture(last_good, params.preserve_color))
            last_good.copy_(pixels)
            if stage.average is not None:
                stage.average.update(pixels)
            now = time.perf_counter()
            stage_over = plan.stage_over(index, j, now)
            done = stage_over and index == last_stage
            if done:
                with torch.no_grad():  # the losses of the image returned
                    losses = stage.objective(stage.shown())[1].tolist()
            preview = done or i == 1 or i % params.preview_every == 0 or stage_over
            yield Progress(
                iteration=i, total=i if done else max(i, plan.total(index, j, now)), losses=dict(zip(LOSS_NAMES, losses)),
                elapsed=time.perf_counter() - start, done=done, size=size, scale=index + 1,
                image=stage.picture(stage.shown(), params.preserve_color) if preview else None,
                notes=notes if i == 1 else [], content_weight=balance.content_weight, **common)
            if stage_over:
                break
        balance.observe(stage.objective.photo_change(losses))
        pace.record(pace.key(settings.device.type, settings.precision), size[0] * size[1], j,
                    time.perf_counter() - iterations_start)
        x = stage.shown().clamp(0, 255)  # the next scale starts from what was shown
        done_before += j


def _plan(params: StyleParams, schedule, start: float) -> FixedPlan | BudgetPlan:
    counts = [count for _, count in schedule]
    if params.seconds <= 0:
        return FixedPlan(counts)
    return BudgetPlan(pixels=[w * h for (w, h), _ in schedule], counts=counts, start=start, seconds=params.seconds)


def _optimiser_step(params: StyleParams, iterate: pyramid.Pixels | pyramid.LaplacianPyramid, objective: Objective):
    """A function doing one optimiser iteration and returning that iteration's loss parts."""
    last = {}
    x = iterate.variable  # what the optimiser changes: the pixels or the pyramid's levels

    def evaluate() -> torch.Tensor:
        x.grad = None
        loss, parts = objective(iterate.image())
        loss.backward()
        return parts

    # A recorded graph replays without Python: no mask read-backs, no neighbour searches between replays.
    if objective.settings.graphs(objective.masked or bool(objective.neighbour_losses)):
        evaluate = graphs.GraphedGradient(evaluate, x)

    def closure():
        last["parts"] = evaluate()
        return last["parts"][-1]  # the total loss, which L-BFGS uses to take back steps that went too far

    if params.optimizer == "lbfgs":
        # One L-BFGS iteration per step, so every iteration can be streamed; the optimiser keeps
        # its curvature history between steps.
        optimiser = LBFGS(x, history=LBFGS_HISTORY, first_step=FIRST_STEP, method=objective.settings.lbfgs)

        def step():
            optimiser.step(closure)
            return last["parts"]
    else:
        optimiser = torch.optim.Adam([x], lr=params.learning_rate)

        def step():
            optimiser.step(closure)
            with torch.no_grad():
                iterate.set_image(iterate.image().clamp(0, 255))
            return last["parts"]
    return step


def _initial(params, content_t, style_ts, init_img, size, device) -> torch.Tensor:
    if init_img is not None:
        return images.to_tensor(images.resize(init_img, size), device)
    if params.init == "content":
        return content_t.clone()
    if params.init == "matched":  # the photo in the (first) painting's colours: its mean and covariance
        return color.match_histogram(content_t, style_ts[0])
    if params.init == "style":
        width, height = size
        return torch.nn.functional.interpolate(style_ts[0], size=(height, width), mode="bilinear",
                                               antialias=True, align_corners=False).clamp(0, 255)
    generator = torch.Generator().manual_seed(params.seed)
    width, height = size
    noise = torch.randn(1, 3, height, width, generator=generator) * NOISE_STD + 127.5
    return noise.clamp(0, 255).to(device)


FIRST_STEP = 1.0  # pixel units per pixel, for the first L-BFGS step
LBFGS_HISTORY = 100  # stored pairs, as torch's L-BFGS and the paper-era implementations
NOISE_STD = 50.0  # white-noise init, in 0..255 pixel units


INPUT_KINDS = ("content", "style", "init", "mask")


def read_input(source, kind: str, params: StyleParams, role: str | None = None) -> images.CheckedImage:
    """One input of a run (`kind`: content, style, init or mask), read and checked once, at what
    the run's largest scale needs: the output's long side (`params.size`), or for a style the
    output's area at its style scale (a square output's, the largest). `role` names it in messages
    (default: `kind`). A CheckedImage is taken as it is."""
    if kind not in INPUT_KINDS:
        raise ValueError(f"unknown input kind {kind!r}")
    role = role or kind
    if kind == "style":
        return images.check_image(source, role, pixels=(params.size * params.style_scale) ** 2)
    checked = images.check_image(source, role, max_side=params.size)
    if kind == "mask" and checked.image.mode != "L":  # a grey mask is a third of the size to send
        return images.CheckedImage(checked.image.convert("L"), checked.note)
    return checked


def _load(source, kind: str, params: StyleParams, notes: list[Message], role: str | None = None) -> Image.Image:
    checked = read_input(source, kind, params, role)
    if checked.note:
        notes.append(checked.note)
    return checked.image


def _blend(blend: list[float] | None, count: int) -> list[float]:
    if blend is None:
        return [1.0] * count
    if len(blend) != count:
        raise InvalidParameter("style_blend", "blend.count", count=len(blend), styles=count)
    return blend


def _mask(mask, styles: int, params: StyleParams, notes: list[Message]) -> Image.Image | None:
    if mask is None:
        return None
    if styles > 2:
        raise InvalidParameter("mask", "mask.styles", count=styles)
    return _load(mask, "mask", params, notes).convert("L")


def _regions(mask_img: Image.Image, size, styles: int, device) -> list[torch.Tensor]:
    """One weight map (1x1xHxW, 0..1) per style: white for the first, black for the second."""
    white = images.to_tensor(images.resize(mask_img.convert("RGB"), size), device)[:, :1] / 255.0
    return [white, 1.0 - white][:max(styles, 1)]


def _free(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.empty_cache()
