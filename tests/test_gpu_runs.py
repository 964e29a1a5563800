"""The engine through webapp.gpu's decorated call, as on ZeroGPU: everything that crosses it
pickles, and a refusal comes back as a record."""
from __future__ import annotations

import pickle

import pytest
from PIL import Image

from helpers import CONTENT, STYLE
from styler import StyleParams
from styler.engine import Progress
from webapp import gpu

pytestmark = pytest.mark.engine


def test_what_crosses_the_zerogpu_boundary_pickles():
    """On ZeroGPU the engine generator runs in another process: all it takes and yields must pickle."""
    params = StyleParams(size=48, iterations=2, seconds=0)
    assert pickle.loads(pickle.dumps(params)) == params
    items = list(gpu.run_engine(Image.open(CONTENT), Image.open(STYLE), params))
    assert all(isinstance(p, Progress) for p in items) and [p.done for p in items] == [False, True]
    copy = pickle.loads(pickle.dumps(items[-1]))
    assert copy.losses == items[-1].losses and copy.image.size == items[-1].image.size
    assert str(copy.stage) == str(items[-1].stage) == "48×32 px"


def test_an_engine_refusal_becomes_a_record():
    sliver = Image.new("RGB", (2000, 10))  # 48x0 px at this size: nothing to stylise
    items = list(gpu.run_engine(sliver, Image.open(STYLE), StyleParams(size=48, iterations=2)))
    assert len(items) == 1 and isinstance(items[0], gpu.RunFailed)
    assert items[0].code == "image.too_small" and "too small" in str(items[0].message) and items[0].last_image is None
    assert pickle.loads(pickle.dumps(items[0])) == items[0]
