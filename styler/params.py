"""Every parameter of a stylisation, in one place: default, bounds, help text and validation.

The web UI, the HTTP API and the CLI all build their controls from `PARAMS` and
check values through `StyleParams`, so a bound or a default is written once, here.
The defaults are the look the benchmarks chose (benchmarks/candidates.py, the README's Quality
section): Gatys, Ecker & Bethge's method (CVPR 2016) with the painting's elements added, coarse to
fine, within a 30 s budget. The paper's own settings are one preset away (`preset("Paper (Fig. 3)")`).
"""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Mapping

from .errors import InvalidParameter
from .messages import Message, message

# VGG-19's conv layers, in network order; each name means the activation after its ReLU.
LAYER_NAMES = tuple(
    f"conv{block}_{i}"
    for block, count in ((1, 2), (2, 2), (3, 4), (4, 4), (5, 4))
    for i in range(1, count + 1)
)
WEIGHT_SOURCES = ("original", "torchvision")
# How the losses are normalised: "reference" as in the authors' released code (means; the same
# alpha/beta look at every size), "paper" as printed in the paper (sums).
LOSS_SCALES = ("reference", "paper")
STYLE_STATISTICS = ("gram", "w2", "sliced")
CONTENT_LOSSES = ("features", "self-similarity")
PRECISIONS = ("auto", "float32", "tf32", "bf16")
# The loss's terms, each with the field that weighs it (Progress.losses has these and TOTAL).
LOSS_TERMS = {"content": "content_weight", "style": "style_weight", "tv": "tv_weight"}
TOTAL = "total"


@dataclass(frozen=True)
class Spec:
    """How one parameter is shown and checked. `minimum`/`maximum` are inclusive."""

    label: str
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    advanced: bool = False  # shown in the UI's "Advanced" section
    step: float | None = None  # slider step in the UI
    open_choices: bool = False  # choices are suggestions; other values (a file path) allowed
    # Values besides the choices that only the library and the CLI take (the web app offers its
    # choices only: a path would name a file on the server), e.g. "or a path to a .pth file".
    local_help: str = ""


def _p(default, spec: Spec):
    return field(default=default, metadata={"spec": spec})


class SpecRecord:
    """What a frozen dataclass of `_p` fields shares (StyleParams, styler.video.VideoParams): each
    value coerced and checked against its Spec on creation, `replace` that refuses unknown names,
    and a round trip through plain dicts (API JSON, metadata)."""

    def _check_fields(self) -> None:
        for f in fields(self):
            spec = f.metadata["spec"]
            value = _coerce(f.name, f.type, getattr(self, f.name), spec)
            _check(f.name, spec, value)
            object.__setattr__(self, f.name, value)

    def replace(self, **changes):
        known = [f.name for f in fields(self)]
        unknown = set(changes) - set(known)
        if unknown:
            raise InvalidParameter(sorted(unknown)[0], "param.unknown", names=", ".join(known))
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]):
        """Build from loose values (API JSON, PNG metadata): unknown keys are an error."""
        return cls().replace(**dict(values))


