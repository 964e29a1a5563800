"""The loss curve: the losses of every iteration, as the long-format table Gradio's LinePlot draws
(log10 of each term per iteration)."""
from __future__ import annotations

import math

import pandas as pd

from styler import StyleParams
from styler.params import LOSS_TERMS, TOTAL

CURVES = (TOTAL, *LOSS_TERMS)  # every curve the plot may draw, in its legend's order
# The curves' colours in legend order, taken in turn (again from the start past its end).
PALETTE = ("#4f46e5", "#059669", "#d97706", "#94a3b8", "#db2777", "#0891b2", "#65a30d", "#7c3aed")


def colors(curves: tuple[str, ...] = CURVES) -> dict[str, str]:
    """A colour for every curve, however many terms the loss has."""
    return {curve: PALETTE[index % len(PALETTE)] for index, curve in enumerate(curves)}


COLORS = colors()
MAX_POINTS = 300  # iterations shown per curve (evenly thinned beyond that)


class LossHistory:
    """Losses per iteration; `frame()` is the loss curve's DataFrame.

    `terms` are the curves to draw. Each gets a row at every iteration (NaN where its loss is
    not positive), so the plot knows every curve from its first update: Gradio's LinePlot keeps
    the series of its first data, and the content loss is 0 at first when starting from the photo.
    """

    def __init__(self, terms: tuple[str, ...] = CURVES):
        self.terms = tuple(t for t in CURVES if t in terms)
        self.rows: list[tuple[int, dict[str, float]]] = []

    @classmethod
    def for_params(cls, params: StyleParams) -> "LossHistory":
        """The total and each term that has a weight."""
        return cls((TOTAL, *(term for term, weight in LOSS_TERMS.items() if getattr(params, weight) > 0)))

    def add(self, iteration: int, losses: dict[str, float]) -> None:
        self.rows.append((iteration, dict(losses)))

    def frame(self, max_points: int = MAX_POINTS) -> pd.DataFrame:
        rows = self.rows
        if len(rows) > max_points:
            stride = math.ceil(len(rows) / max_points)
            rows = rows[::stride] + ([rows[-1]] if (len(rows) - 1) % stride else [])
        data = [(i, term, math.log10(losses[term]) if _positive(losses.get(term)) else math.nan)
                for i, losses in rows for term in self.terms]
        frame = pd.DataFrame(data, columns=["iteration", "term", "log10 loss"])
        return frame.astype({"iteration": "int64", "term": "str", "log10 loss": "float64"})


def _positive(value) -> bool:
    return value is not None and math.isfinite(value) and value > 0


__all__ = ["COLORS", "CURVES", "PALETTE", "LossHistory", "colors"]
