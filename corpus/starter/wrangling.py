"""Starter corpus for `opsynth grow`: record wrangling over lists and dicts, as small ETL scripts do."""


def totals_by_key(keys: list[str], amounts: list[float]) -> dict[str, float]:
    """Sum of amounts per key, keys in first-seen order."""
    out: dict[str, float] = {}
    for i in range(len(keys)):
        out[keys[i]] = out.get(keys[i], 0.0) + amounts[i]
    return out


def top_keys(counts: dict[str, int], k: int) -> list[str]:
    """The k keys with the largest counts, ties by key."""
    pairs = sorted([(-c, key) for key, c in counts.items()])
    return [key for _, key in pairs[:k]]


def fill_gaps(xs: list[float], missing: float) -> list[float]:
    """Replace each `missing` marker by the last value seen (the first ones by 0.0)."""
    out: list[float] = []
    last = 0.0
    for v in xs:
        if v != missing:
            last = v
        out.append(last)
    return out


def split_even_odd(xs: list[int]) -> tuple[list[int], list[int]]:
    """Even and odd values, each in input order."""
    even = [x for x in xs if x % 2 == 0]
    odd = [x for x in xs if x % 2 != 0]
    return even, odd


def histogram_counts(xs: list[int], lo: int, hi: int) -> list[int]:
    """Count of each integer in [lo, hi]; values outside are ignored."""
    counts = [0] * (hi - lo + 1)
    for x in xs:
        if lo <= x <= hi:
            counts[x - lo] += 1
    return counts


def dedupe_keep_last(xs: list[str]) -> list[str]:
    """Distinct values, each at the position of its last occurrence."""
    last: dict[str, int] = {}
    for i in range(len(xs)):
        last[xs[i]] = i
    return [xs[i] for i in range(len(xs)) if last[xs[i]] == i]


def rank_scores(scores: list[float]) -> list[int]:
    """1-based rank of each score, highest first, ties by position."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    ranks = [0] * len(scores)
    for r in range(len(order)):
        ranks[order[r]] = r + 1
    return ranks


def merge_counts(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    """Counts of both dicts added key by key."""
    out = a.copy()
    for key, n in b.items():
        out[key] = out.get(key, 0) + n
    return out
