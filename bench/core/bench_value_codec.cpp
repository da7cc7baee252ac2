// Value codec throughput in MB/s of encoded bytes: binary (worker pipes) and JSON (reports, fixtures).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstring>

#include "core/value.hpp"
#include "core/value_binary.hpp"
#include "core/value_json.hpp"

namespace {

using namespace opsynth;

// (a) a batch of 10,000 float scalars, encoded one after another as the verifier batches arguments.
std::vector<Value> float_batch() {
  std::vector<Value> batch;
  for (int k = 0; k < 10000; ++k) batch.emplace_back(std::sin(k) * 1e3);
  return batch;
}

// (b) a 1000x1000 float64 ndarray.
Value big_matrix() {
  NDArrayValue a;
  a.shape = {1000, 1000};
  a.data.resize(1000 * 1000 * sizeof(double));
  auto* p = reinterpret_cast<double*>(a.data.data());
  for (int k = 0; k < 1000 * 1000; ++k) p[k] = std::cos(k);
  return a;
}

// (c) a list of 1000 short unicode strings.
Value short_strings() {
  ListValue l;
  for (int k = 0; k < 1000; ++k) l.items.emplace_back(StrValue{"h\xc3\xa9llo \xe4\xb8\x96\xe7\x95\x8c " + std::to_string(k)});
  return l;
}

std::vector<Value> case_values(int which) {
  if (which == 0) return float_batch();
  if (which == 1) return {big_matrix()};
  return {short_strings()};
}

const char* case_name(int which) { return which == 0 ? "10k_floats" : which == 1 ? "1000x1000_f64" : "1000_strs"; }

void BM_binary_encode(benchmark::State& state) {
  const auto values = case_values(static_cast<int>(state.range(0)));
  std::vector<unsigned char> out;
  for (auto _ : state) {
    out.clear();
    for (const Value& v : values) encode(v, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
  state.SetLabel(case_name(static_cast<int>(state.range(0))));
}

void BM_binary_decode(benchmark::State& state) {
  const auto values = case_values(static_cast<int>(state.range(0)));
  std::vector<unsigned char> bytes;
  for (const Value& v : values) encode(v, bytes);
  for (auto _ : state) {
    BinaryReader reader(bytes);
    while (!reader.at_end()) {
      auto v = reader.read();
      if (!v.ok()) state.SkipWithError("decode failed");
      benchmark::DoNotOptimize(v);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.SetLabel(case_name(static_cast<int>(state.range(0))));
}

// JSON throughput counts the bytes of the JSON text.
void BM_json_encode(benchmark::State& state) {
  const auto values = case_values(static_cast<int>(state.range(0)));
  std::size_t size = 0;
  for (auto _ : state) {
    size = 0;
    for (const Value& v : values) size += to_json(v).dump().size();
    benchmark::DoNotOptimize(size);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
  state.SetLabel(case_name(static_cast<int>(state.range(0))));
}

void BM_json_decode(benchmark::State& state) {
  const auto values = case_values(static_cast<int>(state.range(0)));
  std::vector<std::string> texts;
  std::size_t size = 0;
  for (const Value& v : values) {
    texts.push_back(to_json(v).dump());
    size += texts.back().size();
  }
  for (auto _ : state) {
    for (const std::string& text : texts) {
      auto v = value_from_json(nlohmann::json::parse(text));
      if (!v.ok()) state.SkipWithError("decode failed");
      benchmark::DoNotOptimize(v);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
  state.SetLabel(case_name(static_cast<int>(state.range(0))));
}

BENCHMARK(BM_binary_encode)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_binary_decode)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_json_encode)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_json_decode)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

}  // namespace
