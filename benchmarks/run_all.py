"""Every benchmark in turn, with its default settings: `python benchmarks/run_all.py`.

Takes about half an hour on a 2-core CPU; each script also runs alone (see its --help).
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["speed.py", "peer.py", "multiscale.py", "memory.py"]

if __name__ == "__main__":
    for script in SCRIPTS:
        print(f"\n== {script} ==", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], check=True)
