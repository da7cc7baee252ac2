"""A bag-of-words text-embedding pipeline: tokenize, look up ids, mean-pool table rows, compare."""

import math

import numpy as np


def tokenize(text: str) -> list[str]:
    """Casefolded tokens: every non-alphanumeric character separates words."""
    chars: list[str] = []
    for ch in text.casefold():
        chars.append(ch if ch.isalnum() else " ")
    return "".join(chars).split()


def build_vocab(texts: list[str], min_count: int) -> dict[str, int]:
    """Ids 1, 2, ... for tokens seen at least min_count times, in order of first sight (0 = unknown)."""
    counts: dict[str, int] = {}
    for text in texts:
        for tok in tokenize(text):
            counts[tok] = counts.get(tok, 0) + 1
    vocab: dict[str, int] = {}
    for tok, c in counts.items():
        if c >= min_count:
            vocab[tok] = len(vocab) + 1
    return vocab


def lookup_ids(tokens: list[str], vocab: dict[str, int]) -> list[int]:
    """The id of each token; 0 for a token not in the vocabulary."""
    return [vocab.get(t, 0) for t in tokens]


def mean_pool(table: "ndarray[float64,2]", ids: list[int]) -> "ndarray[float64,1]":
    """Mean of the table rows selected by ids; a zero vector when ids is empty."""
    acc = np.zeros(table.shape[1])
    for i in ids:
        acc += table[i]
    if ids:
        acc /= float(len(ids))
    return acc


def l2_normalize(v: "ndarray[float64,1]") -> "ndarray[float64,1]":
    """v scaled to unit Euclidean length; a zero vector is returned as a copy."""
    norm = float(np.linalg.norm(v))
    if norm == 0.0:
        return v.copy()
    return v / norm


def cosine_similarity(a: "ndarray[float64,1]", b: "ndarray[float64,1]") -> float:
    """Cosine of the angle between a and b; 0.0 when either is a zero vector."""
    denom = float(np.linalg.norm(a)) * float(np.linalg.norm(b))
    if denom == 0.0:
        return 0.0
    return float(np.dot(a, b)) / denom


def embed(text: str, vocab: dict[str, int], table: "ndarray[float64,2]") -> "ndarray[float64,1]":
    """Unit-length mean embedding of a text's tokens."""
    return l2_normalize(mean_pool(table, lookup_ids(tokenize(text), vocab)))


def embed_and_compare(text_a: str, text_b: str, vocab: dict[str, int], table: "ndarray[float64,2]") -> float:
    """Cosine similarity of the embeddings of two texts."""
    return cosine_similarity(embed(text_a, vocab, table), embed(text_b, vocab, table))


def nearest_row(query: "ndarray[float64,1]", matrix: "ndarray[float64,2]") -> int:
    """Index of the row with the largest dot product with query; -1 for an empty matrix."""
    best = -1
    best_score = -math.inf
    for i, row in enumerate(matrix):
        score = float(np.dot(row, query))
        if score > best_score:
            best_score = score
            best = i
    return best


def top_k_similar(query: "ndarray[float64,1]", matrix: "ndarray[float64,2]", k: int) -> list[int]:
    """Indices of the k rows with the largest dot product with query, best first."""
    scores = matrix @ query
    order = np.argsort(-scores, kind="stable")
    return [int(j) for j in order[:k]]
