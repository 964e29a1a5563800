"""Real runs with a time budget: they end on time, say how long is left, and keep the cap."""
from __future__ import annotations

import pytest

from helpers import paper
from styler import stylize

pytestmark = pytest.mark.engine


def test_a_real_run_with_a_budget_ends_on_time_and_says_how_long_is_left(photo, painting):
    budget = 3.0
    params = paper(size=192, seconds=budget, iterations=10_000, scales=2, init="content", preview_every=5)
    items = list(stylize(photo, painting, params))
    last = items[-1]
    assert last.done and last.image is not None and last.image.size == (192, 144)
    assert all(not p.done for p in items[:-1])
    # On time, on any machine however busy: measured in this run's own iterations at its last scale
    # (half of one plus the final evaluation, with room for a busy scheduler), not in seconds. On
    # a machine so busy that the deadline passed before the last scale began, that scale still
    # takes its one iteration.
    final = [p for p in items if p.scale == 2]
    assert final, "the last scale ran"
    steps = [b.elapsed - a.elapsed for a, b in zip(final, final[1:])]
    iteration = max(steps, default=final[0].elapsed)
    deadline = max(budget, final[0].elapsed - iteration)
    assert budget - iteration <= last.elapsed <= deadline + 3 * iteration, (last.elapsed, iteration)
    # It used its time: it stopped for the deadline, far from its cap, and counted what it did.
    assert last.iteration < params.iterations and last.total == last.iteration
    etas = [p.eta for p in items]
    assert etas[-1] == 0 and all(a >= b for a, b in zip(etas, etas[1:]))
    assert items[0].eta == pytest.approx(max(0.0, budget - items[0].elapsed))
    assert {str(p.stage) for p in items} <= {"96×72 px, scale 1/2", "192×144 px, scale 2/2"}
    assert str(last.stage) == "192×144 px, scale 2/2"


def test_with_a_budget_iterations_remain_the_cap(photo, painting):
    params = paper(size=64, seconds=60.0, iterations=7, init="content")
    items = list(stylize(photo, painting, params))
    assert [p.iteration for p in items] == list(range(1, 8)) and items[-1].done
