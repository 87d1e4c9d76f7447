"""Draw the Zendesk app's logos (zendesk_app/assets/logo.png 320x320, logo-small.png 128x128) with the
standard library only: a blue rounded square holding a white note with three lines of "draft".

Run once when the design changes: ``python scripts/zendesk_app_logos.py``; the PNGs are committed.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "zendesk_app" / "assets"
BLUE, WHITE, CLEAR = (31, 115, 183, 255), (255, 255, 255, 255), (0, 0, 0, 0)
LINE = (82, 147, 199, 255)


def _inside_rounded(x: float, y: float, box: tuple[float, float, float, float], radius: float) -> bool:
    left, top, right, bottom = box
    if not (left <= x <= right and top <= y <= bottom):
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def _pixel(x: float, y: float) -> tuple[int, int, int, int]:
    """The colour at (x, y) in a unit square."""
    if _inside_rounded(x, y, (0.30, 0.22, 0.70, 0.78), 0.04):
        for top in (0.34, 0.46, 0.58):
            if _inside_rounded(x, y, (0.37, top, 0.63 if top < 0.5 else 0.55, top + 0.05), 0.02):
                return LINE
        return WHITE
    if _inside_rounded(x, y, (0.04, 0.04, 0.96, 0.96), 0.18):
        return BLUE
    return CLEAR


def png(size: int) -> bytes:
    """An RGBA PNG of the logo, ``size`` pixels square."""
    rows = bytearray()
    for j in range(size):
        rows.append(0)  # filter: none
        for i in range(size):
            rows.extend(_pixel((i + 0.5) / size, (j + 0.5) / size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    ASSETS.mkdir(parents=True, exist_ok=True)
    (ASSETS / "logo.png").write_bytes(png(320))
    (ASSETS / "logo-small.png").write_bytes(png(128))


if __name__ == "__main__":
    main()
