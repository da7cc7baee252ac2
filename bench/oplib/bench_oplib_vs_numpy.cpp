// oplib operators vs the same numpy calls made from Python, at 8 elements (goal: oplib <= 1/20 of
// numpy: no dispatch overhead) and at 10^6 elements (goal: <= 1.0), single thread. Both sides run in
// this one process on the same data; the table of ratios is printed at the end.
//   build/bench/bench_oplib_vs_numpy [--benchmark_min_time=0.2]
// numpy's side includes calling a Python lambda (~40 ns), which is what a Python caller pays too.
#include <benchmark/benchmark.h>
#include <pybind11/embed.h>
#include <pybind11/numpy.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>

#include "rt/prelude.hpp"
// The library versions measured (immutable once committed, so the paths stay valid).
#include "oplib/numpy/add/broadcast.v1.hpp"
#include "oplib/numpy/exp/elementwise.v3.hpp"  // rt::fast_exp (v1 and v2: std::exp per element)
#include "oplib/numpy/sum/generic.v1.hpp"
#include "oplib/numpy/mean/generic.v1.hpp"
#include "oplib/numpy/matmul/generic.v1.hpp"
#include "oplib/numpy/linalg/norm/generic.v1.hpp"

namespace py = pybind11;

namespace {

std::vector<double> normal_values(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> d;
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

rt::ndarray<double, 1> vec(std::int64_t n, unsigned seed) {
  return rt::ndarray<double, 1>::from_vector(normal_values(static_cast<std::size_t>(n), seed), {n});
}
rt::ndarray<double, 2> mat(std::int64_t r, std::int64_t c, unsigned seed) {
  return rt::ndarray<double, 2>::from_vector(normal_values(static_cast<std::size_t>(r * c), seed), {r, c});
}

// One row of the table: an operation at a size, with its oplib and numpy sides.
struct Case {
  std::string op;
  std::string size;  // "8" or "1e6"
  std::string numpy_setup;  // Python: defines f, a zero-argument callable doing the numpy call
};

std::map<std::string, double>& times() {
  static std::map<std::string, double> t;  // benchmark name -> ns per iteration
  return t;
}

class CollectingReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      if (r.run_type == Run::RT_Iteration) times()[r.benchmark_name()] = r.GetAdjustedRealTime();
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

template <class Fn>
void register_oplib(const std::string& name, Fn fn) {
  benchmark::RegisterBenchmark(("oplib/" + name).c_str(), [fn](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(fn());
  });
}

void register_numpy(const std::string& name, const std::string& setup) {
  benchmark::RegisterBenchmark(("numpy/" + name).c_str(), [setup](benchmark::State& state) {
    py::dict scope;
    py::exec("import numpy as np\n" + setup, scope);
    py::object f = scope["f"];
    for (auto _ : state) {
      PyObject* r = PyObject_CallNoArgs(f.ptr());
      if (!r) throw py::error_already_set();
      Py_DECREF(r);
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  ::setenv("OPENBLAS_NUM_THREADS", "1", 1);  // single thread on both sides
  ::setenv("OMP_NUM_THREADS", "1", 1);
  py::scoped_interpreter python;
  benchmark::Initialize(&argc, argv);

  // Data: the same values on both sides (numpy gets copies of the rt arrays).
  struct Sizes { std::string label; std::int64_t n, rows, cols, square; };
  for (const Sizes& s : {Sizes{"8", 8, 2, 4, 2}, Sizes{"1e6", 1000000, 1000, 1000, 1000}}) {
    auto a = vec(s.n, 1), b = vec(s.n, 2);
    auto m = mat(s.rows, s.cols, 3);
    // matmul at "n elements": square matrices of about n elements each (2x2 at 8 -> 8 inputs; 1000x1000 at 1e6).
    auto p = mat(s.square, s.square, 4), q = mat(s.square, s.square, 5);
    const std::string gen = "rng = np.random.default_rng(0)\n";
    const std::string n = std::to_string(s.n), r = std::to_string(s.rows), c = std::to_string(s.cols),
                      k = std::to_string(s.square);
    register_oplib("add/" + s.label, [a, b] { return oplib::numpy::add(a, b); });
    register_numpy("add/" + s.label, gen + "a = rng.standard_normal(" + n + "); b = rng.standard_normal(" + n +
                                         ")\nf = lambda: np.add(a, b)\n");
    register_oplib("exp/" + s.label, [a] { return oplib::numpy::exp(a); });
    register_numpy("exp/" + s.label, gen + "a = rng.standard_normal(" + n + ")\nf = lambda: np.exp(a)\n");
    register_oplib("sum/" + s.label, [a] { return oplib::numpy::sum(a); });
    register_numpy("sum/" + s.label, gen + "a = rng.standard_normal(" + n + ")\nf = lambda: np.sum(a)\n");
    register_oplib("mean_axis0/" + s.label, [m] { return oplib::numpy::mean(m, rt::lit<0>{}); });
    register_numpy("mean_axis0/" + s.label, gen + "m = rng.standard_normal((" + r + ", " + c +
                                                "))\nf = lambda: np.mean(m, 0)\n");
    register_oplib("matmul/" + s.label, [p, q] { return oplib::numpy::matmul(p, q); });
    register_numpy("matmul/" + s.label, gen + "p = rng.standard_normal((" + k + ", " + k + ")); q = rng.standard_normal((" +
                                            k + ", " + k + "))\nf = lambda: np.matmul(p, q)\n");
    register_oplib("norm/" + s.label, [a] { return oplib::numpy::linalg::norm(a); });
    register_numpy("norm/" + s.label, gen + "a = rng.standard_normal(" + n + ")\nf = lambda: np.linalg.norm(a)\n");
  }
  CollectingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);

  std::printf("\n%-12s %6s %14s %14s %10s  %s\n", "op", "size", "oplib ns", "numpy ns", "ratio", "goal");
  for (const char* op : {"add", "exp", "sum", "mean_axis0", "matmul", "norm"}) {
    for (const char* size : {"8", "1e6"}) {
      const std::string key = std::string(op) + "/" + size;
      auto o = times().find("oplib/" + key), np = times().find("numpy/" + key);
      if (o == times().end() || np == times().end()) continue;
      const double ratio = o->second / np->second;
      const double goal = std::string(size) == "8" ? 1.0 / 20 : 1.0;
      std::printf("%-12s %6s %14.1f %14.1f %10.3f  %s %s\n", op, size, o->second, np->second, ratio,
                  std::string(size) == "8" ? "<= 0.05" : "<= 1.0", ratio <= goal ? "met" : "MISSED");
    }
  }
  return 0;
}
