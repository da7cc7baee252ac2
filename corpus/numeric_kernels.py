"""Numeric kernels: stencils, loop reductions, distances and normalizations over floats and arrays.

Indexing a float64 array yields a numpy float64, not a Python float, and `0.0 + float64` is a float64
in CPython. Accumulators here are Python floats, so element values are converted with float() before
they are added: every variable keeps one type (DESIGN §1).
"""

import math

import numpy as np


def stencil_3pt(x: "ndarray[float64,1]") -> "ndarray[float64,1]":
    """Smooth a signal with the 3-point stencil (1/4, 1/2, 1/4), keeping both end points."""
    n = x.shape[0]
    out = np.zeros(n)
    for i in range(1, n - 1):
        out[i] = 0.25 * x[i - 1] + 0.5 * x[i] + 0.25 * x[i + 1]
    if n > 0:
        out[0] = x[0]
        out[n - 1] = x[n - 1]
    return out


def jacobi_step(u: "ndarray[float64,2]") -> "ndarray[float64,2]":
    """One Jacobi sweep of the 2-d Laplace equation (5-point stencil), boundary rows and columns fixed."""
    rows, cols = u.shape
    out = u.copy()
    for i in range(1, rows - 1):
        for j in range(1, cols - 1):
            out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
    return out


def prefix_sum(xs: list[float]) -> list[float]:
    """Inclusive running sum of a list of floats."""
    out: list[float] = []
    total = 0.0
    for v in xs:
        total += v
        out.append(total)
    return out


def dot_loop(a: "ndarray[float64,1]", b: "ndarray[float64,1]") -> float:
    """Dot product of two equal-length vectors with an explicit loop."""
    total = 0.0
    for i in range(a.shape[0]):
        total += float(a[i] * b[i])
    return total


def matvec_loop(m: "ndarray[float64,2]", v: "ndarray[float64,1]") -> "ndarray[float64,1]":
    """Matrix-vector product with two explicit loops."""
    rows, cols = m.shape
    out = np.zeros(rows)
    for i in range(rows):
        acc = 0.0
        for j in range(cols):
            acc += float(m[i, j] * v[j])
        out[i] = acc
    return out


def horner(coeffs: list[float], x: float) -> float:
    """Evaluate a polynomial at x by Horner's rule; coeffs[0] is the highest-degree coefficient."""
    result = 0.0
    for c in coeffs:
        result = result * x + c
    return result


def trapezoid(ys: "ndarray[float64,1]", dx: float) -> float:
    """Integrate equally spaced samples with the trapezoid rule."""
    n = ys.shape[0]
    if n < 2:
        return 0.0
    total = 0.5 * float(ys[0] + ys[n - 1])
    for i in range(1, n - 1):
        total += float(ys[i])
    return total * dx


def mean_variance(xs: list[float]) -> tuple[float, float]:
    """Mean and population variance in two passes; (0.0, 0.0) for an empty list."""
    n = len(xs)
    if n == 0:
        return 0.0, 0.0
    total = 0.0
    for v in xs:
        total += v
    mean = total / float(n)
    sq = 0.0
    for v in xs:
        sq += (v - mean) * (v - mean)
    return mean, sq / float(n)


def euclidean(a: list[float], b: list[float]) -> float:
    """Euclidean distance between two equal-length points."""
    total = 0.0
    for x, y in zip(a, b):
        d = x - y
        total += d * d
    return math.sqrt(total)


def manhattan(a: "ndarray[float64,1]", b: "ndarray[float64,1]") -> float:
    """Manhattan (L1) distance between two vectors with numpy."""
    return float(np.sum(np.abs(a - b)))


def cosine_distance(a: "ndarray[float64,1]", b: "ndarray[float64,1]") -> float:
    """One minus the cosine of the angle between two vectors; 1.0 when either is zero."""
    na = float(np.linalg.norm(a))
    nb = float(np.linalg.norm(b))
    if na == 0.0 or nb == 0.0:
        return 1.0
    return 1.0 - float(np.dot(a, b)) / (na * nb)


def pairwise_distances(x: "ndarray[float64,2]") -> "ndarray[float64,2]":
    """Euclidean distances between all pairs of rows, via |a|^2 + |b|^2 - 2 a.b."""
    sq = np.sum(x * x, axis=1)
    d2 = np.expand_dims(sq, axis=1) + np.expand_dims(sq, axis=0) - 2.0 * (x @ x.T)
    return np.sqrt(np.maximum(d2, 0.0))


def softmax(x: "ndarray[float64,1]") -> "ndarray[float64,1]":
    """Numerically stable softmax: subtract the maximum before exponentiating."""
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def logsumexp(x: "ndarray[float64,1]") -> float:
    """log(sum(exp(x))) without overflow, shifting by the maximum."""
    m = float(np.max(x))
    if math.isinf(m):
        return m
    return m + math.log(float(np.sum(np.exp(x - m))))


def minmax_normalize(x: "ndarray[float64,1]") -> "ndarray[float64,1]":
    """Rescale values to [0, 1]; a constant vector maps to zeros."""
    lo = np.min(x)
    span = np.max(x) - lo
    if span == 0.0:
        return np.zeros_like(x)
    return (x - lo) / span


def zscore(x: "ndarray[float64,1]") -> "ndarray[float64,1]":
    """Standardize to zero mean and unit variance; a constant vector maps to zeros."""
    mu = np.mean(x)
    sigma = np.std(x)
    if sigma == 0.0:
        return np.zeros_like(x)
    return (x - mu) / sigma


def moving_average(xs: list[float], k: int) -> list[float]:
    """Means of every window of k consecutive values, updated in O(1) per step."""
    out: list[float] = []
    if k <= 0 or k > len(xs):
        return out
    window = 0.0
    for i in range(k):
        window += xs[i]
    out.append(window / float(k))
    for i in range(k, len(xs)):
        window += xs[i] - xs[i - k]
        out.append(window / float(k))
    return out


def histogram_counts(xs: list[float], lo: float, hi: float, bins: int) -> list[int]:
    """Counts of values in `bins` equal-width bins over [lo, hi]; values outside are dropped."""
    counts = [0] * bins
    width = (hi - lo) / float(bins)
    for v in xs:
        if lo <= v <= hi:
            b = int((v - lo) / width)
            if b == bins:
                b = bins - 1
            counts[b] += 1
    return counts


def mandelbrot_counts(width: int, height: int, max_iter: int) -> list[int]:
    """Escape-time iteration counts over a width x height grid of [-2, 1] x [-1.5, 1.5], row by row."""
    counts: list[int] = []
    for py in range(height):
        ci = -1.5 + 3.0 * float(py) / float(height)
        for px in range(width):
            cr = -2.0 + 3.0 * float(px) / float(width)
            zr = 0.0
            zi = 0.0
            k = 0
            while k < max_iter and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                k += 1
            counts.append(k)
    return counts