@dataclass(frozen=True)
class StyleParams(SpecRecord):
    """Every setting of one stylisation. Invalid values raise `InvalidParameter` on creation."""

    size: int = _p(384, Spec(
        "Output size (px)", "Long side of the result in pixels; the content's aspect ratio is kept.",
        32, 4096, step=16))
    seconds: float = _p(30.0, Spec(
        "Time budget (s)",
        "End the run by this many seconds with the best picture that time allows: the run measures this "
        "machine's speed and plans its iterations at each scale to fit. 0: no budget, the run takes exactly "
        "`iterations` steps (the same seed then gives the same picture on any machine).",
        0.0, 3600.0, step=1))
    iterations: int = _p(300, Spec(
        "Iterations",
        "Optimisation steps (with a time budget: the most it may take). L-BFGS usually looks good after 100-300.",
        1, 10000, advanced=True, step=1))
    content_weight: float = _p(5e-2, Spec(
        "Content weight (alpha)",
        "Weight of the content loss; the paper uses alpha/beta of 1e-5 (more painting) to 1e-2 (mostly photo).",
        0.0, 1e12, advanced=True))
    style_weight: float = _p(1e3, Spec(
        "Style weight (beta)", "Weight of the style loss.", 0.0, 1e12, advanced=True))
    tv_weight: float = _p(0.0, Spec(
        "Smoothness (TV weight)",
        "Total-variation weight: removes pixel-level noise. 0 as in the paper; try 1-10.",
        0.0, 1e6, advanced=True))
    loss_scale: str = _p("reference", Spec(
        "Loss normalisation",
        "reference: the losses as the authors' released code computes them (means over positions and "
        "Gram entries), so alpha/beta looks the same at every size; paper: the sums printed in the paper, "
        "whose balance shifts towards the photo as the image grows.",
        choices=LOSS_SCALES, advanced=True))
    style_loss: str = _p("gram", Spec(
        "Style statistic",
        "What of the painting's features is matched: gram (the paper's feature correlations), w2 (their "
        "mean and covariance, by the Wasserstein-2 distance) or sliced (their whole distribution, along "
        "random directions).",
        choices=STYLE_STATISTICS, advanced=True))
    content_loss: str = _p("features", Spec(
        "Content loss", "features: the result's features against the photo's (the paper's). self-similarity: "
        "how each place relates to every other, result against photo (STROTSS); alpha then stays as set.",
        choices=CONTENT_LOSSES, advanced=True))
    content_layers: str = _p("conv4_2", Spec(
        "Content layers", "Comma-separated VGG-19 layers, each optionally name:weight.", advanced=True))
    style_layers: str = _p("conv1_1,conv2_1,conv3_1,conv4_1,conv5_1", Spec(
        "Style layers",
        "Comma-separated VGG-19 layers, each optionally name:weight (default: 1 each, as the authors' code; "
        "1/n each under the paper's normalisation, as printed).",
        advanced=True))
    neighbour_weight: float = _p(1e-3, Spec(
        "Painting's elements",
        "Weight of a term that brings the painting's own elements (its waves, circles, strokes) into the "
        "result, not only its colour statistics: every result feature near a painting feature and every "
        "painting feature near a result feature (a relaxed earth mover's distance on VGG features, after "
        "Kolkin et al. 2019). 0: the paper's Gram statistics alone. Not used with a region mask.",
        0.0, 1e6, advanced=True))
    neighbour_layers: str = _p("conv3_1,conv4_1", Spec(
        "Element layers", "Comma-separated VGG-19 layers for the painting's elements, each optionally name:weight.",
        advanced=True))
    balance: str = _p("auto", Spec(
        "Balance",
        "auto: the strength means the same with every painting: alpha is corrected between scales so the "
        "photo changes by about as much with a light, flat painting as with a busy one; fixed: alpha as set, "
        "as in the paper (a single scale is never corrected).",
        choices=("auto", "fixed"), advanced=True))
    pooling: str = _p("avg", Spec(
        "Pooling", "Average pooling (the paper's choice, smoother) or max pooling.",
        choices=("avg", "max"), advanced=True))
    init: str = _p("matched", Spec(
        "Start from", "White noise (the paper), the content photo, the photo recoloured to the painting's "
        "palette (matched), or the style image.",
        choices=("noise", "content", "matched", "style"), advanced=True))
    optimizer: str = _p("lbfgs", Spec(
        "Optimiser", "L-BFGS (the paper's) or Adam.", choices=("lbfgs", "adam"), advanced=True))
    learning_rate: float = _p(4.0, Spec(
        "Adam learning rate", "Adam's step in pixel values (0-255 scale). L-BFGS ignores it.",
        1e-4, 255.0, advanced=True))
    scales: int = _p(5, Spec(
        "Scales (coarse to fine)",
        "Optimise first at smaller sizes (each 1/scale_step of the next), then upsample and refine: "
        "faster, and larger brush strokes. 1 = a single scale, as in the paper.", 1, 8, advanced=True, step=1))
    scale_step: float = _p(1.41, Spec(
        "Scale step", "Size ratio between neighbouring scales (2: halve the sides; 1.41: sqrt(2), smaller steps).",
        1.2, 4.0, advanced=True, step=0.01))
    average: float = _p(0.0, Spec(
        "Iterate averaging",
        "Show an exponential moving average of the iterates with this decay (e.g. 0.9), which smooths "
        "the optimiser's pixel noise; 0 shows the iterate itself, as in the paper.",
        0.0, 0.999, advanced=True, step=0.001))
    pyramid_levels: int = _p(4, Spec(
        "Pyramid levels",
        "Optimise the image as a Laplacian pyramid with this many levels below full size instead of as "
        "pixels: broad strokes and shapes move faster and lone pixels slower, so less grain. 0 = pixels, "
        "as in the paper.", 0, 6, advanced=True, step=1))
    padding: str = _p("zeros", Spec(
        "Border padding",
        "How the first convolution sees past the image border: zeros (VGG's own) or replicate (repeats the "
        "edge pixels).",
        choices=("zeros", "replicate"), advanced=True))
    seed: int = _p(0, Spec("Seed", "Random seed: the same seed and settings give the same image.",
                           0, 2**31 - 1, step=1))
    preview_every: int = _p(5, Spec(
        "Preview every", "Show the current image every this many iterations.", 1, 10000, advanced=True, step=1))
    preserve_color: str = _p("off", Spec(
        "Keep photo colours",
        "off: take the painting's colours; luminance: stylise brightness only and keep the photo's colours; "
        "histogram: recolour the painting to the photo's palette first.",
        choices=("off", "luminance", "histogram"), advanced=True))
    style_blend: str = _p("", Spec(
        "Style blend",
        "With several style images: their weights, comma-separated (e.g. 0.7,0.3). Empty: equal weights. "
        "With a mask, how much each region's style counts.",
        advanced=True))
    style_scale: float = _p(1.0, Spec(
        "Style scale", "Size of the style's brush strokes relative to the output (1 = same scale).",
        0.1, 4.0, advanced=True, step=0.05))
    weights: str = _p("original", Spec(
        "Network weights",
        "'original': the paper's Caffe VGG-19 (bundled, as an 8-bit quantised copy); 'torchvision': "
        "PyTorch's retrained VGG-19 (downloaded once).",
        choices=WEIGHT_SOURCES, open_choices=True, advanced=True,
        local_help="Or a path to a torchvision-format vgg19 .pth file."))
    normalized: bool = _p(True, Spec(
        "Normalised network",
        "Rescale each filter to mean activation 1, as in the paper (keeps the alpha/beta ratios meaningful).",
        advanced=True))
    device: str = _p("auto", Spec(
        "Device", "'auto' picks CUDA, then Apple MPS, then the CPU; or name one: cpu, cuda, cuda:1, mps.",
        choices=("auto", "cpu", "cuda", "mps"), open_choices=True, advanced=True))
    precision: str = _p("auto", Spec(
        "Arithmetic",
        "'float32' (exact), 'tf32' (a CUDA GPU's tensor cores at float32 range), 'bf16' (the network "
        "in bfloat16, the losses in float32); 'auto' picks the fastest one measured to lose no quality: "
        "on a CUDA GPU tf32, on a CPU bf16 where this machine measures it clearly faster than float32 "
        "(CPUs with native bf16 instructions), else float32.",
        choices=PRECISIONS, advanced=True))

    def __post_init__(self):
        self._check_fields()
        if not re.fullmatch(r"auto|cpu|mps|cuda(:\d+)?", self.device):
            raise InvalidParameter("device", "param.unknown_device", value=repr(self.device))
        parse_blend(self.style_blend)
        # Parse once now so a bad layer list fails here, not inside a run.
        content = parse_layers(self.content_layers, "content_layers", equal_split=False)
        style = self.style_layer_weights
        parse_layers(self.neighbour_layers, "neighbour_layers", equal_split=False)
        if self.content_weight == 0 and self.style_weight == 0 and self.tv_weight == 0:
            raise InvalidParameter("style_weight", "param.nothing_to_optimise")
        if self.content_weight > 0 and not content:
            raise InvalidParameter("content_layers", "param.no_content_layer")
        if self.style_weight > 0 and not style:
            raise InvalidParameter("style_layers", "param.no_style_layer")

    @property
    def blend_weights(self) -> list[float] | None:
        """style_blend as numbers, or None when empty (equal weights)."""
        return parse_blend(self.style_blend)

    # Derived views -----------------------------------------------------------------------------
    @property
    def content_layer_weights(self) -> dict[str, float]:
        return parse_layers(self.content_layers, "content_layers", equal_split=False)

    @property
    def style_layer_weights(self) -> dict[str, float]:
        # A layer without a weight gets 1 as in the authors' code, or 1/n as the paper prints it.
        return parse_layers(self.style_layers, "style_layers", equal_split=self.loss_scale == "paper")

    @property
    def neighbour_layer_weights(self) -> dict[str, float]:
        return parse_layers(self.neighbour_layers, "neighbour_layers", equal_split=False)

    def neighbour_in_use(self, masked: bool = False) -> bool:
        """Whether the painting's elements take part. Not with region masks: each region's style is
        placed by its own style term alone."""
        return self.style_weight > 0 and self.neighbour_weight > 0 and not masked

    def layers_in_use(self, masked: bool = False) -> tuple[str, ...]:
        """The layers a run reads (with region masks when `masked`), in network order."""
        used = set(self.content_layer_weights) if self.content_weight > 0 else set()
        if self.style_weight > 0:
            used |= set(self.style_layer_weights)
        if self.neighbour_in_use(masked):
            used |= set(self.neighbour_layer_weights)
        return tuple(name for name in LAYER_NAMES if name in used)

    @property
    def style_strength(self) -> float:
        """The 0-10 strength (5: the default look's alpha/beta; each step 10**STRENGTH_STEP_DECADES
        times more style). Infinite when alpha is 0."""
        if self.content_weight == 0:
            return math.inf
        if self.style_weight == 0:
            return -math.inf
        return strength_for_ratio(self.content_weight / self.style_weight)

    def with_style_strength(self, strength: float) -> "StyleParams":
        """Same settings with alpha/beta at this 0-10 strength, beta unchanged."""
        _check("style_strength", STYLE_STRENGTH, _coerce("style_strength", "float", strength, STYLE_STRENGTH))
        return replace(self, content_weight=self.style_weight * ratio_for_strength(float(strength)))


