"""Stencils on 1-d, 2-d and 3-d grids: heat and wave time stepping, Laplacians, relaxation, Game of Life."""

import math

import numpy as np


def heat_1d(u, alpha, steps):
    """Explicit heat equation steps on a rod with fixed ends, updating u in place."""
    for _ in range(steps):
        u[1:-1] = u[1:-1] + alpha * (u[2:] - 2.0 * u[1:-1] + u[:-2])
    return u


def jacobi_2d(u, steps):
    """Jacobi relaxation of Laplace's equation, interior replaced by the 4-neighbour mean, in place."""
    for _ in range(steps):
        u[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])


def laplacian_2d(u, h):
    """Five-point Laplacian of a grid, zero on the boundary."""
    lap = np.zeros_like(u)
    lap[1:-1, 1:-1] = (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * u[1:-1, 1:-1]) / (h * h)
    return lap


def laplacian_3d_loops(u):
    """Seven-point Laplacian of a 3-d grid by three nested loops over the interior."""
    nx, ny, nz = u.shape
    out = np.zeros((nx, ny, nz))
    for i in range(1, nx - 1):
        for j in range(1, ny - 1):
            for k in range(1, nz - 1):
                out[i, j, k] = (u[i - 1, j, k] + u[i + 1, j, k] + u[i, j - 1, k] + u[i, j + 1, k]
                                + u[i, j, k - 1] + u[i, j, k + 1] - 6.0 * u[i, j, k])
    return out


def heat_3d_step(u, v, c):
    """One explicit 3-d heat step from u into v with slices; v's boundary is left as it was."""
    v[1:-1, 1:-1, 1:-1] = u[1:-1, 1:-1, 1:-1] + c * (
        u[:-2, 1:-1, 1:-1] + u[2:, 1:-1, 1:-1]
        + u[1:-1, :-2, 1:-1] + u[1:-1, 2:, 1:-1]
        + u[1:-1, 1:-1, :-2] + u[1:-1, 1:-1, 2:]
        - 6.0 * u[1:-1, 1:-1, 1:-1])


def wave_1d(u, u_prev, c2, steps):
    """Leapfrog the 1-d wave equation with fixed ends, rotating three time levels."""
    for _ in range(steps):
        u_next = np.empty_like(u)
        u_next[1:-1] = 2.0 * u[1:-1] - u_prev[1:-1] + c2 * (u[2:] - 2.0 * u[1:-1] + u[:-2])
        u_next[0] = 0.0
        u_next[-1] = 0.0
        u_prev = u
        u = u_next
    return u


def wave_2d_step(u, u_prev, c2):
    """One 2-d wave step written over the oldest level in place; returns the new level."""
    u_prev[1:-1, 1:-1] = (2.0 * u[1:-1, 1:-1] - u_prev[1:-1, 1:-1]
                          + c2 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * u[1:-1, 1:-1]))
    return u_prev


def life_slices(board, steps):
    """Game of Life on an int64 board with a dead border, neighbour counts from eight shifted slices."""
    for _ in range(steps):
        nb = np.zeros_like(board)
        nb[1:-1, 1:-1] = (board[:-2, :-2] + board[:-2, 1:-1] + board[:-2, 2:]
                          + board[1:-1, :-2] + board[1:-1, 2:]
                          + board[2:, :-2] + board[2:, 1:-1] + board[2:, 2:])
        alive = (nb == 3) | ((board == 1) & (nb == 2))
        board = np.where(alive, 1, 0)
        board[0, :] = 0
        board[-1, :] = 0
        board[:, 0] = 0
        board[:, -1] = 0
    return board


def life_torus_loops(board):
    """One Game of Life generation on a torus, neighbours counted by explicit wrapped indexing."""
    rows, cols = board.shape
    new = np.zeros((rows, cols), dtype=np.int64)
    for i in range(rows):
        for j in range(cols):
            count = 0
            for di in range(-1, 2):
                for dj in range(-1, 2):
                    if di != 0 or dj != 0:
                        count += board[(i + di) % rows, (j + dj) % cols]
            if count == 3 or (count == 2 and board[i, j] == 1):
                new[i, j] = 1
    return new


def sor_poisson(u, f, h, omega, sweeps):
    """Successive over-relaxation sweeps for -lap(u) = f, updating u in place point by point."""
    n, m = u.shape
    h2 = h * h
    for _ in range(sweeps):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                gs = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] + h2 * f[i, j])
                u[i, j] = (1.0 - omega) * u[i, j] + omega * gs


def upwind_periodic(q, c, steps):
    """First-order upwind advection on a periodic line with np.roll, in place (c = v dt / dx)."""
    for _ in range(steps):
        q -= c * (q - np.roll(q, 1))
    return q


def diffuse_torus(u, alpha, steps):
    """Diffusion on a periodic 2-d grid, the neighbours taken with np.roll along each axis."""
    for _ in range(steps):
        u = u + alpha * (np.roll(u, 1, axis=0) + np.roll(u, -1, axis=0)
                         + np.roll(u, 1, axis=1) + np.roll(u, -1, axis=1) - 4.0 * u)
    return u


def poisson_residual(u, f, h):
    """Root-mean-square residual of the five-point Poisson equation over the interior."""
    r = f[1:-1, 1:-1] + (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * u[1:-1, 1:-1]) / (h * h)
    return math.sqrt(np.sum(r * r) / r.size)


def relax_until_converged(u, tol, max_iter):
    """Jacobi relaxation until the largest change falls below tol; returns the sweeps taken and the grid."""
    it = 0
    while it < max_iter:
        new = u.copy()
        new[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
        diff = np.abs(new - u).max()
        u = new
        it += 1
        if diff < tol:
            break
    return it, u


def laplacian_edge_padded(u):
    """5-point Laplacian with replicated edges: the grid padded by np.vstack and np.hstack of its borders."""
    p = np.vstack((u[:1, :], u, u[-1:, :]))
    p = np.hstack((p[:, :1], p, p[:, -1:]))
    return p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4.0 * u


def gaussian_bump(x, y, s):
    """A Gaussian evaluated on the grid of x and y coordinates from np.meshgrid."""
    X, Y = np.meshgrid(x, y)
    return np.exp(-(X * X + Y * Y) / (2.0 * s * s))


def outer_potential(x, y):
    """A separable potential x^2 + y^2 on a grid from np.add.outer."""
    return np.add.outer(x * x, y * y)


def radial_falloff(n, scale):
    """An exp(-r / scale) weight around the centre of an n x n grid from np.ogrid's open axes."""
    y, x = np.ogrid[0:n, 0:n]
    c = (n - 1) / 2.0
    r = np.sqrt((x - c) ** 2 + (y - c) ** 2)
    return np.exp(-r / scale)


def gaussian_ij(x, y, sigma):
    """A Gaussian on a grid indexed (x, y) with np.meshgrid(..., indexing='ij'), normalized to sum 1."""
    X, Y = np.meshgrid(x, y, indexing='ij')
    g = np.exp(-(X ** 2 + Y ** 2) / (2.0 * sigma ** 2))
    return g / g.sum()
