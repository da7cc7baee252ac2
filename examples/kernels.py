"""Functions for the README's compile commands: annotated, as the compiler reads them."""


def tri(n: int) -> int:
    """The n-th triangular number, by a loop."""
    total = 0
    for i in range(n + 1):
        total += i
    return total


def clipped_mean(xs: list[float], lo: float, hi: float) -> float:
    """The mean of xs with every value clipped into [lo, hi]; 0.0 for no values."""
    if len(xs) == 0:
        return 0.0
    s = 0.0
    for x in xs:
        s += min(max(x, lo), hi)
    return s / len(xs)