# The UI's single content-vs-style control, from 0 (gentle) to 10 (bold), 5 being the default look;
# not a field, since alpha and beta are. A step is a fixed factor on alpha/beta, so a step looks
# alike on every painting (the neighbour term's distances are bounded, unlike Gram errors).
STYLE_STRENGTH = Spec(
    "Style strength", "How strongly the painting wins over the photo, from 0 (gentle: mostly the photo) "
    "to 10 (bold: mostly the painting); 5 is the default. Each step divides the paper's alpha/beta "
    "(content over style weight) by 10^0.4, about 2.5; with the balance on (the default), that is where a "
    "run starts, and it then corrects alpha so the photo changes as much with every painting.",
    0.0, 10.0, step=0.5)
STRENGTH_STEP_DECADES = 0.4


def _default(name: str):
    return next(f.default for f in fields(StyleParams) if f.name == name)


def ratio_for_strength(strength: float) -> float:
    """alpha/beta at a 0-10 strength: the default look's at 5."""
    default_ratio = _default("content_weight") / _default("style_weight")
    return default_ratio * 10.0 ** (-(strength - 5.0) * STRENGTH_STEP_DECADES)


def strength_for_ratio(ratio: float) -> float:
    default_ratio = _default("content_weight") / _default("style_weight")
    return 5.0 + math.log10(default_ratio / ratio) / STRENGTH_STEP_DECADES


