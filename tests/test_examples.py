"""Checks for the example image gallery in examples/ and its SOURCES.md."""

from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.unit

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SOURCES = EXAMPLES / "SOURCES.md"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
COLUMNS = ["file", "kind", "caption", "author", "source", "licence"]
MAX_SIDE = 768


def _split_row(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table_rows():
    """Rows of the markdown table in SOURCES.md, as dicts keyed by column name."""
    lines = [l for l in SOURCES.read_text(encoding="utf-8").splitlines() if l.strip().startswith("|")]
    assert lines, "SOURCES.md has no markdown table"
    header = [c.lower() for c in _split_row(lines[0])]
    assert header == COLUMNS, f"unexpected table header: {header}"
    rows = []
    for line in lines[2:]:  # skip header and |---| separator
        cells = _split_row(line)
        assert len(cells) == len(COLUMNS), f"malformed row: {line}"
        row = dict(zip(COLUMNS, cells))
        row["file"] = row["file"].strip("`")
        rows.append(row)
    return rows


def _image_files():
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def test_sources_and_files_match():
    rows = _table_rows()
    listed = [r["file"] for r in rows]
    assert len(listed) == len(set(listed)), "a file is listed twice in SOURCES.md"
    on_disk = {p.name for p in _image_files()} | {p.name for p in EXAMPLES.glob("clip_*.mp4")}
    assert on_disk - set(listed) == set(), f"images not listed in SOURCES.md: {on_disk - set(listed)}"
    assert set(listed) - on_disk == set(), f"listed but missing: {set(listed) - on_disk}"
    for row in rows:
        for col in COLUMNS:
            assert row[col], f"{row['file']}: empty '{col}' column"
        expected_kind = ("photo" if row["file"].startswith("photo_") else
                         "clip" if row["file"].startswith("clip_") else "painting")
        assert row["kind"] == expected_kind, f"{row['file']}: kind {row['kind']!r}"


@pytest.mark.parametrize("path", _image_files(), ids=lambda p: p.name)
def test_image_is_valid(path):
    assert path.name == path.name.lower()
    assert path.name.startswith(("photo_", "painting_"))
    with Image.open(path) as im:
        im.verify()
    with Image.open(path) as im:
        assert im.mode == "RGB"
        assert max(im.size) <= MAX_SIDE
        im.load()


def test_enough_photos_and_paintings():
    names = [p.name for p in _image_files()]
    assert sum(n.startswith("photo_") for n in names) >= 3
    assert sum(n.startswith("painting_") for n in names) >= 3


def test_total_size_small():
    total = sum(p.stat().st_size for p in EXAMPLES.rglob("*") if p.is_file())
    assert total < 3.5 * 1024 * 1024  # the made-ahead results (results/, 384 px as Run makes them) included
