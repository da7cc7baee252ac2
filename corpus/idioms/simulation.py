"""Deterministic time-stepped simulations: n-body and particle codes, Lennard-Jones, springs, small ODEs."""

import math

import numpy as np


def gravity_loops(pos, mass, eps):
    """Softened gravitational accelerations of n bodies by a double loop over pairs."""
    n = pos.shape[0]
    acc = np.zeros_like(pos)
    for i in range(n):
        for j in range(n):
            if i != j:
                dx = pos[j, 0] - pos[i, 0]
                dy = pos[j, 1] - pos[i, 1]
                dz = pos[j, 2] - pos[i, 2]
                r2 = dx * dx + dy * dy + dz * dz + eps * eps
                s = mass[j] / (r2 * math.sqrt(r2))
                acc[i, 0] += s * dx
                acc[i, 1] += s * dy
                acc[i, 2] += s * dz
    return acc


def gravity_broadcast(pos, mass, eps):
    """Softened gravitational accelerations with (n, n, 3) broadcasting; self-pairs add zero."""
    d = pos[np.newaxis, :, :] - pos[:, np.newaxis, :]
    r2 = np.sum(d ** 2, axis=2) + eps ** 2
    inv = mass[np.newaxis, :] * r2 ** -1.5
    return np.sum(d * inv[:, :, np.newaxis], axis=1)


def leapfrog_nbody(pos, vel, mass, dt, eps, steps):
    """Kick-drift-kick leapfrog of an n-body system, updating pos and vel in place."""
    acc = gravity_broadcast(pos, mass, eps)
    for _ in range(steps):
        vel += 0.5 * dt * acc
        pos += dt * vel
        acc = gravity_broadcast(pos, mass, eps)
        vel += 0.5 * dt * acc


def lj_energy_loops(pos, sigma, epsilon):
    """Total Lennard-Jones energy over unique pairs, accumulated in a float."""
    n = pos.shape[0]
    energy = 0.0
    for i in range(n - 1):
        for j in range(i + 1, n):
            d = pos[i] - pos[j]
            r2 = d @ d
            sr6 = (sigma * sigma / r2) ** 3
            energy += 4.0 * epsilon * (sr6 * sr6 - sr6)
    return energy


def lj_energy_vectorized(pos, sigma, epsilon):
    """Total Lennard-Jones energy from all pair distances, the upper triangle picked by a boolean mask."""
    n = pos.shape[0]
    d = pos[:, None, :] - pos[None, :, :]
    r2 = (d * d).sum(axis=-1)
    upper = np.triu(np.ones((n, n), dtype=np.bool_), 1)
    sr6 = (sigma ** 2 / r2[upper]) ** 3
    return 4.0 * epsilon * np.sum(sr6 ** 2 - sr6)


def spring_chain(x, v, k, m, dt, steps):
    """Symplectic Euler for masses on springs with both ends clamped; x and v change in place."""
    for _ in range(steps):
        f = np.zeros_like(x)
        f[1:-1] = k * (x[2:] - 2.0 * x[1:-1] + x[:-2])
        v[1:-1] += dt * f[1:-1] / m
        x[1:-1] += dt * v[1:-1]
    return 0.5 * m * np.sum(v * v) + 0.5 * k * np.sum(np.diff(x) ** 2)


def pendulum_rk4(theta, omega, g_over_l, dt, steps):
    """Classic RK4 for a nonlinear pendulum; returns the (steps + 1, 2) trajectory."""
    traj = np.empty((steps + 1, 2))
    traj[0, 0] = theta
    traj[0, 1] = omega
    for s in range(steps):
        k1t, k1w = omega, -g_over_l * math.sin(theta)
        k2t, k2w = omega + 0.5 * dt * k1w, -g_over_l * math.sin(theta + 0.5 * dt * k1t)
        k3t, k3w = omega + 0.5 * dt * k2w, -g_over_l * math.sin(theta + 0.5 * dt * k2t)
        k4t, k4w = omega + dt * k3w, -g_over_l * math.sin(theta + dt * k3t)
        theta += dt * (k1t + 2.0 * k2t + 2.0 * k3t + k4t) / 6.0
        omega += dt * (k1w + 2.0 * k2w + 2.0 * k3w + k4w) / 6.0
        traj[s + 1, 0] = theta
        traj[s + 1, 1] = omega
    return traj


def bounce_in_box(pos, vel, dt, box, steps):
    """Free particles reflecting off the walls of [0, box]^d, with boolean masks; in place."""
    for _ in range(steps):
        pos += vel * dt
        low = pos < 0.0
        pos[low] = -pos[low]
        vel[low] = -vel[low]
        high = pos > box
        pos[high] = 2.0 * box - pos[high]
        vel[high] = -vel[high]
    return pos


def lotka_volterra(x, y, a, b, c, d, dt, steps):
    """Forward Euler for predator and prey populations; returns both histories."""
    xs = np.zeros(steps)
    ys = np.zeros(steps)
    for i in range(steps):
        dx = a * x - b * x * y
        dy = d * x * y - c * y
        x = x + dt * dx
        y = y + dt * dy
        xs[i] = x
        ys[i] = y
    return xs, ys


def sph_density(pos, mass, h):
    """Density at each particle from a Gaussian smoothing kernel over all particles."""
    d = pos[:, np.newaxis, :] - pos[np.newaxis, :, :]
    r2 = np.einsum("ijk,ijk->ij", d, d)
    w = np.exp(-r2 / (h * h)) / (math.pi ** 1.5 * h ** 3)
    return w @ mass


def neighbor_counts(pos, cutoff):
    """How many other particles lie within cutoff of each one (int64 counts, pairs visited once)."""
    n = pos.shape[0]
    counts = np.zeros(n, dtype=np.int64)
    c2 = cutoff * cutoff
    for i in range(n):
        for j in range(i + 1, n):
            r2 = 0.0
            for k in range(pos.shape[1]):
                r2 += (pos[i, k] - pos[j, k]) ** 2
            if r2 < c2:
                counts[i] += 1
                counts[j] += 1
    return counts


def remove_drift(vel, mass):
    """Subtract the centre-of-mass velocity from every particle in place; returns that velocity."""
    total = mass.sum()
    vcm = (mass[:, None] * vel).sum(axis=0) / total
    vel -= vcm
    return vcm


def logistic_orbit(r, x, skip, steps):
    """Iterate the logistic map, drop a transient, then record the orbit."""
    for _ in range(skip):
        x = r * x * (1.0 - x)
    orbit = np.empty(steps)
    for i in range(steps):
        x = r * x * (1.0 - x)
        orbit[i] = x
    return orbit


def nearest_gaps(pos):
    """Distance from each 1-d position to its nearest neighbour, from np.subtract.outer."""
    d = np.abs(np.subtract.outer(pos, pos))
    d += (np.max(d) + 1.0) * np.identity(pos.shape[0])
    return np.min(d, axis=1)
