// rt::list::sort against the real CPython (Python_EXECUTABLE, run as a subprocess on a file of lists):
// thousands of generated lists of 0 to 5000 items, above all float lists holding NaN, where `<` is no
// strict weak order and only CPython's exact algorithm gives CPython's order. Floats are compared as
// bit patterns: -0.0 against 0.0 and NaN payloads tell equal-comparing items apart, so the order of
// items that compare equal (stability) is checked too, without changing what is compared.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "paths.hpp"
#include "run_opsynth.hpp"
#include "runtime/rt/list.hpp"
#include "runtime/rt/str.hpp"

namespace {

using Rng = std::mt19937_64;

// One list to sort and how it was made, for the failure message.
template <class T>
struct Sample {
  std::string pattern;
  std::vector<T> items;
};

// ---- The line format of tests/runtime/list_sort_oracle.py ----

constexpr char kHex[] = "0123456789abcdef";

void append_hex(std::string& out, unsigned char byte) {
  out += kHex[byte >> 4];
  out += kHex[byte & 15];
}

char kind_of(double) { return 'f'; }
char kind_of(std::int64_t) { return 'i'; }
char kind_of(const rt::str&) { return 's'; }

// Little-endian IEEE bytes, whatever the host's order.
std::string encode(const std::vector<double>& xs) {
  std::string out;
  out.reserve(16 * xs.size());
  for (double x : xs) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    for (int i = 0; i < 8; ++i) append_hex(out, static_cast<unsigned char>(bits >> (8 * i)));
  }
  return out;
}
std::string encode(const std::vector<std::int64_t>& xs) {
  std::string out;
  for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? " " : "") + std::to_string(xs[i]);
  return out;
}
std::string encode(const std::vector<rt::str>& xs) {
  std::string out;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    out += i ? " x" : "x";
    for (char c : xs[i].utf8()) append_hex(out, static_cast<unsigned char>(c));
  }
  return out;
}

// The items of an encoded line, one token each (for the first difference).
std::vector<std::string> tokens(char kind, const std::string& line) {
  std::vector<std::string> out;
  if (kind == 'f') {
    for (std::size_t i = 0; i + 16 <= line.size(); i += 16) out.push_back(line.substr(i, 16));
    return out;
  }
  std::istringstream in(line);
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

std::string describe_token(char kind, const std::string& token) {
  if (kind != 'f') return token;
  std::uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) bits = bits << 8 | std::stoull(token.substr(2 * i, 2), nullptr, 16);
  std::ostringstream out;
  out.precision(17);
  out << std::bit_cast<double>(bits) << " (bits " << std::hex << bits << ")";
  return out.str();
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string temp_path(const char* what) {
  std::string path = std::string("/tmp/opsynth_list_sort_") + what + "_XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd >= 0) close(fd);
  return path;
}

// Lines `KIND ORDER ITEMS` in; CPython's answer per line out (empty on a failed run, with its stderr).
std::vector<std::string> run_oracle(const std::vector<std::string>& requests, std::string& error) {
  const std::string in_path = temp_path("in"), out_path = temp_path("out");
  {
    std::ofstream in(in_path);
    for (const auto& r : requests) in << r << '\n';
  }
  const auto run = opsynth::testing::run_program(
      OPSYNTH_TEST_PYTHON,
      {opsynth::testing::source_dir() + "/tests/runtime/list_sort_oracle.py", in_path, out_path});
  std::vector<std::string> lines;
  if (run.exit_code != 0) {
    error = "python exit " + std::to_string(run.exit_code) + ": " + run.err;
  } else {
    std::istringstream out(read_text(out_path));
    for (std::string line; std::getline(out, line);) lines.push_back(line);
  }
  std::remove(in_path.c_str());
  std::remove(out_path.c_str());
  return lines;
}

// How Python's sorted(xs, reverse=True) is built from rt: reverse, stable sort, reverse (as CPython does).
template <class T>
std::vector<T> rt_sorted(const std::vector<T>& items, bool reverse) {
  const rt::list<T> a(items);
  if (reverse) a.reverse();
  a.sort();
  if (reverse) a.reverse();
  return a.to_vector();
}

// Sorts every sample with rt and with CPython (xs.sort(reverse=...)) and expects the same items in the
// same order, bit for bit; reports the first few lists that differ and prints what was compared.
template <class T>
void expect_sorted_as_cpython(const std::vector<Sample<T>>& samples, bool reverse) {
  const char kind = kind_of(T{});
  std::vector<std::string> requests;
  requests.reserve(samples.size());
  for (const auto& s : samples)
    requests.push_back(std::string{kind, ' ', reverse ? 'r' : 's', ' '} + encode(s.items));
  std::string error;
  const auto expected = run_oracle(requests, error);
  ASSERT_EQ(expected.size(), samples.size()) << error;

  std::size_t differing = 0, items = 0, longest = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    items += s.items.size();
    longest = std::max(longest, s.items.size());
    const std::string got = encode(rt_sorted(s.items, reverse));
    if (got == expected[i]) continue;
    if (++differing > 5) continue;
    const auto want = tokens(kind, expected[i]), have = tokens(kind, got);
    std::size_t at = 0;
    while (at < want.size() && at < have.size() && want[at] == have[at]) ++at;
    ADD_FAILURE() << "list " << i << " (" << s.pattern << ", " << s.items.size() << " items"
                  << (reverse ? ", reverse=True" : "") << "): first difference at item " << at << ": CPython "
                  << (at < want.size() ? describe_token(kind, want[at]) : "<end>") << ", rt "
                  << (at < have.size() ? describe_token(kind, have[at]) : "<end>");
  }
  EXPECT_EQ(differing, 0u) << "lists sorted differently from CPython, of " << samples.size();
  std::cout << "compared " << samples.size() << " lists (" << items << " items, up to " << longest
            << " in one) with " << OPSYNTH_TEST_PYTHON << (reverse ? ", reverse=True" : "") << "\n";
}

