"""Data wrangling over lists and dicts: group-by, top-k, dedupe, merge, joins, bucketing, parsing."""

import math


def group_sum(keys: list[str], values: list[float]) -> dict[str, float]:
    """Sum of the values per key over two parallel lists, keys in order of first occurrence."""
    totals: dict[str, float] = {}
    for k, v in zip(keys, values):
        totals[k] = totals.get(k, 0.0) + v
    return totals


def count_by_key(keys: list[str]) -> dict[str, int]:
    """Number of occurrences of each key."""
    counts: dict[str, int] = {}
    for k in keys:
        if k in counts:
            counts[k] += 1
        else:
            counts[k] = 1
    return counts


def top_k(values: list[int], k: int) -> list[int]:
    """The k largest values, largest first."""
    ordered = sorted(values, reverse=True)
    return ordered[:k]


def dedupe(items: list[str]) -> list[str]:
    """Items without repeats, keeping the first occurrence of each (a dict serves as the seen-set)."""
    seen: dict[str, bool] = {}
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen[item] = True
            out.append(item)
    return out


def merge_sorted(a: list[int], b: list[int]) -> list[int]:
    """Merge two ascending lists into one ascending list (stable: ties take from `a` first)."""
    out: list[int] = []
    i = 0
    j = 0
    while i < len(a) and j < len(b):
        if b[j] < a[i]:
            out.append(b[j])
            j += 1
        else:
            out.append(a[i])
            i += 1
    out.extend(a[i:])
    out.extend(b[j:])
    return out


def invert_mapping(d: dict[str, int]) -> dict[int, list[str]]:
    """For each value, the keys that map to it, in insertion order."""
    inv: dict[int, list[str]] = {}
    for key, value in d.items():
        if value in inv:
            inv[value].append(key)
        else:
            inv[value] = [key]
    return inv


def filter_in_range(xs: list[float], lo: float, hi: float) -> list[float]:
    """Values within [lo, hi], in order."""
    return [x for x in xs if lo <= x <= hi]


def running_max(xs: list[int]) -> list[int]:
    """Maximum of each prefix of the list."""
    out: list[int] = []
    for i, x in enumerate(xs):
        if i == 0 or x > out[i - 1]:
            out.append(x)
        else:
            out.append(out[i - 1])
    return out


def clamp_values(xs: list[float], lo: float, hi: float) -> list[float]:
    """Each value limited to [lo, hi]."""
    return [min(max(x, lo), hi) for x in xs]


def bucketize(xs: list[float], edges: list[float]) -> list[int]:
    """For each value, the number of ascending bucket edges <= it (binary search, like bisect_right)."""
    out: list[int] = []
    for x in xs:
        lo = 0
        hi = len(edges)
        while lo < hi:
            mid = (lo + hi) // 2
            if edges[mid] <= x:
                lo = mid + 1
            else:
                hi = mid
        out.append(lo)
    return out


def pivot_totals(rows: list[str], cols: list[str], values: list[float]) -> dict[str, float]:
    """Sum of values per (row, column) cell of a pivot table, keyed 'row|col'."""
    cells: dict[str, float] = {}
    for i in range(len(values)):
        key = f"{rows[i]}|{cols[i]}"
        cells[key] = cells.get(key, 0.0) + values[i]
    return cells


def chunk_sums(xs: list[int], size: int) -> list[int]:
    """Sums of consecutive chunks of `size` values; the last chunk may be shorter."""
    return [sum(xs[i : i + size]) for i in range(0, len(xs), size)]


def parse_records(lines: list[str]) -> dict[str, float]:
    """Parse 'name,value' lines into a dict, skipping blank lines and '#' comments; later lines win."""
    out: dict[str, float] = {}
    for line in lines:
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        name, _, value = s.partition(",")
        out[name.strip()] = float(value)
    return out


def weighted_mean_by_key(keys: list[str], values: list[float], weights: list[float]) -> dict[str, float]:
    """Weighted mean of the values per key; keys whose weights sum to zero are left out."""
    num: dict[str, float] = {}
    den: dict[str, float] = {}
    for k, v, w in zip(keys, values, weights):
        num[k] = num.get(k, 0.0) + v * w
        den[k] = den.get(k, 0.0) + w
    return {k: total / den[k] for k, total in num.items() if den[k] != 0.0}


def fill_forward(xs: list[float]) -> list[float]:
    """Replace each NaN with the last non-NaN value before it (leading NaNs stay)."""
    out: list[float] = []
    last = math.nan
    for x in xs:
        if math.isnan(x):
            out.append(last)
        else:
            out.append(x)
            last = x
    return out
