"""Image and signal processing: blurs, gradients, histograms, thresholds, running filters, resampling."""

import math

import numpy as np


def box_blur(img, r):
    """Mean over the (2r+1)^2 window around each interior pixel; the border is copied."""
    h, w = img.shape
    out = img.copy()
    for i in range(r, h - r):
        for j in range(r, w - r):
            out[i, j] = img[i - r:i + r + 1, j - r:j + r + 1].mean()
    return out


def sobel_magnitude(img):
    """Gradient magnitude from the 3x3 Sobel operators written as shifted slices."""
    gx = (img[:-2, 2:] + 2.0 * img[1:-1, 2:] + img[2:, 2:]) - (img[:-2, :-2] + 2.0 * img[1:-1, :-2] + img[2:, :-2])
    gy = (img[2:, :-2] + 2.0 * img[2:, 1:-1] + img[2:, 2:]) - (img[:-2, :-2] + 2.0 * img[:-2, 1:-1] + img[:-2, 2:])
    mag = np.zeros(img.shape)
    mag[1:-1, 1:-1] = np.sqrt(gx * gx + gy * gy)
    return mag


def histogram_loops(x, lo, hi, bins):
    """Counts of x in bins equal-width bins over [lo, hi]; values outside are dropped."""
    counts = np.zeros(bins, dtype=np.int64)
    width = (hi - lo) / bins
    for i in range(x.shape[0]):
        v = x[i]
        if v < lo or v > hi:
            continue
        k = int((v - lo) / width)
        if k == bins:
            k = bins - 1
        counts[k] += 1
    return counts


def threshold_binary(img, t):
    """Binary image of the pixels above t (int64) and the mean of those pixels."""
    mask = img > t
    binary = mask.astype(np.int64)
    bright = img[mask]
    mean_bright = bright.mean() if bright.size > 0 else 0.0
    return binary, mean_bright


def soft_threshold(x, lam):
    """Shrink every value toward zero by lam (the lasso proximal step) with np.where."""
    return np.where(np.abs(x) > lam, x - lam * np.sign(x), 0.0)


def moving_average(x, w):
    """Trailing moving average of window w from a cumulative sum with a leading zero."""
    c = np.concatenate((np.zeros(1), np.cumsum(x)))
    return (c[w:] - c[:-w]) / w


def autocorrelation(x, max_lag):
    """Normalized autocorrelation of a signal for lags 0..max_lag."""
    y = x - x.mean()
    n = y.shape[0]
    denom = np.dot(y, y)
    out = np.empty(max_lag + 1)
    for k in range(max_lag + 1):
        out[k] = np.dot(y[:n - k], y[k:]) / denom
    return out


def resample_linear(y, m):
    """Resample a uniformly spaced signal to m points by linear interpolation."""
    n = y.shape[0]
    out = np.empty(m)
    scale = (n - 1) / (m - 1)
    for i in range(m):
        t = i * scale
        j = int(t)
        if j >= n - 1:
            j = n - 2
        frac = t - j
        out[i] = (1.0 - frac) * y[j] + frac * y[j + 1]
    return out


def minmax_inplace(img):
    """Stretch an image to [0, 1] in place; a flat image becomes all zeros."""
    lo = img.min()
    hi = img.max()
    img -= lo
    if hi > lo:
        img /= hi - lo


def integral_image(img):
    """Summed-area table with a zero first row and column, filled by the recurrence."""
    h, w = img.shape
    s = np.zeros((h + 1, w + 1))
    for i in range(h):
        for j in range(w):
            s[i + 1, j + 1] = img[i, j] + s[i, j + 1] + s[i + 1, j] - s[i, j]
    return s


