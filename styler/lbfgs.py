"""L-BFGS for one image tensor, one iteration per step, in two equivalent forms.

One step is one iteration: one evaluation, no line search, a unit step length (as the paper's
L-BFGS runs are usually configured), and the same directions as torch.optim.LBFGS.

One safeguard torch's has not: a step whose loss comes back above every loss of the last
`NONMONOTONE_WINDOW` accepted points (Grippo, Lampariello & Lucidi 1986, non-monotone
acceptance) is taken back by half before going on. Ordinary runs seldom trigger it (L-BFGS's
small bumps stay under the window's maximum, and the final losses barely move); on hard
objectives (small masked two-style runs) it stops unit steps of many grey levels per pixel from
throwing the image out to far higher losses. Costs nothing: the loss was computed anyway, and is
read back with s'y.

- "two-loop": the classic recursion (Nocedal 1980), as torch.optim.LBFGS runs it: per stored
  pair, two dot products and two vector updates, each coefficient read back as a Python number.
  Cheapest on a CPU, where the work vector stays in cache and reading a number costs nothing.
- "compact": the compact representation of Byrd, Nocedal & Schnabel (1994, eq. 3.1),

      H g = gamma g + S p - gamma Y u,  u = R^-1 S'g,  p = R^-T ((D + gamma Y'Y) u - gamma Y'g)

  with S, Y the stored steps and gradient changes (m x n), R the upper triangle of S'Y, D its
  diagonal and gamma = s'y / y'y of the newest pair. A handful of matrix-vector products and
  m x m solves, whatever m, and no host sync: on a GPU every one of the two-loop's small kernels
  and read-backs (several per stored pair) waits on the device. It reads the history about twice
  as often as the two-loop, which is why the CPU keeps the two-loop.
"""
from __future__ import annotations

from collections import deque
from typing import Callable

import torch

NONMONOTONE_WINDOW = 10  # accepted losses a new one is compared with
# A pair with s'y at or below this times |s||y| (an angle of 90 degrees, to rounding) would break
# positive definiteness: skipped.
CURVATURE_EPS = 1e-8
METHODS = ("auto", "two-loop", "compact")


def method_for(device: torch.device) -> str:
    return "compact" if device.type == "cuda" else "two-loop"


