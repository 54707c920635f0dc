"""The course card image: a PNG drawn from the course title, the same bytes on every build.

Open edX shows a course image on the dashboard and the catalogue card, and olxcleaner counts a
course without one as an error. The card prints the title beside the image, so the image holds
no text (text would need a font for every script a title can be written in): a symmetric 5×5
motif in colours chosen from the title, so each course gets its own recognisable card.

The PNG is written here (a palette image: a few dozen lines of the PNG specification) rather
than with an imaging library, to add no dependency for one picture.
"""

from __future__ import annotations

import colorsys
import hashlib
import struct
import zlib

WIDTH, HEIGHT = 756, 450  # twice Open edX's 378 × 225 card, so it stays sharp on dense screens
CELL = 60  # side of one motif square, in pixels
GRID = 5
FILE_NAME = "coursepack-course-image.png"

Colour = tuple[int, int, int]


def course_image(title: str) -> bytes:
    """A PNG for the course titled `title`; the same title always gives the same bytes."""
    digest = hashlib.sha256(title.encode("utf-8")).digest()
    hue = digest[0] / 255
    palette = [_colour(hue, 0.32, 0.42), _colour(hue + 0.08, 0.62, 0.62), _colour(hue, 0.85, 0.35)]
    cells = _motif(digest[1:])
    rows = [_row(y, cells) for y in range(HEIGHT)]
    return _png(rows, palette)


def _colour(hue: float, lightness: float, saturation: float) -> Colour:
    red, green, blue = colorsys.hls_to_rgb(hue % 1.0, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def _motif(bits: bytes) -> list[list[int]]:
    """GRID × GRID palette indices (1 = accent, 2 = light, 0 = background), mirrored left-right."""
    half = (GRID + 1) // 2
    cells = []
    for row in range(GRID):
        left = [bits[row * half + column] % 3 for column in range(half)]
        cells.append(left + left[: GRID - half][::-1])
    return cells


def _row(y: int, cells: list[list[int]]) -> bytes:
    """One scanline: filter byte 0, then one palette index per pixel."""
    top = (HEIGHT - GRID * CELL) // 2
    left = (WIDTH - GRID * CELL) // 2
    if not top <= y < top + GRID * CELL:
        return b"\x00" + bytes(WIDTH)
    indices = cells[(y - top) // CELL]
    middle = b"".join(bytes([index]) * CELL for index in indices)
    return b"\x00" + bytes(left) + middle + bytes(WIDTH - left - len(middle))


def _png(rows: list[bytes], palette: list[Colour]) -> bytes:
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)  # 8-bit palette, no interlace
    plte = b"".join(bytes(colour) for colour in palette)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"PLTE", plte)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
