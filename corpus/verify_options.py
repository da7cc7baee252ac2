"""Per-function options for `opsynth verify --function`, where a person has chosen them, with why.

Functions not listed verify with the defaults: exact when every operator they use is exact, else the
`reduction` bound relative to the inputs; ints within [-1000, 1000].
"""

VERIFY_OPTIONS = {
    # np.exp is accepted at ulp:2 against numpy's SIMD exp (which differs between CPUs), so each
    # e_i is within 4u relative (u = 2^-53), the sum within about as much again plus its own
    # roundings, and the division adds one: about 12u relative, which is at most 12 ulps of the
    # quotient. ulp:4 failed on a CPU without AVX-512 (5 ulps at 30 elements); no bound relative to
    # the inputs describes this, so a bound in ulps of the result, with room, it is.
    "numeric_kernels.softmax": ["--tolerance", "ulp:16"],
    # m + log(sum(exp(x - m))): a few ulps of m and of the log, whose sum cancels when m is near
    # -log(sum) (0.0096 came out 96 ulps off from 1.7e-16 of absolute error); log(sum) <= log(n) is
    # small, so an absolute 1e-14 covers the cancellation and a relative 1e-14 the rest.
    "numeric_kernels.logsumexp": ["--tolerance", "close:1e-14,1e-14"],
    # |a|^2 + |b|^2 - 2 a.b cancels near zero distances: CPython's own result there is only good to
    # about sqrt(eps) * |x| (2.7e-6 was seen at |x| = 100, a 0.0 diagonal), and our matmul sums in
    # another order than BLAS. Floats are kept to [-100, 100] so that an absolute 1e-4 is meaningful.
    # That cancellation grows with the row length (the sweep reaches rows of 2^20): about 2e-5 at 256
    # columns of |x| <= 100, past the 1e-4 atol from about 4096, so the rows are narrowed, with the reason.
    "numeric_kernels.pairwise_distances": [
        "--tolerance", "close:1e-9,1e-4",
        "--domain", '{"float_min": -100, "float_max": 100, "max_axis_length": 256, "size_reason": '
                    '"sqrt(|a|^2 + |b|^2 - 2ab) of equal rows is the root of a rounding error that grows with '
                    'the row length: about 2e-5 at 256 columns of |x| <= 100, over the 1e-4 atol from about 4096"}'],
    # width * height * max_iter iterations: at 1000^3 the worker's CPU limit ends the run.
    "numeric_kernels.mandelbrot_counts": ["--domain", '{"int_min": -2, "int_max": 40}'],
}
