"""Reference for the report row of `npm run bench`: the same metrics with scikit-learn on 100,000
predictions of 45 classes (one process). Prints one JSON line: seconds (median of 3 runs)."""

import json
import sys
import time

import numpy as np
import sklearn
from sklearn import metrics as M

N, C = 100_000, 45


def main():
    rng = np.random.default_rng(45)
    y_true = rng.integers(0, C, N)
    winner = np.where(rng.random(N) < 0.6, y_true, rng.integers(0, C, N))
    logits = 3 * rng.random((N, C))
    logits[np.arange(N), winner] += 3
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    labels = list(range(C))
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        y_pred = probs.argmax(axis=1)
        M.confusion_matrix(y_true, y_pred, labels=labels)
        for n in ("true", "pred", "all"):
            M.confusion_matrix(y_true, y_pred, labels=labels, normalize=n)
        M.classification_report(y_true, y_pred, labels=labels, output_dict=True, zero_division=0)
        M.accuracy_score(y_true, y_pred)
        M.balanced_accuracy_score(y_true, y_pred)
        M.balanced_accuracy_score(y_true, y_pred, adjusted=True)
        for w in (None, "linear", "quadratic"):
            M.cohen_kappa_score(y_true, y_pred, labels=labels, weights=w)
        M.matthews_corrcoef(y_true, y_pred)
        for k in (1, 2, 3, 5, 10):
            M.top_k_accuracy_score(y_true, probs, k=k, labels=labels)
        M.log_loss(y_true, probs, labels=labels)
        conf = probs.max(axis=1)
        right = y_pred == y_true
        edges = np.linspace(0, 1, 16)
        ece = 0.0
        for lo, hi in zip(edges[:-1], edges[1:]):
            inside = (conf > lo) & (conf <= hi)
            if inside.any():
                ece += inside.mean() * abs(right[inside].mean() - conf[inside].mean())
        times.append(time.perf_counter() - t0)
    print(json.dumps({"seconds": sorted(times)[1], "sklearn": sklearn.__version__}))


if __name__ == "__main__":
    sys.exit(main())
