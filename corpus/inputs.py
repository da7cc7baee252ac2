"""Benchmark inputs for every corpus function: INPUTS["module.function"](n) returns its positional args.

n is the problem size: elements of a 1-d array or list, words of a text, rows of a matrix (2-d inputs
are n x n or n x DIM). bench_n(key) is the n a function is benchmarked at, chosen so
that CPython takes milliseconds. Inputs depend only on n: every maker draws from default_rng(SEED).
"""

import numpy as np

SEED = 20261126
DEFAULT_N = 10_000
DIM = 64  # embedding width
VOCAB_SIZE = 2000

# ASCII and non-ASCII words: casefold/lower/isalnum/len differ from byte-wise behaviour on these.
WORDS = [
    "the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "and", "of", "to", "in",
    "data", "kernel", "vector", "matrix", "python", "compiler", "library", "operator", "verify",
    "level", "radar", "noon", "stats", "listen", "silent", "enlist", "inlets", "tinsel", "evil", "vile",
    "Straße", "café", "naïve", "façade", "résumé", "ÉCOLE", "İstanbul", "Ελλάδα", "σοφία", "東京",
    "データ", "Köln", "Zürich", "ﬁnance", "Ångström", "x2", "42", "v1", "COVID-19", "e-mail",
]
SEPARATORS = [" ", " ", " ", ", ", ". ", "  ", "\n", "\t", " \u2014 ", "\u00a0", "; ", "! "]
KEYS = [f"key{i:02d}" for i in range(50)]


def _rng() -> np.random.Generator:
    return np.random.default_rng(SEED)


def _vec(n: int) -> np.ndarray:
    return _rng().standard_normal(n)


def _mat(rows: int, cols: int) -> np.ndarray:
    return _rng().standard_normal((rows, cols))


def _floats(n: int) -> list[float]:
    return [float(v) for v in _vec(n)]


def _ints(n: int, hi: int) -> list[int]:
    return [int(v) for v in _rng().integers(0, hi, n)]


def _words(n: int) -> list[str]:
    return [WORDS[i] for i in _rng().integers(0, len(WORDS), n)]


def _text(n: int) -> str:
    """n words with mixed separators, some wrapped in curly quotes."""
    rng = _rng()
    parts: list[str] = []
    for i, w in enumerate(_words(n)):
        if rng.random() < 0.05:
            w = f"\u201c{w}\u201d"
        parts.append(w)
        if i + 1 < n:
            parts.append(SEPARATORS[int(rng.integers(0, len(SEPARATORS)))])
    return "".join(parts)


def _lines(n: int) -> list[str]:
    return _text(n).splitlines()