// ---- Lengths ----

// Every length up to `all_up_to`, the lengths around timsort's thresholds (minrun is the length below
// 64, merging starts at 64, minrun changes at powers of two), and random lengths up to 5000.
std::vector<std::size_t> lengths(std::size_t all_up_to, int randoms, Rng& rng) {
  std::vector<std::size_t> out;
  for (std::size_t n = 0; n <= all_up_to; ++n) out.push_back(n);
  for (std::size_t n : {63,  64,   65,   127,  128,  129,  255,  256,  257,  511,  512,
                        513, 1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097, 5000}) {
    out.push_back(n);
    out.push_back(n);
  }
  std::uniform_int_distribution<std::size_t> any(all_up_to + 1, 5000);
  for (int i = 0; i < randoms; ++i) out.push_back(any(rng));
  return out;
}

// ---- Floats ----

bool coin(Rng& rng, double p) { return std::bernoulli_distribution(p)(rng); }
std::size_t below(Rng& rng, std::size_t n) {
  return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
}

// A quiet NaN with a random payload and sign: equal NaNs would hide where each one went.
double nan_item(Rng& rng) {
  const std::uint64_t payload = rng() & 0x0007ffffffffffffULL;
  const std::uint64_t sign = rng() & 0x8000000000000000ULL;
  return std::bit_cast<double>(0x7ff8000000000000ULL | payload | sign);
}
// An integer-valued float in [lo, hi]; zero gets a random sign, so ties between zeros are visible.
double small_item(Rng& rng, int lo, int hi) {
  const int v = std::uniform_int_distribution<int>(lo, hi)(rng);
  return v == 0 ? (coin(rng, 0.5) ? 0.0 : -0.0) : v;
}
double wide_item(Rng& rng) {
  using L = std::numeric_limits<double>;
  switch (below(rng, 20)) {
    case 0:
      return coin(rng, 0.5) ? L::infinity() : -L::infinity();
    case 1:
      return coin(rng, 0.5) ? L::denorm_min() : -0.0;
    case 2:
      return small_item(rng, -3, 3);
    default:
      return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
  }
}
void sprinkle_nan(std::vector<double>& xs, std::size_t count, Rng& rng) {
  for (std::size_t k = 0; k < count && !xs.empty(); ++k) xs[below(rng, xs.size())] = nan_item(rng);
}
void nan_with_probability(std::vector<double>& xs, double p, Rng& rng) {
  for (double& x : xs) {
    if (coin(rng, p)) x = nan_item(rng);
  }
}

// Ascending runs of random lengths (some with ties), a third of them descending, then a few NaN.
std::vector<double> natural_runs(std::size_t n, std::size_t max_run, Rng& rng) {
  std::vector<double> xs;
  while (xs.size() < n) {
    const std::size_t len = std::min(n - xs.size(), 1 + below(rng, max_run));
    const double start = small_item(rng, -50, 50);
    const bool ties = coin(rng, 0.3), descending = coin(rng, 0.33);
    for (std::size_t k = 0; k < len; ++k) {
      const double v = start + static_cast<double>(ties ? k / 2 : k);
      xs.push_back(descending ? -v : v);
    }
  }
  return xs;
}