def spec_of(name: str) -> Spec:
    return PARAMS[name]


def parse_layers(spec: str, field_name: str, *, equal_split: bool) -> dict[str, float]:
    """'conv1_1, conv2_1:0.5' -> {'conv1_1': w, 'conv2_1': 0.5}.

    Layers without a weight get 1/n when `equal_split` (the paper's style weights), else 1.
    """
    items = [part.strip() for part in spec.split(",") if part.strip()]
    default = 1.0 / len(items) if (equal_split and items) else 1.0
    weights: dict[str, float] = {}
    for item in items:
        name, _, raw = item.partition(":")
        name = name.strip().lower()
        if name not in LAYER_NAMES:
            raise InvalidParameter(field_name, "layer.unknown", layer=name, choices=", ".join(LAYER_NAMES))
        if name in weights:
            raise InvalidParameter(field_name, "layer.twice", layer=name)
        if raw.strip():
            try:
                weight = float(raw)
            except ValueError:
                raise InvalidParameter(field_name, "layer.weight_not_number", layer=name, value=raw.strip()) from None
            if not math.isfinite(weight) or weight < 0:
                raise InvalidParameter(field_name, "layer.weight_negative", layer=name)
        else:
            weight = default
        weights[name] = weight
    return weights


def parse_blend(spec: str) -> list[float] | None:
    """'0.7, 0.3' -> [0.7, 0.3]; '' -> None. Weights are finite, >= 0 and not all 0."""
    if not spec.strip():
        return None
    try:
        weights = [float(part) for part in spec.split(",")]
    except ValueError:
        raise InvalidParameter("style_blend", "blend.not_numbers", value=repr(spec)) from None
    if any(not math.isfinite(w) or w < 0 for w in weights) or sum(weights) <= 0:
        raise InvalidParameter("style_blend", "blend.bad_weights")
    return weights


