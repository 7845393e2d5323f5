"""JPEG coded in pieces (berita/images/jpegblocks.py): exactly the bytes of the whole picture coded by Pillow."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw

from berita.images.jpegblocks import BLOCK, Coder, save

SIZE = (480, 200)  # 30 blocks across: runs of 1, 3, 5, 15 or 30; the last row of blocks is cut
QUALITY = 80


def known_picture() -> Image.Image:
    """Bands of colour and a diagonal: blocks that differ from each other, as a card's background does."""
    image = Image.new("RGB", SIZE, (11, 79, 138))
    draw = ImageDraw.Draw(image)
    draw.polygon([(300, 0), (480, 0), (480, 200), (200, 200)], fill=(7, 56, 100))
    draw.rectangle((0, 190, 480, 200), fill=(242, 183, 5))
    return image


def scribbled(image: Image.Image, box: tuple[int, int, int, int], seed: int) -> Image.Image:
    """`image` with seeded noise inside `box`."""
    changed = image.copy()
    left, top, right, bottom = box
    size = (right - left, bottom - top)
    noise = Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))
    changed.paste(noise, (left, top))
    return changed


@pytest.mark.parametrize("run", [1, 3, 5, 15, 30])
@pytest.mark.parametrize(
    "boxes",
    [
        [],
        [(0, 32, 480, 48)],  # one whole row of blocks
        [(17, 40, 101, 95)],  # across block edges
        [(300, 50, 310, 60), (20, 52, 30, 70)],  # two boxes in the same rows, far apart
        [(100, 40, 140, 60), (120, 100, 470, 150)],
    ],
)
def test_coded_in_pieces_is_the_whole_picture_coded(run: int, boxes):
    known = known_picture()
    picture = known
    for seed, box in enumerate(boxes):
        picture = scribbled(picture, box, seed)
    top, bottom = 32, 160
    part = picture.crop((0, top, SIZE[0], bottom))
    assert Coder(known, QUALITY, run).code(part, top, boxes) == save(picture, QUALITY, run)


def test_the_code_decodes_to_the_picture_jpeg_makes_of_it():
    known = known_picture()
    picture = scribbled(known, (40, 40, 200, 90), 3)
    coded = Coder(known, QUALITY, 5).code(picture.crop((0, 32, SIZE[0], 96)), 32, [(40, 40, 200, 90)])
    decoded = Image.open(io.BytesIO(coded))
    plain = Image.open(io.BytesIO(save(picture, QUALITY, 5)))
    assert decoded.size == SIZE and decoded.tobytes() == plain.tobytes()


@pytest.mark.parametrize(
    ("top", "height", "boxes"),
    [
        (32, 64, [(0, 20, 10, 40)]),  # starts above the part
        (32, 64, [(0, 90, 10, 100)]),  # ends below it
        (30, 64, []),  # not on a row of blocks
        (32, 60, []),  # not whole rows
    ],
)
def test_a_part_that_does_not_hold_the_boxes_is_refused(top: int, height: int, boxes):
    known = known_picture()
    with pytest.raises(ValueError):
        Coder(known, QUALITY, 1).code(known.crop((0, top, SIZE[0], top + height)), top, boxes)


def test_runs_must_fill_a_row():
    with pytest.raises(ValueError):
        Coder(known_picture(), QUALITY, 7)


def test_spans_cover_every_block_a_box_touches():
    coder = Coder(known_picture(), QUALITY, 1)
    assert coder.spans([(17, 40, 33, 49)]) == {2: (1, 3), 3: (1, 3)}
    assert coder.spans([(0, 0, 1, 1), (BLOCK * 5, 0, BLOCK * 6, 1)]) == {0: (0, 6)}