// Runs whose items come in blocks that interleave with the other runs' blocks: merging them lets one
// side win `block` times in a row, which sends merge_lo/merge_hi into galloping and moves min_gallop.
std::vector<double> interleaved_blocks(std::size_t n, Rng& rng) {
  const std::size_t runs = 2 + below(rng, 7), block = 1 + below(rng, 120);
  std::vector<double> xs;
  for (std::size_t r = 0; r < runs; ++r) {
    const std::size_t len = r + 1 == runs ? n - xs.size() : n / runs;
    for (std::size_t k = 0; k < len; ++k) {
      const std::size_t b = k / block, within = k % block;
      xs.push_back(static_cast<double>((b * runs + r) * block + within));
    }
  }
  return xs;
}

using FloatPattern = std::pair<const char*, std::function<std::vector<double>(std::size_t, Rng&)>>;

const std::vector<FloatPattern>& float_patterns() {
  static const std::vector<FloatPattern> patterns = {
      {"wide values, 1-3 NaN",
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n);
         for (double& x : xs) x = wide_item(rng);
         sprinkle_nan(xs, 1 + below(rng, 3), rng);
         return xs;
       }},
      {"ties in -2..2, 5% NaN",
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n);
         for (double& x : xs) x = small_item(rng, -2, 2);
         nan_with_probability(xs, 0.05, rng);
         return xs;
       }},
      {"half NaN",
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n);
         for (double& x : xs) x = small_item(rng, -3, 3);
         nan_with_probability(xs, 0.5, rng);
         return xs;
       }},
      {"all NaN",
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n);
         for (double& x : xs) x = nan_item(rng);
         return xs;
       }},
      {"signed zeros, 2% NaN",
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n);
         for (double& x : xs) x = coin(rng, 0.5) ? 0.0 : -0.0;
         nan_with_probability(xs, 0.02, rng);
         return xs;
       }},
      {"zeros, one NaN, a tiny last item",  // the case that revoked builtins.sorted reverse.v1
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n, 0.0);
         for (double& x : xs) x = coin(rng, 0.2) ? -0.0 : 0.0;
         if (n > 0) xs.back() = 1.1102230246251565e-16;
         if (n > 1) xs[below(rng, n - 1)] = nan_item(rng);
         return xs;
       }},
      {"ascending, 0-3 NaN",
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n);
         for (double& x : xs) x = std::floor(wide_item(rng) / 1e4);
         std::sort(xs.begin(), xs.end());
         sprinkle_nan(xs, below(rng, 4), rng);
         return xs;
       }},
      {"descending, 0-3 NaN",
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n);
         const bool ties = coin(rng, 0.5);
         for (std::size_t k = 0; k < n; ++k) xs[k] = -static_cast<double>(ties ? k / 2 : k);
         sprinkle_nan(xs, below(rng, 4), rng);
         return xs;
       }},
      {"ascending, NaN first and last",
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n);
         for (std::size_t k = 0; k < n; ++k) xs[k] = static_cast<double>(k / 3);
         if (n > 0) xs.front() = nan_item(rng);
         if (n > 1) xs.back() = nan_item(rng);
         return xs;
       }},
      {"sawtooth, 1% NaN",
       [](std::size_t n, Rng& rng) {
         const std::size_t period = 2 + below(rng, 300);
         std::vector<double> xs(n);
         for (std::size_t k = 0; k < n; ++k)
           xs[k] = k % period == 0 ? (coin(rng, 0.5) ? 0.0 : -0.0) : k % period;
         nan_with_probability(xs, 0.01, rng);
         return xs;
       }},
      {"natural runs, 0.5% NaN",
       [](std::size_t n, Rng& rng) {
         auto xs = natural_runs(n, 1 + below(rng, 600), rng);
         nan_with_probability(xs, 0.005, rng);
         return xs;
       }},
      {"signed zeros and ties, no NaN",  // rt's radix sort must keep -0.0 and 0.0 in input order
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n);
         for (double& x : xs) x = coin(rng, 0.3) ? (coin(rng, 0.5) ? 0.0 : -0.0) : small_item(rng, -2, 2);
         return xs;
       }},
      {"wide values, no NaN",
       [](std::size_t n, Rng& rng) {
         std::vector<double> xs(n);
         for (double& x : xs) x = wide_item(rng);
         return xs;
       }},
      {"interleaved blocks, 0-5 NaN",
       [](std::size_t n, Rng& rng) {
         auto xs = interleaved_blocks(n, rng);
         sprinkle_nan(xs, below(rng, 6), rng);
         return xs;
       }},
  };
  return patterns;
}

