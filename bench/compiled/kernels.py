"""Loop kernels for bench_compiled.py: pure Python control flow over ints and floats."""


def tri(n: int) -> int:
    """Sum of 0..n-1 without the multiples of 3 above 0."""
    total = 0
    for i in range(n):
        if i % 3 == 0 and i > 0:
            continue
        total += i
    return total


def collatz_total(n: int) -> int:
    """Total Collatz steps of 1..n."""
    total = 0
    for start in range(1, n + 1):
        k = start
        while k != 1:
            k = k // 2 if k % 2 == 0 else 3 * k + 1
            total += 1
    return total


def count_primes(n: int) -> int:
    """Primes below n by trial division."""
    count = 0
    for k in range(2, n):
        d = 2
        prime = True
        while d * d <= k:
            if k % d == 0:
                prime = False
                break
            d += 1
        if prime:
            count += 1
    return count


def leibniz_pi(n: int) -> float:
    """Partial sum of the Leibniz series times 4."""
    total = 0.0
    sign = 1.0
    for k in range(n):
        total += sign / (2.0 * float(k) + 1.0)
        sign = -sign
    return 4.0 * total


def gcd_sum(n: int) -> int:
    """Sum of gcd(i, n - i) by Euclid's loop."""
    total = 0
    for i in range(1, n):
        a = i
        b = n - i
        while b != 0:
            a, b = b, a % b
        total += a
    return total
