"""Inputs of every idiom kernel: INPUTS["file.function"](n) returns its positional arguments at size n.

n is the problem size: the side of a square matrix or grid, the length of a signal, the number of
particles or rows (sensible from 8 to 64). Every maker draws from default_rng(SEED + salt), so the
arguments depend only on n. check_n(key) is the size the check compiles and compares at.
Matrices that a kernel factors or solves without pivoting are made diagonally dominant (or
symmetric positive definite), and particles sit on a jittered lattice where a potential would blow up
at short range.
"""

import numpy as np

SEED = 20261126
DEFAULT_N = 16
SMALL_N = {
    "stencils.laplacian_3d_loops": 12,
    "stencils.heat_3d_step": 12,
    "simulation.pendulum_rk4": 100,
    "simulation.lotka_volterra": 100,
    "simulation.logistic_orbit": 100,
}


def check_n(key):
    """The size the check uses for a kernel."""
    return SMALL_N.get(key, DEFAULT_N)


def _rng(salt=0):
    return np.random.default_rng(SEED + salt)


def _vec(n, salt=0):
    return _rng(salt).standard_normal(n)


def _mat(rows, cols, salt=0):
    return _rng(salt).standard_normal((rows, cols))


def _dominant(n, salt=0):
    """A square matrix whose diagonal outweighs each row's other entries."""
    return _mat(n, n, salt) + 2.0 * n * np.eye(n)


def _spd(n, salt=0):
    m = _mat(n, n, salt)
    return m @ m.T + n * np.eye(n)


def _lattice(n, spacing, salt=0):
    """n points of a cubic lattice with the given spacing, each moved by up to 10% of it."""
    side = int(np.ceil(n ** (1.0 / 3.0)))
    grid = np.array([(i, j, k) for i in range(side) for j in range(side) for k in range(side)], dtype=np.float64)
    return (grid[:n] + 0.1 * _rng(salt).uniform(-1.0, 1.0, (n, 3))) * spacing


def _board(n, salt=0):
    return _rng(salt).integers(0, 2, (n, n)).astype(np.int64)


def _plate(n):
    """A grid at zero with its top edge held at 1 and a smooth bump inside."""
    x = np.linspace(0.0, 1.0, n)
    u = np.outer(np.sin(np.pi * x), np.sin(np.pi * x))
    u[0, :] = 1.0
    return u


def _bags(n):
    """Sorted int64 offsets from 0 to n with one empty bag."""
    cuts = np.sort(_rng(7).integers(0, n + 1, 4))
    return np.concatenate(([0], cuts[:2], cuts[2:3], cuts[2:], [n])).astype(np.int64)


