"""styler's L-BFGS: both forms give torch.optim.LBFGS's iterates, and it behaves on hard cases."""
import pytest
import torch

from styler.lbfgs import LBFGS, method_for

pytestmark = pytest.mark.unit


def quadratic(n=60, seed=0):
    generator = torch.Generator().manual_seed(seed)
    q = torch.randn(n, n, dtype=torch.float64, generator=generator)
    a = q @ q.T / n + 0.1 * torch.eye(n, dtype=torch.float64)  # condition number about 40
    b = torch.randn(n, dtype=torch.float64, generator=generator)
    return a, b


def iterates(make_optimiser, a, b, iterations=40, first_lr=None):
    x = torch.zeros(len(b), dtype=torch.float64, requires_grad=True)

    def closure():
        x.grad = None
        loss = 0.5 * x @ a @ x - b @ x
        loss.backward()
        return loss

    optimiser = make_optimiser(x)
    out = []
    for i in range(iterations):
        optimiser.step(closure)
        if isinstance(optimiser, torch.optim.LBFGS):
            optimiser.param_groups[0]["lr"] = 1.0  # torch's lr scales its first step only, as ours
        out.append(x.detach().clone())
    return out


@pytest.mark.parametrize("method", ["two-loop", "compact"])
@pytest.mark.parametrize("history", [100, 5])  # 5: the ring of pairs wraps many times
def test_same_iterates_as_torch_lbfgs(method, history):
    a, b = quadratic()
    n = len(b)
    reference = iterates(lambda x: torch.optim.LBFGS(
        [x], lr=float(n), max_iter=1, history_size=history, tolerance_grad=0, tolerance_change=0), a, b)
    ours = iterates(lambda x: LBFGS(x, history=history, first_step=1.0, method=method), a, b)
    worst = max(((r - o).norm() / r.norm()).item() for r, o in zip(reference, ours))
    assert worst < 1e-8
    # and it does solve the problem: the gradient a x - b is (nearly) gone
    assert (a @ ours[-1] - b).norm() < 1e-3 * b.norm()


def test_first_step_moves_each_element_by_first_step_on_average():
    x = torch.zeros(1000, requires_grad=True)
    target = torch.linspace(-50, 50, 1000)

    def closure():
        x.grad = None
        ((x - target) ** 2).sum().backward()

    LBFGS(x, first_step=2.5).step(closure)
    assert x.detach().abs().mean().item() == pytest.approx(2.5, rel=1e-5)


@pytest.mark.parametrize("method", ["two-loop", "compact"])
def test_negative_curvature_pairs_are_skipped_and_descent_goes_on(method):
    # x^4 - 3x^2 is concave around 0: the first pairs fail the curvature condition.
    x = torch.full((50,), 0.05, dtype=torch.float64, requires_grad=True)
    losses = []

    def closure():
        x.grad = None
        loss = (x**4 - 3 * x**2).sum()
        loss.backward()
        losses.append(loss.item())

    optimiser = LBFGS(x, history=10, first_step=0.01, method=method)
    for _ in range(30):
        optimiser.step(closure)
    assert optimiser.skipped >= 1
    assert losses[-1] < losses[0] - 100  # the minima at x = +-sqrt(1.5) give -2.25 each: -112.5
    assert losses[-1] == pytest.approx(-112.5, rel=1e-3)


def test_method_follows_the_device():
    assert method_for(torch.device("cpu")) == "two-loop"
    assert method_for(torch.device("cuda")) == "compact"
    with pytest.raises(ValueError):
        LBFGS(torch.zeros(2), method="newton")


@pytest.mark.parametrize("method", ["two-loop", "compact"])
def test_a_step_that_blows_up_the_loss_is_taken_back_by_half(method):
    # sqrt(1 + x^2) is nearly flat far out, so its secant curvature is tiny and unit L-BFGS steps
    # fly off: without the loss to compare (closure returning None) the loss passes 1e6.
    def run(give_loss: bool):
        x = torch.tensor([3.0, -2.0, 5.0, 0.5], dtype=torch.float64, requires_grad=True)
        losses = []

        def closure():
            x.grad = None
            loss = torch.sqrt(1 + x * x).sum() - 4  # minimum 0 at x = 0
            loss.backward()
            losses.append(loss.item())
            return loss if give_loss else None

        optimiser = LBFGS(x, history=10, first_step=1.0, method=method)
        for _ in range(30):
            optimiser.step(closure)
        return losses, optimiser.halved

    unguarded, halved = run(False)
    assert halved == 0 and max(unguarded) > 1e6
    guarded, halved = run(True)
    assert halved >= 1
    assert max(guarded) < 10 * guarded[0]  # only the evaluations that were then taken back go above the start
    assert guarded[-1] < 1e-6


@pytest.mark.parametrize("method", ["two-loop", "compact"])
def test_the_loss_scale_does_not_change_the_iterates(method):
    # Quasi-Newton steps are invariant to scaling the objective; so are the first step and the
    # curvature test here: a loss 1e-9 times as large takes the same path (the authors' losses
    # are means, far smaller than the paper's sums).
    a, b = quadratic()
    ones = iterates(lambda x: LBFGS(x, history=10, method=method), a, b, iterations=25)
    tiny = iterates(lambda x: LBFGS(x, history=10, method=method), a * 1e-9, b * 1e-9, iterations=25)
    worst = max(((o - t).norm() / o.norm()).item() for o, t in zip(ones, tiny))
    assert worst < 1e-6