def _coerce(name: str, kind: str, value: Any, spec: Spec | None = None) -> Any:
    """Accept what JSON and form fields send (64.0 for an int, 'true' for a bool), nothing looser."""
    kind = kind if isinstance(kind, str) else kind.__name__
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0", "yes", "no"):
            return value.strip().lower() in ("true", "1", "yes")
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        raise InvalidParameter(name, "value.not_bool", value=_show(value))
    if kind in ("int", "float"):
        allowed = _allowed(spec)
        if isinstance(value, bool) or value is None:
            raise InvalidParameter(name, "value.not_number", allowed=allowed, value=_show(value))
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise InvalidParameter(name, "value.not_number", allowed=allowed, value=_show(value)) from None
        if isinstance(value, numbers.Integral):  # numpy integers too
            value = int(value)
        elif isinstance(value, numbers.Real):  # numpy floats too
            value = float(value)
        else:
            raise InvalidParameter(name, "value.not_number", allowed=allowed, value=type(value).__name__)
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an int beyond any float
            raise InvalidParameter(name, "value.overflow", value=_show(value), allowed=allowed) from None
        if not finite:
            raise InvalidParameter(name, "value.not_finite", allowed=allowed, value=str(value))
        if kind == "int":
            if float(value) != int(value):
                raise InvalidParameter(name, "value.not_whole", allowed=allowed, value=str(value))
            return int(value)
        return float(value)
    if not isinstance(value, str):
        raise InvalidParameter(name, "value.not_text", kind=type(value).__name__)
    return value.strip()


def _check(name: str, spec: Spec, value: Any) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        lo, hi = spec.minimum, spec.maximum
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise InvalidParameter(name, "value.out_of_range", value=str(value), low=_fmt(lo), high=_fmt(hi))
    if spec.choices and not spec.open_choices:
        if value not in spec.choices:
            raise InvalidParameter(name, "value.unknown_choice", value=repr(value), choices=", ".join(spec.choices))
    if isinstance(value, str) and spec.open_choices and not value:
        raise InvalidParameter(name, "value.empty", choices=", ".join(spec.choices or ()))


def _allowed(spec: Spec | None) -> Message | str:
    """' (allowed 32 to 4096)' for a bounded number, else ''."""
    if spec is None or (spec.minimum is None and spec.maximum is None):
        return ""
    return message("value.allowed", low=_fmt(spec.minimum), high=_fmt(spec.maximum))


def _show(value: Any) -> str:
    """A value for a message: its repr, short, never '<object at 0x...>'."""
    if type(value).__repr__ is object.__repr__:
        return type(value).__name__
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fmt(x: float | None) -> str:
    if x is None:
        return "any"
    return f"{x:g}"


PARAMS: dict[str, Spec] = {f.name: f.metadata["spec"] for f in fields(StyleParams)}
DEFAULTS = StyleParams()