std::vector<Sample<double>> float_samples() {
  Rng rng(20261202);
  std::vector<Sample<double>> out;
  const auto& patterns = float_patterns();
  for (std::size_t n : lengths(200, 0, rng)) {
    for (const auto& [name, make] : patterns) out.push_back({name, make(n, rng)});
  }
  for (int i = 0; i < 500; ++i) {
    const auto& [name, make] = patterns[below(rng, patterns.size())];
    out.push_back({name, make(201 + below(rng, 4800), rng)});
  }
  return out;
}

// ---- Ints and strs: `<` is a total order there; these check the plumbing and the merge bookkeeping ----

std::vector<Sample<std::int64_t>> int_samples() {
  Rng rng(1202);
  std::vector<Sample<std::int64_t>> out;
  for (std::size_t n : lengths(100, 200, rng)) {
    std::vector<std::int64_t> any(n), small(n), runs(n);
    for (auto& x : any) x = static_cast<std::int64_t>(rng());
    for (auto& x : small) x = std::uniform_int_distribution<std::int64_t>(-3, 3)(rng);
    const auto floats = natural_runs(n, 1 + below(rng, 400), rng);
    for (std::size_t k = 0; k < n; ++k) runs[k] = static_cast<std::int64_t>(2 * floats[k]);
    out.push_back({"any int64", any});
    out.push_back({"ties in -3..3", small});
    out.push_back({"natural runs", runs});
  }
  return out;
}

std::vector<Sample<rt::str>> str_samples() {
  Rng rng(2026);
  // ASCII, Latin-1, BMP, astral and a lone surrogate: UTF-8 byte order must agree with code point order.
  const std::u32string alphabet = U"ab\u00e9\u4e2d\U0001f600";
  auto word = [&](std::size_t max_len) {
    std::u32string cps(below(rng, max_len + 1), U'a');
    for (auto& c : cps) c = coin(rng, 0.05) ? char32_t{0xd800} : alphabet[below(rng, alphabet.size())];
    return rt::str::from_code_points(cps);
  };
  std::vector<Sample<rt::str>> out;
  for (std::size_t n : lengths(100, 60, rng)) {
    std::vector<rt::str> any(n), pool_words(5), few(n);
    for (auto& w : any) w = word(4);
    for (auto& w : pool_words) w = word(2);
    for (auto& w : few) w = pool_words[below(rng, pool_words.size())];
    std::vector<rt::str> sorted_runs = any;
    for (std::size_t at = 0; at < n;) {
      const std::size_t len = std::min(n - at, 1 + below(rng, 300));
      std::sort(sorted_runs.begin() + at, sorted_runs.begin() + at + len,
                [](const rt::str& a, const rt::str& b) { return a < b; });
      at += len;
    }
    out.push_back({"words up to 4 code points", any});
    out.push_back({"five distinct words", few});
    out.push_back({"sorted runs of words", sorted_runs});
  }
  return out;
}

// ---- Comparison trace: which pairs are compared, in which order ----

// A float that records every `<` asked of it by original position, so the comparisons rt makes can be
// checked against the ones CPython makes on the same list, one by one; with a budget, the comparison
// after the budget's last one throws, as a Python __lt__ may raise.
struct Probe {
  static inline std::vector<std::int64_t>* trace = nullptr;
  static inline std::int64_t budget = -1;  // comparisons left before one throws; -1: never
  static inline std::int64_t asked = 0;    // comparisons so far
  double value = 0;
  std::int64_t position = 0;
  friend bool operator<(const Probe& a, const Probe& b) {
    if (budget == 0) throw std::runtime_error("comparison budget spent");
    if (budget > 0) --budget;
    ++asked;
    if (trace) {
      trace->push_back(a.position);
      trace->push_back(b.position);
    }
    return a.value < b.value;
  }
  // py_compare's switch names every operator; sort must ask only <.
  static bool not_less(const char* op) {
    ADD_FAILURE() << "sort asked " << op;
    return false;
  }
  friend bool operator==(const Probe&, const Probe&) { return not_less("=="); }
  friend bool operator<=(const Probe&, const Probe&) { return not_less("<="); }
  friend bool operator>(const Probe&, const Probe&) { return not_less(">"); }
  friend bool operator>=(const Probe&, const Probe&) { return not_less(">="); }
};

rt::list<Probe> probes(const std::vector<double>& xs) {
  std::vector<Probe> items;
  for (std::size_t k = 0; k < xs.size(); ++k) items.push_back({xs[k], static_cast<std::int64_t>(k)});
  return rt::list<Probe>(items);
}

std::vector<std::int64_t> positions(const rt::list<Probe>& a) {
  std::vector<std::int64_t> out;
  for (const Probe& p : a) out.push_back(p.position);
  return out;
}