def _palindrome(n: int) -> str:
    """A palindrome of about n characters once punctuation and case are ignored (a full scan)."""
    letters = "".join(str(c) for c in _rng().choice(list("abcdeéfgß"), n // 2))
    half = ", ".join(letters[i : i + 7] for i in range(0, len(letters), 7))
    return half.upper() + "!" + half[::-1]


def _runs(n: int) -> str:
    rng = _rng()
    return "".join(str(c) * int(k) for c, k in zip(rng.choice(list("abcxyzé "), n), rng.integers(1, 6, n)))


def _rle(n: int) -> str:
    s = _runs(n)
    parts: list[str] = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        parts.append(f"{j - i}{s[i]}")
        i = j
    return "".join(parts)


def _prefixed(n: int) -> list[str]:
    return ["internationaliz" + w for w in _words(n)]


def _records(n: int) -> list[str]:
    rng = _rng()
    lines: list[str] = []
    for i in range(n):
        r = rng.random()
        if r < 0.05:
            lines.append("   ")
        elif r < 0.1:
            lines.append(f"# comment {i}")
        else:
            lines.append(f" {KEYS[i % len(KEYS)]} ,{rng.standard_normal():.6f}\n")
    return lines


def _with_nans(n: int) -> list[float]:
    rng = _rng()
    return [float("nan") if rng.random() < 0.2 else float(v) for v in rng.standard_normal(n)]


def _vocab() -> dict[str, int]:
    """WORDS casefolded, then synthetic words, ids from 1 (0 is the unknown token)."""
    rng = _rng()
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "qu"]
    vocab: dict[str, int] = {}
    for w in WORDS + ["".join(rng.choice(syllables, 3)) + str(i) for i in range(VOCAB_SIZE)]:
        if w.casefold() not in vocab:
            vocab[w.casefold()] = len(vocab) + 1
    return vocab


def _table() -> np.ndarray:
    return _mat(len(_vocab()) + 1, DIM)


def _vocab_text(n: int, seed_offset: int) -> str:
    """n tokens drawn from the vocabulary, about 10% unknown."""
    rng = np.random.default_rng(SEED + seed_offset)
    words = list(_vocab())
    toks = [words[int(i)] if rng.random() < 0.9 else "zzunknown" for i in rng.integers(0, len(words), n)]
    return " ".join(toks)


INPUTS = {
    "numeric_kernels.stencil_3pt": lambda n: (_vec(n),),
    "numeric_kernels.jacobi_step": lambda n: (_mat(n, n),),
    "numeric_kernels.prefix_sum": lambda n: (_floats(n),),
    "numeric_kernels.dot_loop": lambda n: (_vec(n), _vec(n) * 0.5 + 1.0),
    "numeric_kernels.matvec_loop": lambda n: (_mat(n, n), _vec(n)),
    "numeric_kernels.horner": lambda n: (_floats(n), 0.999),
    "numeric_kernels.trapezoid": lambda n: (np.sin(np.linspace(0.0, np.pi, n)), np.pi / max(n - 1, 1)),
    "numeric_kernels.mean_variance": lambda n: (_floats(n),),
    "numeric_kernels.euclidean": lambda n: (_floats(n), [v * 0.5 for v in _floats(n)]),
    "numeric_kernels.manhattan": lambda n: (_vec(n), _vec(n)[::-1].copy()),
    "numeric_kernels.cosine_distance": lambda n: (_vec(n), _vec(n)[::-1].copy()),
    "numeric_kernels.pairwise_distances": lambda n: (_mat(n, 16),),
    "numeric_kernels.softmax": lambda n: (_vec(n) * 3.0,),
    "numeric_kernels.logsumexp": lambda n: (_vec(n) * 3.0,),
    "numeric_kernels.minmax_normalize": lambda n: (_vec(n),),
    "numeric_kernels.zscore": lambda n: (_vec(n),),
    "numeric_kernels.moving_average": lambda n: (_floats(n), 16),
    "numeric_kernels.histogram_counts": lambda n: (_floats(n), -3.0, 3.0, 32),
    "numeric_kernels.mandelbrot_counts": lambda n: (n, n, 50),
    "text.tokenize_words": lambda n: (_text(n),),
    "text.word_counts": lambda n: (_text(n),),
    "text.clean_text": lambda n: (_text(n),),
    "text.is_palindrome": lambda n: (_palindrome(n),),
    "text.caesar_shift": lambda n: (_text(n), 3),
    "text.count_vowels": lambda n: (_text(n),),
    "text.title_case": lambda n: (_text(n),),
    "text.longest_common_prefix": lambda n: (_prefixed(n),),
    "text.run_length_encode": lambda n: (_runs(n),),
    "text.run_length_decode": lambda n: (_rle(n),),
    "text.char_ngrams": lambda n: (_text(n), 3),
    "text.line_word_char_counts": lambda n: (_text(n),),
    "text.reverse_words": lambda n: (_text(n),),
    "text.group_anagrams": lambda n: (_words(n),),
    "text.acronym": lambda n: (_text(n),),
    "wrangling.group_sum": lambda n: ([KEYS[i] for i in _ints(n, len(KEYS))], _floats(n)),
    "wrangling.count_by_key": lambda n: ([KEYS[i] for i in _ints(n, len(KEYS))],),
    "wrangling.top_k": lambda n: (_ints(n, 1_000_000), 10),
    "wrangling.dedupe": lambda n: (_words(n),),
    "wrangling.merge_sorted": lambda n: (sorted(_ints(n, 10 * n)), sorted(_ints(n + 1, 10 * n))),
    "wrangling.invert_mapping": lambda n: ({f"item{i}": v for i, v in enumerate(_ints(n, max(n // 10, 1)))},),
    "wrangling.filter_in_range": lambda n: (_floats(n), -0.5, 1.5),
    "wrangling.running_max": lambda n: (_ints(n, 1_000_000),),
    "wrangling.clamp_values": lambda n: (_floats(n), -1.0, 1.0),
    "wrangling.bucketize": lambda n: (_floats(n), [float(e) for e in np.linspace(-3.0, 3.0, 33)]),
    "wrangling.pivot_totals": lambda n: (
        [KEYS[i] for i in _ints(n, 20)],
        [f"m{i:02d}" for i in _ints(n + 1, 12)][1:],
        _floats(n),
    ),
    "wrangling.chunk_sums": lambda n: (_ints(n, 1000), 16),
    "wrangling.parse_records": lambda n: (_records(n),),
    "wrangling.weighted_mean_by_key": lambda n: (
        [KEYS[i] for i in _ints(n, len(KEYS))],
        _floats(n),
        [abs(v) for v in _floats(n + 1)][1:],
    ),
    "wrangling.fill_forward": lambda n: (_with_nans(n),),
    "embedding.tokenize": lambda n: (_text(n),),
    "embedding.build_vocab": lambda n: (_lines(n), 2),
    "embedding.lookup_ids": lambda n: (_vocab_text(n, 1).split(), _vocab()),
    "embedding.mean_pool": lambda n: (_table(), [int(i) for i in _rng().integers(0, len(_vocab()) + 1, n)]),
    "embedding.l2_normalize": lambda n: (_vec(n),),
    "embedding.cosine_similarity": lambda n: (_vec(n), _vec(n)[::-1].copy()),
    "embedding.embed": lambda n: (_vocab_text(n, 1), _vocab(), _table()),
    "embedding.embed_and_compare": lambda n: (_vocab_text(n, 1), _vocab_text(n, 2), _vocab(), _table()),
    "embedding.nearest_row": lambda n: (_vec(DIM), _mat(n, DIM)),
    "embedding.top_k_similar": lambda n: (_vec(DIM), _mat(n, DIM), 10),
}

# The n each function is benchmarked at, about 1-10 ms in CPython; DEFAULT_N unless listed.
BENCH_N = {
    "numeric_kernels.jacobi_step": 100,
    "numeric_kernels.matvec_loop": 200,
    "numeric_kernels.pairwise_distances": 500,
    "numeric_kernels.mandelbrot_counts": 64,
    "text.caesar_shift": 2000,
    "text.char_ngrams": 2000,
    "embedding.embed": 1000,
    "embedding.embed_and_compare": 1000,
    "embedding.nearest_row": 1000,
}
CHEAP_LOOPS = [
    "numeric_kernels.prefix_sum", "numeric_kernels.horner", "numeric_kernels.mean_variance",
    "numeric_kernels.euclidean", "wrangling.dedupe", "wrangling.chunk_sums", "wrangling.filter_in_range",
    "wrangling.fill_forward",
]
VECTORIZED = [
    "numeric_kernels.manhattan", "numeric_kernels.cosine_distance", "numeric_kernels.softmax",
    "numeric_kernels.logsumexp", "numeric_kernels.minmax_normalize", "numeric_kernels.zscore",
    "embedding.l2_normalize", "embedding.cosine_similarity",
]
BENCH_N.update({key: 100_000 for key in CHEAP_LOOPS})
BENCH_N.update({key: 1_000_000 for key in VECTORIZED})


def bench_n(key: str) -> int:
    """The size a function is benchmarked at."""
    return BENCH_N.get(key, DEFAULT_N)
