"""Unannotated functions in the style of everyday numpy/python code, written before the typing pass to
measure it (bench_typing.py compiles each from --sig alone); tests/cli/test_compile_typing.cpp reuses
three of them (halve_until_small, poly_eval, mean_abs_dev)."""
import math

import numpy as np


def mean_abs_dev(xs):
    total = 0
    for x in xs:
        total += x
    mean = total / len(xs)
    dev = 0
    for x in xs:
        dev += abs(x - mean)
    return dev / len(xs)


def word_counts(text):
    counts = {}
    for w in text.lower().split():
        counts[w] = counts.get(w, 0) + 1
    return counts


def relu(x):
    return np.maximum(x, 0)


def relu_both(img, mat):
    a = relu(img)
    b = relu(mat)
    return a.sum() + b.sum()


def normalize(v):
    n = np.linalg.norm(v)
    if n == 0:
        return v
    return v / n


def running_max(xs):
    out = []
    best = xs[0]
    for x in xs:
        if x > best:
            best = x
        out.append(best)
    return out


def softmax(x):
    e = np.exp(x - np.max(x))
    return e / e.sum()


def poly_eval(coeffs, x):
    result = 0
    for c in coeffs:
        result = result * x + c
    return result


def count_outside(a, lo, hi):
    count = 0
    for v in a:
        if v < lo or v > hi:
            count += 1
    return count


def mean(xs):
    return sum(xs) / len(xs)


def sample_variance(a):
    m = a.mean()
    s = 0.0
    for v in a:
        s += (v - m) ** 2
    return s / (len(a) - 1)


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def moving_average(x, w):
    out = np.zeros(len(x) - w + 1)
    for i in range(len(out)):
        out[i] = x[i:i + w].mean()
    return out


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def argmax_loop(xs):
    best_i = 0
    best = xs[0]
    for i, x in enumerate(xs):
        if x > best:
            best = x
            best_i = i
    return best_i


def halve_until_small(x):
    steps = 0
    while x > 1:
        x = x / 2
        steps += 1
    return steps


def rms(a):
    return math.sqrt(np.mean(a * a))


def threshold(x, t):
    return np.where(x > t, x, 0.0)
