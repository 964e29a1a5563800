"""precision="auto" on the CPU: bf16 only where this machine measures it clearly faster."""
import pytest
import torch

from styler import accel
from styler.accel import PrecisionProbe, Tuning

pytestmark = pytest.mark.unit
CPU = torch.device("cpu")


@pytest.fixture
def measured(monkeypatch):
    """Stand in a measurement for this machine's, as a CPU of each kind would give it."""
    def use(probe: PrecisionProbe):
        monkeypatch.setattr(accel, "_probe", [probe])
    return use


@pytest.mark.parametrize("probe, chosen", [
    (PrecisionProbe(1.0, 0.5), "bf16"),  # native bf16 (AVX-512 BF16, AMX): about twice as fast
    (PrecisionProbe(1.0, 0.9), "float32"),  # barely faster: not worth bf16's rounding
    (PrecisionProbe(1.0, 40.0), "float32"),  # emulated bf16 (AVX2): far slower
    (PrecisionProbe(1.0, None), "float32"),  # no bf16 convolutions at all
])
def test_auto_follows_this_machines_measurement(measured, probe, chosen):
    measured(probe)
    assert accel.precision_for("auto", CPU) == chosen
    assert accel.RunSettings.resolve("auto", CPU).precision == chosen


def test_asking_for_a_precision_overrides_the_measurement(measured):
    measured(PrecisionProbe(1.0, 0.5))
    assert accel.precision_for("float32", CPU) == "float32"
    assert accel.precision_for("tf32", CPU) == "float32"  # a GPU format
    assert accel.precision_for("auto", CPU, Tuning(cpu_auto_precision="float32")) == "float32"
    measured(PrecisionProbe(1.0, 40.0))
    assert accel.precision_for("bf16", CPU) == "bf16"  # asked for by name: slow, but what was asked


def test_the_probe_measures_both_precisions_once(monkeypatch):
    monkeypatch.setattr(accel, "_probe", [])
    calls = []
    real = accel._measure_cpu_precisions
    monkeypatch.setattr(accel, "_measure_cpu_precisions", lambda: calls.append(1) or real(side=32, repeats=1))
    first = accel.cpu_precision_probe()
    assert accel.cpu_precision_probe() is first and len(calls) == 1
    assert first.float32_seconds > 0
    assert first.bf16_seconds is None or first.bf16_seconds > 0
