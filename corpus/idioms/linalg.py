"""Dense and triangular linear algebra written the way Numba and Pythran users write it: loops, row slices, outer products."""

import math

import numpy as np


def forward_substitution(L, b):
    """Solve L x = b for lower-triangular L, one row at a time with a slice dot product."""
    x = np.zeros_like(b)
    for i in range(L.shape[0]):
        x[i] = (b[i] - np.dot(L[i, :i], x[:i])) / L[i, i]
    return x


def back_substitution(U, b):
    """Solve U x = b for upper-triangular U, from the last row up."""
    n = b.shape[0]
    x = np.empty_like(b)
    for i in range(n - 1, -1, -1):
        s = b[i]
        for j in range(i + 1, n):
            s -= U[i, j] * x[j]
        x[i] = s / U[i, i]
    return x


def lu_inplace(A):
    """LU factorization without pivoting, in place: L below the diagonal (unit), U on and above it."""
    n = A.shape[0]
    for k in range(n - 1):
        A[k + 1:, k] /= A[k, k]
        A[k + 1:, k + 1:] -= np.outer(A[k + 1:, k], A[k, k + 1:])
    return A


def cholesky_loops(A):
    """Cholesky factor L (A = L L^T) of a symmetric positive definite matrix by three loops."""
    n = A.shape[0]
    L = np.zeros_like(A)
    for j in range(n):
        s = 0.0
        for k in range(j):
            s += L[j, k] * L[j, k]
        L[j, j] = math.sqrt(A[j, j] - s)
        for i in range(j + 1, n):
            t = 0.0
            for k in range(j):
                t += L[i, k] * L[j, k]
            L[i, j] = (A[i, j] - t) / L[j, j]
    return L


def gram_schmidt(A):
    """Thin QR of a tall matrix by modified Gram-Schmidt on its columns."""
    m, n = A.shape
    Q = A.copy()
    R = np.zeros((n, n), dtype=np.float64)
    for j in range(n):
        for i in range(j):
            R[i, j] = Q[:, i] @ Q[:, j]
            Q[:, j] -= R[i, j] * Q[:, i]
        R[j, j] = np.sqrt(np.sum(Q[:, j] ** 2))
        Q[:, j] = Q[:, j] / R[j, j]
    return Q, R


def power_iteration(A, iters):
    """Dominant eigenvalue and eigenvector by repeated multiplication and normalization."""
    v = np.ones(A.shape[0]) / math.sqrt(A.shape[0])
    lam = 0.0
    for _ in range(iters):
        w = A @ v
        lam = v @ w
        v = w / np.linalg.norm(w)
    return lam, v


def lower_matvec(A, x):
    """y = tril(A) x using the row slices A[i, :i + 1] @ x[:i + 1]."""
    n = x.shape[0]
    y = np.empty(n)
    for i in range(n):
        y[i] = A[i, :i + 1] @ x[:i + 1]
    return y


def upper_solve_many(U, B):
    """Solve U X = B for many right-hand sides, a whole row of X per step."""
    n = U.shape[0]
    X = np.zeros_like(B)
    for i in range(n - 1, -1, -1):
        X[i, :] = (B[i, :] - U[i, i + 1:] @ X[i + 1:, :]) / U[i, i]
    return X


def householder_apply(A, v):
    """Apply the reflector H = I - 2 v v^T / (v^T v) to A from the left, in place."""
    beta = 2.0 / (v @ v)
    A -= beta * np.outer(v, v @ A)


def symmetric_rank1_update(A, x, alpha):
    """A += alpha x x^T on the lower triangle only, then mirror it (BLAS syr by hand)."""
    n = A.shape[0]
    for i in range(n):
        for j in range(i + 1):
            A[i, j] += alpha * x[i] * x[j]
    for i in range(n):
        for j in range(i + 1, n):
            A[i, j] = A[j, i]
    return A


def jacobi_iteration(A, b, iters):
    """Jacobi iterations x <- (b - (A - D) x) / D for a diagonally dominant system."""
    d = np.diag(A)
    x = np.zeros_like(b)
    for _ in range(iters):
        x = (b - (A @ x - d * x)) / d
    return x


def gauss_seidel(A, b, sweeps):
    """Gauss-Seidel sweeps, the old and new parts of each row as two slice products."""
    n = b.shape[0]
    x = np.zeros(n)
    for _ in range(sweeps):
        for i in range(n):
            x[i] = (b[i] - A[i, :i] @ x[:i] - A[i, i + 1:] @ x[i + 1:]) / A[i, i]
    return x


def matmul_loops(A, B):
    """C = A B with the i-k-j loop order, accumulating into C in place."""
    n, p = A.shape
    m = B.shape[1]
    C = np.zeros((n, m), dtype=np.float64)
    for i in range(n):
        for k in range(p):
            a = A[i, k]
            for j in range(m):
                C[i, j] += a * B[k, j]
    return C


def conjugate_gradient(A, b, iters, tol):
    """Conjugate gradient for a symmetric positive definite system, stopping at a residual norm."""
    x = np.zeros_like(b)
    r = b - A @ x
    p = r.copy()
    rs = r @ r
    for _ in range(iters):
        Ap = A @ p
        alpha = rs / (p @ Ap)
        x += alpha * p
        r -= alpha * Ap
        rs_new = r @ r
        if math.sqrt(rs_new) < tol:
            break
        p = r + (rs_new / rs) * p
        rs = rs_new
    return x


def walk_counts(M, k):
    """Number of walks of length k between nodes: the k-th power of an int64 adjacency matrix."""
    n = M.shape[0]
    P = np.eye(n, dtype=np.int64)
    for _ in range(k):
        P = P @ M
    return P


def normalize_columns(A):
    """Scale each column to unit Euclidean norm, in place, leaving zero columns alone."""
    norms = np.sqrt((A * A).sum(axis=0))
    for j in range(A.shape[1]):
        if norms[j] > 0.0:
            A[:, j] /= norms[j]
    return norms


def ridge_normal_equations(X, y, lam):
    """Ridge regression weights from the normal equations with lam * np.identity on the diagonal."""
    A = np.concatenate((X.T @ X, X.T @ y[:, None]), axis=1)
    return np.linalg.solve(A[:, :-1] + lam * np.identity(X.shape[1]), A[:, -1])


def cholesky_solve(A, b):
    """Solves A x = b for symmetric positive definite A with np.linalg.cholesky and two triangular sweeps."""
    L = np.linalg.cholesky(A)
    n = b.shape[0]
    y = np.zeros(n)
    for i in range(n):
        y[i] = (b[i] - L[i, :i] @ y[:i]) / L[i, i]
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (y[i] - L[i + 1:, i] @ x[i + 1:]) / L[i, i]
    return x
