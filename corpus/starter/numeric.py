"""Starter corpus for `opsynth grow`: numeric kernels written in numpy idiom (whole-array operations,
reductions along an axis), the way they appear in analysis scripts."""

import math

import numpy as np


def rolling_mean(x: "ndarray[float64,1]", w: int) -> "ndarray[float64,1]":
    """Mean of each window of w consecutive samples, through a cumulative sum."""
    c = np.cumsum(x)
    head = c[w - 1 : w]
    rest = c[w:] - c[: x.shape[0] - w]
    return np.concatenate((head, rest)) / w


def zscore_columns(m: "ndarray[float64,2]") -> "ndarray[float64,2]":
    """Standardize each column to mean 0 and standard deviation 1."""
    mu = np.mean(m, axis=0)
    sd = np.std(m, axis=0)
    return (m - mu) / sd


def minmax_rows(m: "ndarray[float64,2]") -> "ndarray[float64,2]":
    """Scale each row to the range [0, 1]."""
    lo = np.min(m, axis=1)
    hi = np.max(m, axis=1)
    return (m - lo[:, None]) / (hi - lo)[:, None]


def cosine_matrix(a: "ndarray[float64,2]") -> "ndarray[float64,2]":
    """Cosine similarity between every pair of rows."""
    norms = np.sqrt(np.sum(a * a, axis=1))
    unit = a / norms[:, None]
    return unit @ unit.T


def median_abs_deviation(x: "ndarray[float64,1]") -> float:
    """Median of the absolute deviations from the median: a robust spread."""
    med = np.median(x)
    return float(np.median(np.abs(x - med)))


def log_returns(prices: "ndarray[float64,1]") -> "ndarray[float64,1]":
    """Log of each price over the one before it."""
    return np.log(prices[1:] / prices[:-1])


def softplus(x: "ndarray[float64,1]") -> "ndarray[float64,1]":
    """log(1 + exp(x)) elementwise, stable for large x."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def clipped_rms(x: "ndarray[float64,1]", limit: float) -> float:
    """Root mean square after clipping every sample to [-limit, limit]."""
    y = np.clip(x, -limit, limit)
    return math.sqrt(float(np.mean(y * y)))


def percentile_rank(x: "ndarray[float64,1]", v: float) -> float:
    """Fraction of samples at or below v."""
    return float(np.count_nonzero(x <= v)) / x.shape[0]


def outer_decay(n: int, rate: float) -> "ndarray[float64,2]":
    """exp(-rate * |i - j|) for i, j < n: a correlation matrix that decays with distance."""
    idx = np.arange(n).astype(np.float64)
    return np.exp(-rate * np.abs(idx[:, None] - idx[None, :]))
