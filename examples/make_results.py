"""Regenerate the made-ahead results in results/ (see SOURCES.md): `python examples/make_results.py`."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp.premade import make_all  # noqa: E402

if __name__ == "__main__":
    make_all()
