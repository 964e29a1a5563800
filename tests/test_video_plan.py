"""How a clip's time budget is shared between its first frame and the rest."""
import pytest

from styler.video_plan import ENCODE_RESERVE, FIRST_FRAME_WEIGHT, MAX_FIRST_SHARE, MIN_FIRST_SHARE, ClipPlan

pytestmark = pytest.mark.unit


def test_the_first_frame_gets_the_time_of_several_later_ones():
    plan = ClipPlan(frames=20, seconds=100, start=0.0)
    usable = 100 * (1 - ENCODE_RESERVE)
    first = plan.frame_seconds(0, 0.0)
    assert first == pytest.approx(usable * FIRST_FRAME_WEIGHT / (FIRST_FRAME_WEIGHT + 19))
    later = plan.frame_seconds(1, first)
    assert first / later == pytest.approx(FIRST_FRAME_WEIGHT)


@pytest.mark.parametrize("frames, share", [(2, MAX_FIRST_SHARE), (500, MIN_FIRST_SHARE)])
def test_the_first_share_is_bounded(frames, share):
    plan = ClipPlan(frames=frames, seconds=50, start=0.0)
    assert plan.frame_seconds(0, 0.0) == pytest.approx(50 * (1 - ENCODE_RESERVE) * share)


def test_a_frame_that_ran_long_is_made_up_by_the_next_ones():
    plan = ClipPlan(frames=11, seconds=60, start=0.0)
    on_time = plan.frame_seconds(1, 20.0)
    late = plan.frame_seconds(1, 30.0)
    assert late < on_time and late == pytest.approx((plan.deadline - 30.0) / 10)
    assert plan.frame_seconds(10, plan.deadline + 5) > 0  # never a negative budget


def test_a_single_frame_takes_the_whole_budget():
    assert ClipPlan(frames=1, seconds=10, start=0.0).frame_seconds(0, 0.0) == pytest.approx(10 * (1 - ENCODE_RESERVE))


def test_time_left_without_a_budget_follows_the_measured_frames():
    plan = ClipPlan(frames=5, seconds=0, start=0.0)
    assert plan.eta(0, 1.0, 1.0, None) is None
    assert plan.eta(0, 5.0, 5.0, 5.0) == pytest.approx(5.0 + 4 * 10.0 / FIRST_FRAME_WEIGHT)
    plan.finished(10.0)
    plan.finished(3.0)
    assert plan.eta(2, 14.0, 1.0, 2.0) == pytest.approx(2.0 + 2 * 3.0)
    assert ClipPlan(frames=5, seconds=20, start=0.0).eta(1, 5.0, 1.0, 1.0) == pytest.approx(20 * (1 - ENCODE_RESERVE) - 5)
