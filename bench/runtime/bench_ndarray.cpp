// Benchmarks: summing a 1000x1000 float64 rt::ndarray by raw pointer, C-order for_each, and xtensor.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include <xtensor/xmath.hpp>

#include "rt/ndarray.hpp"
#include "rt/xtensor.hpp"

namespace {

constexpr std::int64_t kSide = 1000;

rt::ndarray<double, 2> make_array() {
  std::vector<double> values(kSide * kSide);
  std::iota(values.begin(), values.end(), 0.0);
  return rt::ndarray<double, 2>::from_vector(std::move(values), {kSide, kSide});
}

void set_bytes(benchmark::State& state) {
  state.SetBytesProcessed(state.iterations() * kSide * kSide * static_cast<std::int64_t>(sizeof(double)));
}

// The baseline every other figure is a ratio to.
void BM_sum_raw_pointer(benchmark::State& state) {
  const auto a = make_array();
  for (auto _ : state) {
    const double* p = a.data();
    double sum = 0;
    for (std::int64_t i = 0, n = a.size(); i < n; ++i) sum += p[i];
    benchmark::DoNotOptimize(sum);
  }
  set_bytes(state);
}

void BM_sum_for_each_contiguous(benchmark::State& state) {
  const auto a = make_array();
  for (auto _ : state) {
    double sum = 0;
    a.for_each([&sum](double v) { sum += v; });
    benchmark::DoNotOptimize(sum);
  }
  set_bytes(state);
}

void BM_sum_iterator_contiguous(benchmark::State& state) {
  const auto a = make_array();
  for (auto _ : state) {
    double sum = 0;
    for (double v : a) sum += v;
    benchmark::DoNotOptimize(sum);
  }
  set_bytes(state);
}

// Inner loop strides by 1000 elements: every load is a new cache line.
void BM_sum_for_each_transposed(benchmark::State& state) {
  const auto t = make_array().transpose();
  for (auto _ : state) {
    double sum = 0;
    t.for_each([&sum](double v) { sum += v; });
    benchmark::DoNotOptimize(sum);
  }
  set_bytes(state);
}

void BM_sum_xtensor_contiguous(benchmark::State& state) {
  const auto a = make_array();
  for (auto _ : state) {
    double sum = xt::sum(rt::as_xtensor(a))();
    benchmark::DoNotOptimize(sum);
  }
  set_bytes(state);
}

void BM_sum_xtensor_transposed(benchmark::State& state) {
  const auto t = make_array().transpose();
  for (auto _ : state) {
    double sum = xt::sum(rt::as_xtensor(t))();
    benchmark::DoNotOptimize(sum);
  }
  set_bytes(state);
}

BENCHMARK(BM_sum_raw_pointer);
BENCHMARK(BM_sum_for_each_contiguous);
BENCHMARK(BM_sum_iterator_contiguous);
BENCHMARK(BM_sum_for_each_transposed);
BENCHMARK(BM_sum_xtensor_contiguous);
BENCHMARK(BM_sum_xtensor_transposed);

}  // namespace

BENCHMARK_MAIN();
