"""Is a compiled function's result CPython's? Shared by the compiled-corpus test and the benchmarks.

Everything but floats must be equal, with the same types (a list is not a tuple, an int64 array not a
float64 one, dict order counts). Floats (scalars and array elements) may differ by
atol + rtol * |expected|, as numpy.isclose, because operators declared `ulp` or `reduction` sum in
another order than numpy; NaN equals NaN, and infinities and the sign of zero must match.
"""

import math

import numpy as np

RTOL = 1e-9
ATOL = 1e-12


def tolerance_of(options):
    """(rtol, atol) from a verify option list that says --tolerance close:R,A; else the defaults."""
    for flag, value in zip(options, options[1:]):
        if flag == "--tolerance" and value.startswith("close:"):
            rtol, atol = value[len("close:"):].split(",")
            return float(rtol), float(atol)
    return RTOL, ATOL


def _float_same(e, g, rtol, atol):
    if math.isnan(e) or math.isnan(g):
        return math.isnan(e) and math.isnan(g)
    if math.isinf(e) or math.isinf(g) or (e == 0.0 and g == 0.0):
        return e == g and math.copysign(1.0, e) == math.copysign(1.0, g)
    return abs(e - g) <= atol + rtol * abs(e)


def difference(expected, got, rtol=RTOL, atol=ATOL, where="result"):
    """None when got is expected's value; else a sentence saying where they differ."""
    if type(expected) is not type(got):
        return f"{where}: expected a {type(expected).__name__}, got a {type(got).__name__}"
    if isinstance(expected, np.ndarray):
        if expected.dtype != got.dtype or expected.shape != got.shape:
            return f"{where}: expected {expected.dtype}{expected.shape}, got {got.dtype}{got.shape}"
        if expected.dtype.kind != "f":
            return None if np.array_equal(expected, got) else f"{where}: arrays differ"
        for index, (e, g) in enumerate(zip(expected.ravel().tolist(), got.ravel().tolist())):
            if not _float_same(e, g, rtol, atol):
                return f"{where}: element {np.unravel_index(index, expected.shape)}: expected {e!r}, got {g!r}"
        return None
    if isinstance(expected, (float, np.floating)):
        return None if _float_same(float(expected), float(got), rtol, atol) else f"{where}: expected {expected!r}, got {got!r}"
    if isinstance(expected, (list, tuple)):
        if len(expected) != len(got):
            return f"{where}: expected {len(expected)} items, got {len(got)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            if (d := difference(e, g, rtol, atol, f"{where}[{i}]")) is not None:
                return d
        return None
    if isinstance(expected, dict):
        if list(expected) != list(got):
            return f"{where}: keys differ (or their order): expected {list(expected)[:5]}, got {list(got)[:5]}"
        for k in expected:
            if (d := difference(expected[k], got[k], rtol, atol, f"{where}[{k!r}]")) is not None:
                return d
        return None
    return None if expected == got else f"{where}: expected {expected!r}, got {got!r}"
