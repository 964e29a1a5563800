"""The device code paths (channels_last layout, bf16 network, compact L-BFGS, CUDA graph
fallback), exercised on the CPU: each must give the same picture as the plain path."""
import dataclasses
import time

import numpy as np
import pytest
import torch

from styler import StyleParams, accel, engine, graphs, stylize
from styler.images import fit_long_side
from styler.losses import StyleLoss, channels_by_positions, gram
from styler.network import get_vgg

pytestmark = pytest.mark.engine

# Exact iterations in float32 (no budget, no precision measured on this CPU): the reference every
# other code path is held against.
SMALL = dict(size=64, iterations=15, seconds=0, preview_every=15, init="content", content_weight=1e-2,
             precision="float32", neighbour_weight=0.0)


def final_image(photo, painting, tuning: accel.Tuning = accel.DEFAULT_TUNING, **changes) -> np.ndarray:
    items = list(stylize(photo, painting, StyleParams(**{**SMALL, **changes}), tuning=tuning))
    return np.asarray(items[-1].image, dtype=np.float64), items


def final_image_with(photo, painting, params_changes: dict | None = None, **settings) -> np.ndarray:
    """The same run with its resolved settings changed where no tuning reaches on a CPU (the bf16
    network, CUDA graphs): through the engine's run loop, as `stylize` calls it."""
    params = StyleParams(**{**SMALL, **(params_changes or {})})
    run_settings = dataclasses.replace(accel.RunSettings.resolve(params.precision, torch.device("cpu")), **settings)
    content = engine.read_input(photo, "content", params).image  # as `stylize` reads them
    style = engine.read_input(painting, "style", params).image
    inputs = engine._Inputs(content, [style], [1.0], None, None, fit_long_side(content.size, params.size))
    items = list(engine._run(params, run_settings, inputs, time.perf_counter(), []))
    return np.asarray(items[-1].image, dtype=np.float64), items


def test_gram_and_its_gradient_are_the_same_in_both_layouts():
    features = torch.rand(1, 16, 9, 7, dtype=torch.float64)
    nhwc = features.contiguous(memory_format=torch.channels_last)
    assert channels_by_positions(nhwc).data_ptr() == nhwc.data_ptr()  # a view, not a copy
    torch.testing.assert_close(gram(nhwc), gram(features))
    target = gram(torch.rand(1, 16, 9, 7, dtype=torch.float64))
    grads = []
    for f in (features, nhwc):
        f = f.clone().requires_grad_(True)
        StyleLoss(target)(f).backward()
        grads.append(f.grad)
    assert grads[1].is_contiguous(memory_format=torch.channels_last)  # no layout change in backward
    torch.testing.assert_close(grads[1], grads[0])
    assert torch.autograd.gradcheck(lambda f: StyleLoss(target)(f), (nhwc.clone().requires_grad_(True),))


