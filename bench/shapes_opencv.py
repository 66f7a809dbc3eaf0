"""Reference generator for `npm run bench`: the same shapes spec drawn with OpenCV, one process, one thread.

224x224x3 uint8 on a constant background, 1-6 filled shapes (rectangle or axis-aligned ellipse), sides
20-40 px, 3 colours, later shapes occlude earlier ones; an instance-id map drawn alongside, and each
instance's visible area and box counted from it (what our generator also returns).
Prints one JSON line: {"draw": images/s for image + id map only, "draw_stats": images/s of the same spec
as ours: image, id map, class map, visible area and box of each instance}.
"""
import json
import random
import sys
import time

import cv2
import numpy as np

cv2.setNumThreads(1)
SIZE, MIN_SIDE, MAX_SIDE = 224, 20, 40
BACKGROUND = np.full((SIZE, SIZE, 3), (24, 24, 28), np.uint8)
COLORS = [(230, 57, 70), (42, 157, 143), (69, 123, 230)]


def make(rng, stats):
    img = BACKGROUND.copy()
    ids = np.zeros((SIZE, SIZE), np.uint8)
    classes = np.zeros((SIZE, SIZE), np.uint8) if stats else None
    n = rng.randint(1, 6)
    rects = []
    for k in range(1, n + 1):
        w, h = rng.randint(MIN_SIDE, MAX_SIDE), rng.randint(MIN_SIDE, MAX_SIDE)
        x, y = rng.randint(0, SIZE - w), rng.randint(0, SIZE - h)
        color = COLORS[rng.randrange(3)]
        rects.append((x, y, w, h))
        if rng.random() < 0.5:
            cv2.rectangle(img, (x, y), (x + w - 1, y + h - 1), color, -1)
            cv2.rectangle(ids, (x, y), (x + w - 1, y + h - 1), k, -1)
            if stats:
                cv2.rectangle(classes, (x, y), (x + w - 1, y + h - 1), 1, -1)
        else:
            c, axes = (x + w // 2, y + h // 2), (w // 2, h // 2)
            cv2.ellipse(img, c, axes, 0, 0, 360, color, -1)
            cv2.ellipse(ids, c, axes, 0, 0, 360, k, -1)
            if stats:
                cv2.ellipse(classes, c, axes, 0, 0, 360, 2, -1)
    if not stats:
        return img, ids
    # Visible area and box of each instance, looking only inside the rectangle it was drawn in.
    areas = np.bincount(ids.ravel(), minlength=n + 1)
    boxes = []
    for k, (x, y, w, h) in enumerate(rects, 1):
        bx, by, bw, bh = cv2.boundingRect((ids[y : y + h, x : x + w] == k).view(np.uint8))
        boxes.append((x + bx, y + by, bw, bh))
    return img, ids, classes, areas, boxes


def rate(stats, seconds):
    rng = random.Random(0)
    for _ in range(200):
        make(rng, stats)
    count, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(100):
            make(rng, stats)
        count += 100
    return count / (time.perf_counter() - t0)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    out = {"draw": rate(False, seconds), "draw_stats": rate(True, seconds), "opencv": cv2.__version__}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
