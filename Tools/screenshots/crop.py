#!/usr/bin/env python3
"""Keeps the leftmost WIDTH pixels of a PNG (8-bit RGB or RGBA, not interlaced): crop.py IN.png WIDTH OUT.png.
Headless Chromium's window is at least 500 px wide, so make.sh shoots the phone page in a 390 px iframe and
cuts the rest off here, with the standard library only."""
import struct
import sys
import zlib


def chunks(data):
    i = 8
    while i < len(data):
        (n,) = struct.unpack(">I", data[i:i + 4])
        yield data[i + 4:i + 8], data[i + 8:i + 8 + n]
        i += 12 + n


def unfilter(raw, width, height, bpp):
    stride, rows, prev, i = width * bpp, [], bytearray(width * bpp), 0
    for _ in range(height):
        kind, row = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = row[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if kind == 1:
                row[x] = (row[x] + a) & 255
            elif kind == 2:
                row[x] = (row[x] + b) & 255
            elif kind == 3:
                row[x] = (row[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(row)
        prev = row
    return rows


def main(src, width, dst):
    data = open(src, "rb").read()
    header = next(body for kind, body in chunks(data) if kind == b"IHDR")
    w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in (2, 6) or interlace:
        sys.exit(f"{src}: only 8-bit RGB or RGBA PNGs without interlacing")
    bpp = 3 if colour == 2 else 4
    rows = unfilter(zlib.decompress(b"".join(body for kind, body in chunks(data) if kind == b"IDAT")), w, h, bpp)
    width = min(width, w)
    raw = b"".join(b"\0" + bytes(r[:width * bpp]) for r in rows)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, h, 8, colour, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(dst, "wb").write(png)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
