"""The strength's balance (styler.balance): what change of the photo a strength asks for, and how
alpha is corrected from the change measured at the end of a scale."""
import math

import pytest

from styler.balance import CHANGE_AT_DEFAULT, MAX_FACTOR, Balance, target_change
from styler.params import StyleParams
from styler.presets import preset

pytestmark = pytest.mark.unit


def test_a_bolder_strength_asks_for_more_change_of_the_photo():
    targets = [target_change(StyleParams().with_style_strength(s)) for s in (0, 2.5, 4, 5, 6)]
    assert targets == sorted(targets) and len(set(targets)) == len(targets)
    assert targets[3] == pytest.approx(CHANGE_AT_DEFAULT)


def test_a_photo_that_moved_too_far_gets_more_alpha_and_one_that_hardly_moved_less():
    params = StyleParams()
    too_far, too_little = Balance(params), Balance(params)
    too_far.observe(2 * CHANGE_AT_DEFAULT)
    too_little.observe(CHANGE_AT_DEFAULT / 2)
    assert too_far.content_weight > params.content_weight > too_little.content_weight
    assert too_far.stage_params().content_weight == too_far.content_weight
    on_target = Balance(params)
    on_target.observe(CHANGE_AT_DEFAULT)
    assert on_target.content_weight == pytest.approx(params.content_weight)


def test_the_correction_is_bounded_and_ignores_what_it_cannot_use():
    params = StyleParams()
    balance = Balance(params)
    for _ in range(20):
        balance.observe(100.0)
    assert balance.content_weight == pytest.approx(params.content_weight * MAX_FACTOR)
    before = balance.content_weight
    for change in (math.nan, math.inf, 0.0, -1.0):
        balance.observe(change)
    assert balance.content_weight == before


@pytest.mark.parametrize("params", [StyleParams(balance="fixed"), preset("Paper (Fig. 3)"),
                                    StyleParams(content_weight=0.0)], ids=["fixed", "paper", "no content term"])
def test_fixed_balance_the_paper_and_style_alone_keep_alpha_as_set(params):
    balance = Balance(params)
    balance.observe(0.01)
    assert balance.content_weight == params.content_weight and balance.stage_params() is params