INPUTS = {
    "linalg.forward_substitution": lambda n: (np.tril(_mat(n, n)) + n * np.eye(n), _vec(n, 1)),
    "linalg.back_substitution": lambda n: (np.triu(_mat(n, n)) + n * np.eye(n), _vec(n, 1)),
    "linalg.lu_inplace": lambda n: (_dominant(n),),
    "linalg.cholesky_loops": lambda n: (_spd(n),),
    "linalg.gram_schmidt": lambda n: (_mat(n, max(n // 2, 1)),),
    "linalg.power_iteration": lambda n: (_mat(n, n) + _mat(n, n).T, 30),
    "linalg.lower_matvec": lambda n: (_mat(n, n), _vec(n, 1)),
    "linalg.upper_solve_many": lambda n: (np.triu(_mat(n, n)) + n * np.eye(n), _mat(n, 3, 1)),
    "linalg.householder_apply": lambda n: (_mat(n, n), _vec(n, 1)),
    "linalg.symmetric_rank1_update": lambda n: (_spd(n), _vec(n, 1), 0.5),
    "linalg.jacobi_iteration": lambda n: (_dominant(n), _vec(n, 1), 20),
    "linalg.gauss_seidel": lambda n: (_dominant(n), _vec(n, 1), 10),
    "linalg.matmul_loops": lambda n: (_mat(n, n // 2 + 1), _mat(n // 2 + 1, n, 1)),
    "linalg.conjugate_gradient": lambda n: (_spd(n), _vec(n, 1), n, 1e-10),
    "linalg.walk_counts": lambda n: ((_rng().random((n, n)) < 0.2).astype(np.int64), 3),
    "linalg.normalize_columns": lambda n: (np.hstack((_mat(n, n - 1), np.zeros((n, 1)))),),
    "linalg.ridge_normal_equations": lambda n: (_mat(3 * n, 5), _vec(3 * n, 1), 0.1),
    "linalg.cholesky_solve": lambda n: (_spd(n), _vec(n, 1)),
    "stencils.heat_1d": lambda n: (np.sin(np.linspace(0.0, np.pi, n)) + 0.1 * _vec(n), 0.25, 10),
    "stencils.jacobi_2d": lambda n: (_plate(n), 5),
    "stencils.laplacian_2d": lambda n: (_mat(n, n), 1.0 / (n - 1)),
    "stencils.laplacian_3d_loops": lambda n: (_rng().standard_normal((n, n, n)),),
    "stencils.heat_3d_step": lambda n: (_rng().standard_normal((n, n, n)), np.zeros((n, n, n)), 0.1),
    "stencils.wave_1d": lambda n: (np.exp(-((np.arange(n) - n / 2.0) ** 2) / 4.0),
                                   np.exp(-((np.arange(n) - n / 2.0) ** 2) / 4.0), 0.25, 10),
    "stencils.wave_2d_step": lambda n: (_mat(n, n), _mat(n, n, 1), 0.2),
    "stencils.life_slices": lambda n: (_board(n), 4),
    "stencils.life_torus_loops": lambda n: (_board(n),),
    "stencils.sor_poisson": lambda n: (np.zeros((n, n)), np.ones((n, n)), 1.0 / (n - 1), 1.5, 3),
    "stencils.upwind_periodic": lambda n: (_vec(n), 0.4, 10),
    "stencils.diffuse_torus": lambda n: (_mat(n, n), 0.1, 5),
    "stencils.poisson_residual": lambda n: (_mat(n, n), _mat(n, n, 1), 1.0 / (n - 1)),
    "stencils.relax_until_converged": lambda n: (_plate(n), 1e-3, 200),
    "stencils.laplacian_edge_padded": lambda n: (_mat(n, n),),
    "stencils.gaussian_bump": lambda n: (np.linspace(-2.0, 2.0, n), np.linspace(-1.0, 1.0, n + 3), 0.7),
    "stencils.radial_falloff": lambda n: (n, 3.0),
    "stencils.gaussian_ij": lambda n: (np.linspace(-2.0, 2.0, n), np.linspace(-1.0, 1.0, n + 3), 0.7),
    "stencils.outer_potential": lambda n: (np.linspace(-1.0, 1.0, n), np.linspace(0.0, 2.0, n + 1)),
    "simulation.gravity_loops": lambda n: (_mat(n, 3), _rng(1).uniform(0.5, 1.5, n), 0.1),
    "simulation.gravity_broadcast": lambda n: (_mat(n, 3), _rng(1).uniform(0.5, 1.5, n), 0.1),
    "simulation.leapfrog_nbody": lambda n: (_mat(n, 3), 0.1 * _mat(n, 3, 2), _rng(1).uniform(0.5, 1.5, n),
                                            0.01, 0.1, 5),
    "simulation.lj_energy_loops": lambda n: (_lattice(n, 1.2), 1.0, 1.0),
    "simulation.lj_energy_vectorized": lambda n: (_lattice(n, 1.2), 1.0, 1.0),
    "simulation.spring_chain": lambda n: (np.linspace(0.0, 1.0, n) + 0.01 * _vec(n), np.zeros(n), 1.0, 1.0, 0.05, 20),
    "simulation.pendulum_rk4": lambda n: (1.0, 0.0, 9.81, 0.01, n),
    "simulation.bounce_in_box": lambda n: (_rng().uniform(0.0, 1.0, (n, 2)), _mat(n, 2, 1), 0.05, 1.0, 20),
    "simulation.lotka_volterra": lambda n: (10.0, 5.0, 1.1, 0.4, 0.4, 0.1, 0.01, n),
    "simulation.sph_density": lambda n: (_mat(n, 3), _rng(1).uniform(0.5, 1.5, n), 0.5),
    "simulation.neighbor_counts": lambda n: (_rng().uniform(0.0, 1.0, (n, 3)), 0.3),
    "simulation.remove_drift": lambda n: (_mat(n, 3), _rng(1).uniform(0.5, 1.5, n)),
    "simulation.logistic_orbit": lambda n: (3.7, 0.2, 100, n),
    "simulation.nearest_gaps": lambda n: (np.sort(_rng(5).uniform(0.0, 10.0, n)),),
    "layers.conv1d": lambda n: (_mat(3, n), _rng(1).standard_normal((4, 3, 5)), _vec(4, 2)),
    "layers.conv2d_loops": lambda n: (_mat(n, n), _mat(3, 3, 1)),
    "layers.conv2d_channels": lambda n: (_rng().standard_normal((3, n, n)), _rng(1).standard_normal((4, 3, 3, 3)), 2),
    "layers.max_pool2d": lambda n: (_mat(n, n), 3),
    "layers.avg_pool_reshape": lambda n: (_mat(n, n + 1), 2),
    "layers.softmax_rows": lambda n: (3.0 * _mat(n, 10),),
    "layers.softmax_columns": lambda n: (3.0 * _mat(10, n),),
    "layers.batch_norm": lambda n: (_mat(n, 8), _vec(8, 1), _vec(8, 2), 1e-5),
    "layers.layer_norm": lambda n: (_mat(n, 8), _vec(8, 1), _vec(8, 2), 1e-5),
    "layers.mlp_forward": lambda n: (_mat(n, 16), _mat(16, 32, 1), _vec(32, 2), _mat(32, 4, 3), _vec(4, 4)),
    "layers.attention": lambda n: (_mat(n, 8), _mat(n, 8, 1), _mat(n, 8, 2)),
    "layers.gelu": lambda n: (3.0 * _vec(n),),
    "layers.relu_inplace": lambda n: (_mat(n, 4),),
    "layers.sigmoid_loops": lambda n: (10.0 * _mat(n, 5),),
    "layers.cross_entropy": lambda n: (_mat(n, 5), _rng(1).integers(0, 5, n).astype(np.int64)),
    "layers.dense_backward": lambda n: (_mat(n, 6), _mat(6, 3, 1), _mat(n, 3, 2)),
    "layers.sgd_momentum": lambda n: (_vec(n), _vec(n, 1), _vec(n, 2), 0.1, 0.9),
    "layers.embedding_bag": lambda n: (_mat(20, 4), _rng(1).integers(0, 20, n).astype(np.int64), _bags(n)),
    "layers.linear_with_bias_column": lambda n: (_mat(n, 6), _mat(7, 4, 1)),
    "layers.tiled_bias": lambda n: (_mat(n, 5), _vec(5, 1)),
    "signal.box_blur": lambda n: (_mat(n, n), 1),
    "signal.sobel_magnitude": lambda n: (_mat(n, n),),
    "signal.histogram_loops": lambda n: (_vec(4 * n), -2.0, 2.0, 10),
    "signal.threshold_binary": lambda n: (_rng().uniform(0.0, 1.0, (n, n)), 0.5),
    "signal.soft_threshold": lambda n: (_vec(n), 0.3),
    "signal.moving_average": lambda n: (_vec(n), 4),
    "signal.autocorrelation": lambda n: (_vec(n), min(n - 1, 10)),
    "signal.resample_linear": lambda n: (np.sin(np.linspace(0.0, 3.0, n)), 2 * n + 1),
    "signal.minmax_inplace": lambda n: (_mat(n, n),),
    "signal.integral_image": lambda n: (_mat(n, n),),
    "signal.box_sums": lambda n: (_mat(n, n), 2),
    "signal.ema": lambda n: (_vec(n), 0.2),
    "signal.max_drawdown": lambda n: (100.0 * np.exp(np.cumsum(0.01 * _vec(n))),),
    "signal.gaussian_blur": lambda n: (_mat(n, n), 1.5, 2),
    "signal.zero_crossing_rate": lambda n: (_vec(n),),
    "signal.quantize": lambda n: (_rng().uniform(-0.1, 1.1, (n, n)), 8),
    "signal.rgb_to_gray": lambda n: (_rng().uniform(0.0, 1.0, (n, n, 3)),),
    "signal.zscore_columns": lambda n: (_mat(n, 5),),
    "signal.histogram_equalize": lambda n: (_rng(3).uniform(0.0, 1.0, (n, n)) ** 2, 16),
    "signal.upsample_nearest": lambda n: (_mat(n, n), 2),
    "signal.checkerboard": lambda n: (_mat(n, n + 2),),
    "signal.level_counts": lambda n: (_rng(5).integers(0, 256, (n, n)), 8),
}