// Samples of every float pattern at the lengths where the algorithm changes shape.
std::vector<Sample<double>> probe_samples(Rng& rng) {
  std::vector<Sample<double>> samples;
  for (std::size_t n : {0, 1, 2, 3, 17, 63, 64, 65, 129, 256, 1025, 2049}) {
    for (const auto& [name, make] : float_patterns()) samples.push_back({name, make(n, rng)});
  }
  return samples;
}

// Expects CPython's line for each sample; reports the first few that differ, by item.
void expect_lines(const std::vector<Sample<double>>& samples, const std::vector<std::string>& want_lines,
                  const std::vector<std::string>& have_lines, const char* what) {
  std::size_t differing = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (have_lines[i] == want_lines[i] || ++differing > 5) continue;
    const auto want = tokens('i', want_lines[i]), have = tokens('i', have_lines[i]);
    std::size_t at = 0;
    while (at < want.size() && at < have.size() && want[at] == have[at]) ++at;
    ADD_FAILURE() << "list " << i << " (" << samples[i].pattern << ", " << samples[i].items.size()
                  << " items): " << what << " differ at number " << at << " (CPython " << want.size()
                  << ", rt " << have.size() << ")";
  }
  EXPECT_EQ(differing, 0u) << "lists where " << what << " differ from CPython's, of " << samples.size();
}

}  // namespace

TEST(ListSort, float_lists_with_nan_sort_as_cpython_list_sort) {
  expect_sorted_as_cpython(float_samples(), false);
}

TEST(ListSort, float_lists_with_nan_reverse_then_sort_then_reverse_as_cpython_sort_reverse_true) {
  expect_sorted_as_cpython(float_samples(), true);
}

TEST(ListSort, int_lists_sort_as_cpython_in_both_orders) {
  const auto samples = int_samples();
  expect_sorted_as_cpython(samples, false);
  expect_sorted_as_cpython(samples, true);
}

TEST(ListSort, str_lists_sort_as_cpython_in_both_orders) {
  const auto samples = str_samples();
  expect_sorted_as_cpython(samples, false);
  expect_sorted_as_cpython(samples, true);
}

TEST(ListSort, asks_cpython_s_comparisons_in_cpython_s_order) {
  // CPython's side wraps each float in an object whose __lt__ logs the pair (list_sort_oracle.py 't').
  Rng rng(64);
  const auto samples = probe_samples(rng);
  std::vector<std::string> requests;
  for (const auto& s : samples) requests.push_back("t s " + encode(s.items));
  std::string error;
  const auto expected = run_oracle(requests, error);
  ASSERT_EQ(expected.size(), samples.size()) << error;

  std::vector<std::string> got;
  std::size_t comparisons = 0;
  for (const auto& s : samples) {
    std::vector<std::int64_t> asked;
    Probe::trace = &asked;
    probes(s.items).sort();
    Probe::trace = nullptr;
    comparisons += asked.size() / 2;
    got.push_back(encode(asked));
  }
  expect_lines(samples, expected, got, "comparison positions");
  std::cout << "traced " << comparisons << " comparisons on " << samples.size() << " lists\n";
}

TEST(ListSort, a_comparison_that_throws_leaves_the_list_as_cpython_leaves_it) {
  // The comparison after the first k raises (list_sort_oracle.py 'e'); whatever count_run, binary
  // insertion or a merge had moved by then must be where CPython has it, nothing lost or doubled.
  Rng rng(65);
  const auto samples = probe_samples(rng);
  std::vector<std::int64_t> budgets;
  std::vector<std::string> requests;
  for (const auto& s : samples) {
    // A budget short of the comparisons a whole sort makes, so that one always throws (if any is made).
    Probe::asked = 0;
    probes(s.items).sort();
    budgets.push_back(Probe::asked ? std::uniform_int_distribution<std::int64_t>(0, Probe::asked - 1)(rng)
                                   : 0);
    requests.push_back("e " + std::to_string(budgets.back()) + " " + encode(s.items));
  }
  std::string error;
  const auto expected = run_oracle(requests, error);
  ASSERT_EQ(expected.size(), samples.size()) << error;

  std::vector<std::string> got;
  std::size_t thrown = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto a = probes(samples[i].items);
    Probe::budget = budgets[i];
    try {
      a.sort();
    } catch (const std::runtime_error&) {
      ++thrown;
    }
    Probe::budget = -1;
    got.push_back(encode(positions(a)));
  }
  expect_lines(samples, expected, got, "positions after the sort");
  std::cout << "a comparison threw in " << thrown << " of " << samples.size() << " sorts\n";
}
