"""Time budgets: the plan of iterations per scale, on a simulated clock (real runs: test_budget_runs.py)."""
from __future__ import annotations

import pytest

from styler.plan import BudgetPlan, FixedPlan

pytestmark = pytest.mark.unit


def simulate(plan, pixels, per_pixel, setup_per_pixel=0.0, first_setup=0.0):
    """Run `plan` as the engine does, on a clock that advances by each step's cost.
    Returns (iterations per scale, end time)."""
    now = getattr(plan, "start", 0.0)
    done = []
    for index, px in enumerate(pixels):
        if not plan.start_stage(index, now):
            done.append(0)
            continue
        now += setup_per_pixel * px + (first_setup if index == 0 else 0.0)
        plan.ready(now)
        j = 0
        while True:
            j += 1
            now += per_pixel * px
            if plan.stage_over(index, j, now):
                break
        done.append(j)
    return done, now


def test_fixed_plan_takes_its_counts():
    plan = FixedPlan([3, 5])
    assert simulate(plan, [100, 400], 1e-3)[0] == [3, 5]
    assert plan.total(0, 1, 0.0) == 8


@pytest.mark.parametrize("seconds", [5.0, 20.0, 120.0])
@pytest.mark.parametrize("per_pixel", [1e-6, 9e-6])
def test_budget_ends_within_half_an_iteration_of_the_deadline(seconds, per_pixel):
    pixels = [12_000, 25_000, 50_000, 99_000, 197_000]
    plan = BudgetPlan(pixels=pixels, counts=[10_000] * 5, start=100.0, seconds=seconds)
    done, end = simulate(plan, pixels, per_pixel, setup_per_pixel=per_pixel / 3, first_setup=0.5)
    last_iteration = per_pixel * pixels[-1]
    # The final item's loss evaluation (FINAL_RESERVE) comes after: the plan leaves room for it.
    assert abs(end - plan.deadline) <= 0.5 * last_iteration + 0.4 * last_iteration + 1e-9, (done, end)
    # Every scale gets about the same number of iterations, as a fixed plan splits them; the
    # first scale's guess of the pace includes one-time costs, so it may take fewer.
    ran = [n for n in done[1:] if n]  # a scale the budget cannot afford is skipped (tested below)
    assert done[-1] >= 1 and max(ran) - min(ran) <= max(2, 0.2 * max(done)), done


def test_budget_never_exceeds_the_iteration_counts():
    pixels = [1000, 4000]
    plan = BudgetPlan(pixels=pixels, counts=[4, 6], start=0.0, seconds=100.0)
    done, end = simulate(plan, pixels, 1e-6)
    assert done == [4, 6]
    assert end < 1.0  # ended by its counts, long before the budget


def test_a_budget_too_short_for_every_scale_skips_coarse_ones():
    pixels = [10_000, 40_000, 160_000]
    plan = BudgetPlan(pixels=pixels, counts=[1000] * 3, start=0.0, seconds=0.6)
    done, end = simulate(plan, pixels, 2e-6, setup_per_pixel=1e-6)  # 0.32 s per last-scale iteration
    assert done[0] >= 1 and done[-1] >= 1
    assert done[1] == 0, done  # the middle scale was skipped
    assert end <= plan.deadline + 0.32


def test_total_is_an_estimate_that_grows_with_the_budget():
    pixels = [1000, 4000]
    totals = []
    for seconds in (1.0, 4.0):
        plan = BudgetPlan(pixels=pixels, counts=[10_000] * 2, start=0.0, seconds=seconds)
        plan.start_stage(0, 0.0)
        plan.ready(0.0)
        plan.stage_over(0, 1, 1000 * 1e-4)
        totals.append(plan.total(0, 1, 0.1))
    assert 1 < totals[0] < totals[1]