@pytest.mark.parametrize("layout", [torch.contiguous_format, torch.channels_last])
def test_each_loss_computes_its_gram_products_as_it_was_built(monkeypatch, layout):
    """The Gram method is the loss's own, from its run's settings: losses built either way live
    side by side and give the same results."""
    calls = []
    convolution = torch.nn.grad.conv2d_weight
    monkeypatch.setattr(torch.nn.grad, "conv2d_weight", lambda *a, **k: calls.append(1) or convolution(*a, **k))
    torch.manual_seed(0)
    features = torch.rand(1, 32, 9, 7).contiguous(memory_format=layout)
    target = gram(torch.rand(1, 32, 5, 6))
    results = {}
    for by_convolution in (True, False):
        calls.clear()
        f = features.clone().requires_grad_(True)
        StyleLoss(target, gram_convolutions=by_convolution)(f).backward()
        assert bool(calls) is by_convolution
        assert f.grad.is_contiguous(memory_format=layout)
        results[by_convolution] = (gram(features, by_convolution), f.grad)
    torch.testing.assert_close(results[True][0], results[False][0], rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(results[True][1], results[False][1], rtol=1e-5, atol=1e-9)


def test_a_run_asks_for_gram_convolutions_on_x86_cpus_only():
    cpu, cuda = torch.device("cpu"), torch.device("cuda")
    assert accel.RunSettings.resolve("float32", cpu).gram_convolutions is accel._ONEDNN_X86
    assert not accel.RunSettings.resolve("float32", cpu, accel.Tuning(gram_convolutions=False)).gram_convolutions
    assert not accel.RunSettings.resolve("float32", cuda).gram_convolutions


def test_network_features_are_the_same_in_channels_last():
    x = torch.rand(1, 3, 40, 48) * 255
    plain_net = get_vgg(memory_format=torch.contiguous_format)
    nhwc_net = get_vgg(memory_format=torch.channels_last)
    assert nhwc_net is not plain_net, "each layout is its own network: runs never change a shared one"
    plain = plain_net(x, ["conv1_1", "conv3_1", "conv5_1"])
    nhwc = nhwc_net(x, ["conv1_1", "conv3_1", "conv5_1"])
    assert plain_net.memory_format == torch.contiguous_format
    for name in plain:
        assert nhwc[name].is_contiguous(memory_format=torch.channels_last)
        torch.testing.assert_close(nhwc[name], plain[name], rtol=1e-4, atol=1e-4)


@pytest.fixture
def reference(photo, painting, one_torch_thread):
    return final_image(photo, painting)


def test_channels_last_and_nchw_runs_give_the_same_picture(photo, painting, reference, monkeypatch):
    assert accel.memory_format(torch.device("cpu")) == torch.channels_last  # the reference's layout
    image, _ = final_image(photo, painting, accel.Tuning(channels_last=False))
    # Float rounding differs between layouts and L-BFGS amplifies it over 15 iterations; under one
    # grey level on average is the same picture (the stylised result is 10 levels from the photo).
    assert np.abs(image - reference[0]).mean() < 1.0


def test_compact_lbfgs_run_gives_the_same_picture(photo, painting, reference, monkeypatch):
    image, _ = final_image(photo, painting, accel.Tuning(lbfgs="compact"))
    assert np.abs(image - reference[0]).mean() < 1.0  # as above


def look(image: np.ndarray, block: int = 8) -> np.ndarray:
    """The picture with each block x block square averaged: its layout and colours, not its strokes."""
    height, width = (image.shape[0] // block) * block, (image.shape[1] // block) * block
    cropped = image[:height, :width]
    return cropped.reshape(height // block, block, width // block, block, 3).mean(axis=(1, 3))


def test_bf16_network_gives_the_same_picture(photo, painting, reference, monkeypatch):
    """bf16 keeps 8 bits of mantissa, and the painting's elements pick nearest features by rank, so
    strokes move a little; the picture, its look and its loss stay those of float32."""
    elements = dict(neighbour_weight=StyleParams().neighbour_weight)  # the default look's terms, all of them
    exact, exact_items = final_image(photo, painting, **elements)
    image, items = final_image_with(photo, painting, elements, precision="bf16")
    assert items[-1].losses["total"] < 0.5 * items[0].losses["total"]
    assert items[-1].losses["total"] == pytest.approx(exact_items[-1].losses["total"], rel=0.15)
    gap = np.abs(look(image) - look(exact)).mean()
    assert gap < 2.5
    # and the tolerance means something: another look (four times the content weight) is further
    other, _ = final_image(photo, painting, content_weight=SMALL["content_weight"] * 4, **elements)
    assert np.abs(look(other) - look(exact)).mean() > gap


def test_gpu_precision_on_a_cpu_says_it_computes_in_float32(photo, painting, one_torch_thread, unset_cuda_switches):
    items = list(stylize(photo, painting, StyleParams(**{**SMALL, "iterations": 1, "precision": "tf32"}, device="cpu")))
    assert any("computes in float32" in str(note) for note in items[0].notes)
    assert accel.precision_for("tf32", torch.device("cpu")) == "float32"
    assert accel.precision_for("bf16", torch.device("cpu")) == "bf16"  # asked for by name: the CPU has it too
    assert accel.precision_for("auto", torch.device("cuda")) == accel.DEFAULT_TUNING.auto_precision
    assert accel.precision_for("float32", torch.device("cuda")) == "float32"


@pytest.fixture
def unset_cuda_switches(monkeypatch):
    """The process's CUDA switches not set yet, and torch's own put back afterwards. (Setting them
    needs no GPU, so the CUDA branch is checked here too.)"""
    cudnn = torch.backends.cudnn
    before = (cudnn.allow_tf32, cudnn.benchmark, torch.get_float32_matmul_precision())
    monkeypatch.setattr(accel, "_cuda_set", [])
    yield
    cudnn.allow_tf32, cudnn.benchmark = before[:2]
    torch.set_float32_matmul_precision(before[2])


def switches() -> tuple:
    cudnn = torch.backends.cudnn
    return cudnn.allow_tf32, cudnn.benchmark, torch.get_float32_matmul_precision()


@pytest.mark.parametrize("precision, tensor_cores", [("float32", False), ("tf32", True), ("bf16", True)])
def test_the_first_cuda_run_sets_the_switches_for_the_process(precision, tensor_cores, unset_cuda_switches):
    cuda = torch.device("cuda")
    before = switches()
    cpu_run = accel.RunSettings.resolve("float32", torch.device("cpu"))
    assert cpu_run.on_device() is cpu_run and switches() == before  # the CPU leaves them alone
    first = accel.RunSettings.resolve(precision, cuda)
    assert first.on_device() == first  # the first run computes as it asked
    set_now = (tensor_cores, accel.DEFAULT_TUNING.cudnn_benchmark, "high" if tensor_cores else "highest")
    assert switches() == set_now
    # Kept for every later run, whatever it asks: float32 and TF32 follow the process, bf16 stays bf16.
    assert accel.cuda_switches(not tensor_cores, True) == (tensor_cores, accel.DEFAULT_TUNING.cudnn_benchmark)
    assert switches() == set_now
    process = "tf32" if tensor_cores else "float32"
    for asked in ("float32", "tf32", "auto"):
        later = accel.RunSettings.resolve(asked, cuda)
        assert later.precision == process and later.on_device() == later, asked
    assert accel.RunSettings.resolve("bf16", cuda).on_device().precision == "bf16"
    assert switches() == set_now


def test_a_run_resolved_before_another_set_the_switches_computes_as_they_are(unset_cuda_switches):
    cuda = torch.device("cuda")
    exact = accel.RunSettings.resolve("float32", cuda)  # resolved while nothing was set
    assert accel.RunSettings.resolve("tf32", cuda).on_device().precision == "tf32"  # another run came first
    assert exact.precision == "float32" and exact.on_device().precision == "tf32"


def test_concurrent_first_runs_agree_on_one_set_of_switches(unset_cuda_switches):
    """Threads standing for runs starting at once with different precisions: one sets the switches,
    and every run computes in what they give."""
    import threading

    cuda = torch.device("cuda")
    start = threading.Barrier(8)
    resolved = []

    def run(precision):
        start.wait(10)
        resolved.append(accel.RunSettings.resolve(precision, cuda).on_device().precision)

    threads = [threading.Thread(target=run, args=(p,)) for p in ("float32", "tf32") * 4]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    tensor_cores = torch.backends.cudnn.allow_tf32
    assert accel.cuda_switches(not tensor_cores) == (tensor_cores, accel.DEFAULT_TUNING.cudnn_benchmark)
    assert resolved == ["tf32" if tensor_cores else "float32"] * 8


def test_a_runs_settings_are_resolved_once_and_frozen(unset_cuda_switches):
    cuda, cpu = torch.device("cuda"), torch.device("cpu")
    settings = accel.RunSettings.resolve("auto", cuda)
    assert (settings.precision, settings.memory_format, settings.cuda_graphs) == ("tf32", torch.channels_last, True)
    assert not settings.graphs(masked=True)
    variant = accel.RunSettings.resolve("auto", cuda, accel.Tuning(auto_precision="bf16", channels_last=False))
    assert (variant.precision, variant.memory_format, variant.cuda_graphs) == ("bf16", torch.contiguous_format, False)
    assert accel.RunSettings.resolve("tf32", cpu).precision == "float32"
    # A variant is a run's own: resolving one changes nothing for the next run.
    assert accel.RunSettings.resolve("auto", cuda) == settings


def test_cuda_graphs_only_where_they_can_record():
    cuda, cpu = torch.device("cuda"), torch.device("cpu")
    assert accel.graphs_apply(cuda, "tf32")
    assert not accel.graphs_apply(cuda, "tf32", accel.Tuning(cuda_graphs=False))
    assert not accel.graphs_apply(cpu, "float32")
    assert not accel.graphs_apply(cuda, "bf16")  # autocast's weight cache
    assert not accel.RunSettings.resolve("tf32", cuda).graphs(masked=True)  # a region's loss reads back a value


def test_a_graph_that_cannot_be_recorded_leaves_the_run_as_it_would_be(photo, painting, reference,
                                                                         monkeypatch, caplog):
    # Force the graph path on the CPU, where recording must fail: the run goes on eagerly.
    monkeypatch.setattr(graphs, "side_stream", lambda device: (_ for _ in ()).throw(RuntimeError("no CUDA")))
    image, items = final_image_with(photo, painting, cuda_graphs=True)
    assert "running without it" in caplog.text
    assert np.array_equal(image, reference[0])


def test_every_item_says_where_it_computes(photo, painting, one_torch_thread):
    items = list(stylize(photo, painting, StyleParams(**{**SMALL, "iterations": 2}, device="cpu")))
    assert [p.device for p in items] == ["CPU", "CPU"]
    assert accel.describe(torch.device("mps"), "float32") == "Apple GPU (MPS)"
