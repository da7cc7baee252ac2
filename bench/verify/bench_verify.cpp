// Where a verifier's time goes per case, measured in one run: generating cases, calling CPython,
// encoding for the worker pipe, and comparing outcomes. (The worker's own share and the compile are
// in the report timings printed by verdict_time.sh.)
#include <benchmark/benchmark.h>
#include <pybind11/embed.h>

#include "pybridge/numpy_reference.hpp"
#include "verify/compare.hpp"
#include "verify/generators.hpp"
#include "verify/python/oracle.hpp"
#include "verify/wire.hpp"

namespace opsynth::verify {
namespace {

constexpr std::size_t kBatch = 1024;

std::vector<Case> batch_of(const char* sig, std::uint64_t seed) {
  return draw_plain_cases(case_gen(parse_signature(sig).value(), {}), seed, 0, kBatch);
}

void generate(benchmark::State& state, const char* sig) {
  const auto gen = case_gen(parse_signature(sig).value(), {});
  std::size_t at = 0;
  for (auto _ : state) {
    auto cases = draw_plain_cases(gen, 1, at, kBatch);
    at += kBatch;
    benchmark::DoNotOptimize(cases);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}
BENCHMARK_CAPTURE(generate, float_to_float, "float -> float");
BENCHMARK_CAPTURE(generate, int_int_to_int, "int, int -> int");
BENCHMARK_CAPTURE(generate, ndarray2_to_float64, "ndarray[float64,2] -> float64");

void oracle(benchmark::State& state, const char* qualname, const char* sig) {
  auto created = Oracle::create(qualname, parse_signature(sig).value());
  if (!created) {
    state.SkipWithError(created.error().message.c_str());
    return;
  }
  const auto cases = batch_of(sig, 2);
  for (auto _ : state) benchmark::DoNotOptimize(created->run(cases));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}
BENCHMARK_CAPTURE(oracle, math_sqrt, "math.sqrt", "float -> float");
BENCHMARK_CAPTURE(oracle, operator_add, "operator.add", "int, int -> int");
BENCHMARK_CAPTURE(oracle, numpy_sum, "numpy.sum", "ndarray[float64,2] -> float64");

void wire_round_trip(benchmark::State& state, const char* sig) {
  const auto cases = batch_of(sig, 3);
  std::vector<unsigned char> bytes;
  for (auto _ : state) {
    bytes.clear();
    encode_cases(cases, bytes);
    benchmark::DoNotOptimize(decode_cases(bytes));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK_CAPTURE(wire_round_trip, float_to_float, "float -> float");
BENCHMARK_CAPTURE(wire_round_trip, ndarray2_to_float64, "ndarray[float64,2] -> float64");

void compare(benchmark::State& state) {
  const auto cases = batch_of("float -> float", 4);
  std::vector<Outcome> outcomes(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) outcomes[i].result = cases[i].args[0];
  const Tolerance exact;
  for (auto _ : state) {
    for (std::size_t i = 0; i < cases.size(); ++i)
      benchmark::DoNotOptimize(compare_outcomes(outcomes[i], outcomes[i], exact, cases[i]));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}
BENCHMARK(compare);

}  // namespace
}  // namespace opsynth::verify

int main(int argc, char** argv) {
  opsynth::pybridge::use_numpy_baseline_kernels();  // the verifier's numpy, as the CLI runs it
  pybind11::scoped_interpreter python;
  opsynth::pybridge::import_numpy_quietly();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
