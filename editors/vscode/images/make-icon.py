#!/usr/bin/env python3
"""Draws the extension icon (images/icon.png, 128x128) and the file icon (images/file-icon.png,
32x32): a winding journey path through three stages to a flag. Needs Pillow
(Debian: python3-pil). Run: python3 images/make-icon.py"""
import math
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
S = 4  # supersampling factor


def bezier(p0, p1, p2, p3, n=64):
    pts = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        x = u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0]
        y = u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]
        pts.append((x, y))
    return pts


def draw(size, background=True):
    W = size * S
    img = Image.new("RGBA", (W, W), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    k = W / 128.0
    if background:
        # Rounded square with a vertical indigo→teal gradient.
        grad = Image.new("RGBA", (W, W))
        gd = ImageDraw.Draw(grad)
        top, bottom = (49, 46, 129), (13, 148, 136)
        for y in range(W):
            t = y / (W - 1)
            c = tuple(round(top[i] + (bottom[i] - top[i]) * t) for i in range(3)) + (255,)
            gd.line([(0, y), (W, y)], fill=c)
        mask = Image.new("L", (W, W), 0)
        ImageDraw.Draw(mask).rounded_rectangle([0, 0, W - 1, W - 1], radius=round(26 * k), fill=255)
        img.paste(grad, (0, 0), mask)
    path_color = (255, 255, 255, 235) if background else (13, 148, 136, 255)
    # The journey: an S-shaped road from bottom-left to top-right.
    pts = bezier((22 * k, 104 * k), (96 * k, 104 * k), (26 * k, 68 * k), (64 * k, 66 * k))
    pts += bezier((64 * k, 66 * k), (104 * k, 64 * k), (36 * k, 40 * k), (96 * k, 44 * k))[1:]
    width = round((9 if background else 12) * k)
    d.line(pts, fill=path_color, width=width, joint="curve")
    for x, y in (pts[0], pts[len(pts) - 1]):
        d.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=path_color)
    # Stages: three dots along the road, the emotion colours of a journey map.
    for idx, color in ((0, (251, 191, 36)), (64, (244, 114, 182)), (len(pts) - 1, (52, 211, 153))):
        x, y = pts[idx]
        r = (11 if background else 15) * k
        d.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, 255))
        r2 = r * 0.62
        d.ellipse([x - r2, y - r2, x + r2, y + r2], fill=color + (255,))
    if not background:
        return img.resize((size, size), Image.LANCZOS)
    # A flag at the goal.
    fx, fy = pts[-1]
    pole = round(4 * k)
    d.line([(fx, fy - 10 * k), (fx, fy - 34 * k)], fill=(255, 255, 255, 255) if background else path_color, width=pole)
    d.polygon([(fx, fy - 34 * k), (fx + 20 * k, fy - 28 * k), (fx, fy - 21 * k)], fill=(251, 191, 36, 255))
    return img.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    draw(128).save(HERE / "icon.png", optimize=True)
    draw(32, background=False).save(HERE / "file-icon.png", optimize=True)
    print("wrote", HERE / "icon.png", HERE / "file-icon.png")