class LBFGS:
    """Minimises over one tensor `x` in place. `step(closure)`: `closure()` must leave the
    gradient of the objective at the current `x` in `x.grad`; its return value is passed back.
    When that value is the loss (a number or a one-element tensor), steps that raise it above
    the recent losses are taken back by half (see the module's note); `None` turns that off.

    `first_step`: the first iteration (plain gradient descent) moves `x` by `first_step` per
    element on average, measured in L1 (a unit-free first step would be nothing on 0..255 pixels).
    """

    def __init__(self, x: torch.Tensor, history: int = 100, first_step: float = 1.0, method: str = "auto"):
        if history < 1:
            raise ValueError("history must be at least 1")
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}")
        self.compact = (method_for(x.device) if method == "auto" else method) == "compact"
        self.x = x
        self.history = history
        self.first_step = first_step
        self.count = 0  # stored pairs
        self.head = 0  # ring slot the next pair goes to
        self.S = self.Y = None  # (history, n) ring buffers in x's dtype, allocated on the first pair
        self.SY = self.YY = None  # (history, history) float64, by ring slot: s_i'y_j and y_i'y_j
        self.ys: list[float] = []  # two-loop: s'y of each pair, by ring slot
        self.gamma = None  # the initial inverse Hessian's scale
        self.prev_grad: torch.Tensor | None = None
        self.prev_step: torch.Tensor | None = None
        self.skipped = 0  # pairs refused by the curvature condition
        self.recent = deque(maxlen=NONMONOTONE_WINDOW)  # losses of the last accepted points
        self.halved = 0  # steps taken back by half

    @torch.no_grad()
    def step(self, closure: Callable[[], object]):
        with torch.enable_grad():
            result = closure()
        if self.x.grad is None:
            raise RuntimeError("the closure left no gradient in x.grad")
        grad = self.x.grad.detach().reshape(-1).clone()
        if self.prev_grad is None:
            if result is not None:
                self.recent.append(float(result))
            direction = self._steepest(grad)
        else:
            y = grad - self.prev_grad
            loss, ys, ss, yy = self._read_back(
                result, torch.stack([torch.dot(y, self.prev_step), self.prev_step.dot(self.prev_step), y.dot(y)]))
            if loss is not None and not loss <= max(self.recent):  # also refuses NaN
                # Too far: go back to halfway along the last step. The gradient there is
                # unknown until the next evaluation, which then pairs with the halved step.
                self.prev_step.mul_(0.5)
                self.x.sub_(self.prev_step.view_as(self.x))
                self.halved += 1
                return result
            if loss is not None:
                self.recent.append(loss)
            self._remember(self.prev_step, y, ys, ss, yy)
            if not self.count:
                # No usable curvature yet (the objective is concave here): steepest descent again,
                # twice as far as the last step, so the search widens until curvature shows.
                direction = self._steepest(grad, 2 * self.prev_step.abs().mean().item())
            elif self.compact:
                direction = -self._compact_product(grad)
            else:
                direction = -self._two_loop_product(grad)
        self.x.add_(direction.view_as(self.x))
        self.prev_grad, self.prev_step = grad, direction
        return result

    def _steepest(self, grad: torch.Tensor, length: float | None = None) -> torch.Tensor:
        """Steepest descent, scaled so the step's mean |change| per element is `length`
        (default `first_step`): the same step whatever the loss's scale."""
        l1 = grad.abs().sum()
        if not l1 > 0:
            return torch.zeros_like(grad)
        return grad * (-(length or self.first_step) * grad.numel() / l1)

    @staticmethod
    def _read_back(result, products: torch.Tensor) -> tuple[float | None, float, float, float]:
        """The loss and s'y, s's, y'y as Python numbers, in one device-to-host copy."""
        if result is None:
            return (None, *products.tolist())
        loss = torch.as_tensor(result, dtype=products.dtype, device=products.device).reshape(1)
        loss_value, *rest = torch.cat([loss, products]).tolist()
        return (loss_value, *rest)

    def _remember(self, s: torch.Tensor, y: torch.Tensor, ys_value: float, ss_value: float, yy_value: float) -> None:
        # Relative to |s||y|, so that the test means the same whatever the loss's scale.
        if not ys_value > CURVATURE_EPS * (ss_value * yy_value) ** 0.5:  # also refuses NaN
            self.skipped += 1
            return
        if self.S is None:
            # Uninitialised: only rows holding pairs are ever read, and on a CPU the pages of a
            # large buffer become resident only as rows are written (memory grows with the history).
            n, m, device = s.numel(), self.history, s.device
            self.S = torch.empty(m, n, dtype=s.dtype, device=device)
            self.Y = torch.empty(m, n, dtype=s.dtype, device=device)
            if self.compact:
                self.SY = torch.zeros(m, m, dtype=torch.float64, device=device)
                self.YY = torch.zeros(m, m, dtype=torch.float64, device=device)
        slot = self.head
        self.S[slot].copy_(s)
        self.Y[slot].copy_(y)
        self.head = (slot + 1) % self.history
        self.count = min(self.count + 1, self.history)
        if not self.compact:
            self.ys[slot:slot + 1] = [ys_value]
            self.gamma = ys_value / yy_value
            return
        rows = self.count  # ring rows holding pairs: a prefix until the ring is full, then all
        self.SY[slot, :rows] = (self.Y[:rows] @ s).double()  # s_new . y_j
        self.SY[:rows, slot] = (self.S[:rows] @ y).double()  # s_i . y_new
        yy = (self.Y[:rows] @ y).double()
        self.YY[slot, :rows] = yy
        self.YY[:rows, slot] = yy
        self.gamma = ys_value / yy[slot]

    def _chronological(self) -> list[int]:
        """Ring slots, oldest pair first."""
        return [(self.head - self.count + i) % self.history for i in range(self.count)]

    def _two_loop_product(self, grad: torch.Tensor) -> torch.Tensor:
        order = self._chronological()
        q = grad.clone()
        alphas = {}
        for i in reversed(order):
            alphas[i] = self.S[i].dot(q).item() / self.ys[i]
            q.add_(self.Y[i], alpha=-alphas[i])
        q.mul_(self.gamma)
        for i in order:
            beta = self.Y[i].dot(q).item() / self.ys[i]
            q.add_(self.S[i], alpha=alphas[i] - beta)
        return q

    def _compact_product(self, grad: torch.Tensor) -> torch.Tensor:
        rows = self.count
        # Ring slots oldest first: R must be upper triangular in the pairs' chronological order.
        order = (torch.arange(self.count, device=grad.device) + (self.head - self.count)) % self.history
        S, Y = self.S[:rows], self.Y[:rows]
        a = (S @ grad).double()[order]
        b = (Y @ grad).double()[order]
        sy = self.SY[order][:, order]
        R = torch.triu(sy)
        D = torch.diagonal(sy)
        YY = self.YY[order][:, order]
        gamma = self.gamma
        u = torch.linalg.solve_triangular(R, a.unsqueeze(1), upper=True).squeeze(1)
        rhs = D * u + gamma * (YY @ u) - gamma * b
        p = torch.linalg.solve_triangular(R.T, rhs.unsqueeze(1), upper=False).squeeze(1)
        coef_s = torch.zeros(rows, dtype=torch.float64, device=grad.device)
        coef_y = torch.zeros(rows, dtype=torch.float64, device=grad.device)
        coef_s[order] = p
        coef_y[order] = -gamma * u
        result = grad * gamma.to(grad.dtype)
        result += coef_s.to(grad.dtype) @ S
        result += coef_y.to(grad.dtype) @ Y
        return result