def box_sums(img, r):
    """Sum over each (2r+1)^2 window, clipped at the borders, from a cumsum-built integral image."""
    h, w = img.shape
    s = np.zeros((h + 1, w + 1))
    s[1:, 1:] = np.cumsum(np.cumsum(img, axis=0), axis=1)
    out = np.empty_like(img)
    for i in range(h):
        i0, i1 = max(i - r, 0), min(i + r + 1, h)
        for j in range(w):
            j0, j1 = max(j - r, 0), min(j + r + 1, w)
            out[i, j] = s[i1, j1] - s[i0, j1] - s[i1, j0] + s[i0, j0]
    return out


def ema(x, alpha):
    """Exponential moving average, seeded with the first sample."""
    y = np.empty_like(x)
    acc = x[0]
    for i in range(x.shape[0]):
        acc = alpha * x[i] + (1.0 - alpha) * acc
        y[i] = acc
    return y


def max_drawdown(prices):
    """Largest peak-to-trough fall of a price series, as a fraction of the peak."""
    peak = prices[0]
    worst = 0.0
    for p in prices:
        if p > peak:
            peak = p
        dd = (peak - p) / peak
        if dd > worst:
            worst = dd
    return worst


def gaussian_blur(img, sigma, radius):
    """Separable Gaussian blur, rows then columns, accumulating shifted slices; edges stay unblurred."""
    offsets = np.arange(-radius, radius + 1)
    k = np.exp(-offsets.astype(np.float64) ** 2 / (2.0 * sigma * sigma))
    k /= k.sum()
    h, w = img.shape
    tmp = img.copy()
    tmp[:, radius:w - radius] = 0.0
    for t in range(2 * radius + 1):
        tmp[:, radius:w - radius] += k[t] * img[:, t:w - 2 * radius + t]
    out = tmp.copy()
    out[radius:h - radius, :] = 0.0
    for t in range(2 * radius + 1):
        out[radius:h - radius, :] += k[t] * tmp[t:h - 2 * radius + t, :]
    return out


def zero_crossing_rate(x):
    """Fraction of consecutive samples whose product is negative."""
    crossings = 0
    for i in range(1, x.shape[0]):
        if x[i - 1] * x[i] < 0.0:
            crossings += 1
    return crossings / np.float64(x.shape[0] - 1)


def quantize(img, levels):
    """Quantize values in [0, 1] to int64 levels 0..levels-1 and report how many were clipped."""
    q = np.floor(img * levels).astype(np.int64)
    clipped = np.sum(q < 0) + np.sum(q >= levels)
    q = np.clip(q, 0, levels - 1)
    return q, clipped


def rgb_to_gray(rgb):
    """Luma of an (H, W, 3) image with the Rec. 601 weights, through Ellipsis indexing."""
    return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]


def zscore_columns(x):
    """Standardize each column to zero mean and unit standard deviation, in place."""
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    x -= mean
    x /= std
    return x


def histogram_equalize(img, bins):
    """Maps each pixel through the normalized cumulative histogram of the image (np.histogram)."""
    counts, edges = np.histogram(img, bins)
    cdf = np.cumsum(counts) / (img.shape[0] * img.shape[1])
    idx = ((img - edges[0]) / (edges[-1] - edges[0]) * bins).astype(np.int64)
    idx = np.clip(idx, 0, bins - 1)
    return cdf[idx]


def upsample_nearest(img, k):
    """Nearest-neighbour upsampling by k along both axes with np.repeat."""
    return np.repeat(np.repeat(img, k, axis=0), k, axis=1)


def checkerboard(img):
    """Zeroes every other pixel in a checkerboard pattern built from np.mgrid."""
    yy, xx = np.mgrid[0:img.shape[0], 0:img.shape[1]]
    return img * ((yy + xx) % 2)


def level_counts(img, levels):
    """Counts the pixels of an int image in equal bins over its range and in fixed edges (np.histogram)."""
    counts, edges = np.histogram(img, levels)
    fixed, _ = np.histogram(img.ravel().astype(np.float64), np.array([0.0, 64.0, 128.0, 192.0, 256.0]))
    return counts, edges, fixed
