"""Every benchmark in turn, with its default settings: `python benchmarks/run_all.py`.

Takes about an hour on a 2-core CPU; each script also runs alone (see its --help).
With a CUDA GPU, gpu.py runs too (about three minutes on an H200).
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["speed.py", "peer.py", "multiscale.py", "memory.py", "candidates.py", "budget.py", "video.py"]

if __name__ == "__main__":
    import torch

    if torch.cuda.is_available():
        SCRIPTS.append("gpu.py")
    for script in SCRIPTS:
        print(f"\n== {script} ==", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], check=True)
