"""The example galleries: images in examples/ with the captions given in examples/SOURCES.md."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


@dataclass(frozen=True)
class Example:
    path: Path
    kind: str  # "photo" (a content image) or "painting" (a style image)
    caption: str


def parse_sources(text: str) -> dict[str, tuple[str, str]]:
    """file -> (kind, caption), from the markdown table `file | kind | caption | ...`."""
    rows: dict[str, tuple[str, str]] = {}
    header: list[str] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not (line.startswith("|") and line.endswith("|")):
            header = None  # any other line ends the table
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if header is None:
            header = [cell.lower() for cell in cells]
            continue
        if all(re.fullmatch(r":?-+:?", cell) for cell in cells):
            continue  # the |---|---| separator
        row = dict(zip(header, cells))
        if row.get("file"):
            rows[row["file"]] = (row.get("kind", "").lower(), row.get("caption", "") or row["file"])
    return rows


def _fallback(path: Path) -> tuple[str, str]:
    kind = "painting" if path.stem.startswith(("painting", "style")) else "photo"
    name = path.stem.split("_", 1)[-1] if "_" in path.stem else path.stem
    return kind, name.replace("_", " ").replace("-", " ").capitalize()


def load_examples(directory: Path = EXAMPLES_DIR) -> list[Example]:
    """Every example image, in the order SOURCES.md lists them (unlisted files last, by name)."""
    sources_file = directory / "SOURCES.md"
    listed = parse_sources(sources_file.read_text(encoding="utf-8")) if sources_file.is_file() else {}
    files = {p.name: p for p in directory.glob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()}
    order = [name for name in listed if name in files] + sorted(set(files) - set(listed))
    return [Example(files[name], *listed.get(name, _fallback(files[name]))) for name in order]


def photos(directory: Path = EXAMPLES_DIR) -> list[Example]:
    return [e for e in load_examples(directory) if e.kind != "painting"]


def paintings(directory: Path = EXAMPLES_DIR) -> list[Example]:
    return [e for e in load_examples(directory) if e.kind == "painting"]
