// The sizes verification reaches: size bands, the sweep of long cases every random phase runs, and the
// budgets that bound it (verify/README.md "Sizes").
//
// Random draws stay mostly short, because short inputs shrink well and run fast. But real
// implementations change behaviour at sizes: unrolled loops and SIMD remainders (every length 0-17),
// numpy's pairwise summation (blocks of 8 from 9 elements, recursion past 128), scratch buffers of 256
// or 1024, a different algorithm past a cutoff. So each random phase also runs a deterministic sweep
// over those lengths, with fresh contents from the phase's seed, and the large tier (4096 and up) as far
// as a byte and time budget allows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "core/value.hpp"
#include "verify/case.hpp"
#include "verify/domain.hpp"

namespace opsynth::verify {

// How the characters of a long string are chosen.
enum class TextStyle {
  Mixed,      // the random phases' mix: ASCII, odd code points, the domain's alphabet
  Ascii,      // printable ASCII (or the domain's alphabet): ASCII fast paths
  NonAscii,   // code points from every plane: byte/code-point confusion
  RareAtEnd,  // ASCII with one non-ASCII code point last: fast paths that judge by a prefix
  Numeral,    // a number padded to the length with spaces or zeros: parsers (int(), float()) on long text
};

// The sweep's lengths in ascending order: every length 0-17, then 31-33, 63-65, 127-129, 255-257,
// 1023-1025, then the large tier 4096, 16384, 65536, 262144, 1048576.
const std::vector<std::int64_t>& sweep_lengths();
inline constexpr std::int64_t kLargeTier = 4096;
// Values in a list or dict are nodes of their own, so lists and dicts stop at this length in the sweep.
inline constexpr std::int64_t kMaxContainerSweep = 65536;
// The short axes beside a long one in the sweep are 1..kShortAxis long.
inline constexpr std::int64_t kShortAxis = 5;
// The inner sweep (SizeTarget::inner) stops at this length: up to kShortAxis items of it in one argument.
inline constexpr std::int64_t kMaxInnerSweep = kLargeTier;

// Size bands for reports: "0-17", "18-30", "31-33", "34-62", ..., "1023-1025", "1026-4095", "4096-16383",
// "16384-65535", "65536-262143", "262144+". A band is keyed by its first length, so maps keep them in order.
std::int64_t band_first(std::int64_t length);
std::string band_name(std::int64_t first);

// One case of the sweep.
struct SizeTarget {
  std::int64_t length = 0;
  // Arrays: the broadcast-aligned axis slot (0 = the first axis of the highest-rank argument) that gets
  // `length`, the other axes short; -1 = every axis gets `length`.
  int long_axis = -1;
  bool only_first = false;  // only the first argument with a length is long; the others stay short
  TextStyle text = TextStyle::Ascii;
  bool view = false;       // ndarray arguments arrive as strided, reversed or transposed views
  bool tail_edge = false;  // the last element is an edge value (NaN, inf, -0.0, an int extreme)
  // Floats from the random phases' whole mix (NaN, inf, huge values anywhere) instead of finite moderate
  // ones: long contents from that mix make nearly every sum NaN or inf, so only one case per length has them.
  bool mixed = false;
  // Floats drawn from a few values that tie: 0.0, -0.0, +-1, +-2. Which of two tied zeros a min, max or
  // sum keeps, a first occurrence, a stable order: wrong only past a length where a fast path starts,
  // such a candidate met no tie in the long cases' distinct random floats.
  bool ties = false;
  // The strs, lists and dicts inside a list or dict argument get `length`, and that argument holds 1 to
  // kShortAxis of them: elsewhere the items of a container are short, and an operator wrong only on a
  // long list held by a dict (an append that stops at 40 items) passed every sweep.
  bool inner = false;

  bool operator==(const SizeTarget&) const = default;
};

// Limits on the sweep. An array case is generated only if its elements fit `max_case_elements`; a case
// whose CPython result exceeds `max_result_bytes`, or that CPython cannot finish (MemoryError, over
// `oracle_batch_seconds`), is skipped and reported, and the sweep stops growing; the large tier also
// stops once one of its lengths took longer than `large_step_seconds`.
struct SizeBudget {
  std::int64_t max_case_elements = std::int64_t{1} << 20;
  std::size_t max_result_bytes = std::size_t{32} << 20;
  double large_step_seconds = 3.0;
  // CPython's time for one batch of sweep cases: a Python function quadratic in its input (verify
  // --function) is stopped there, its cases skipped and the sweep ended.
  double oracle_batch_seconds = 10.0;
  // A candidate that runs out of the worker's memory on a case CPython needed more than this for is
  // skipped, not rejected (the case is too big for the sandbox); on a smaller case it is rejected.
  std::size_t worker_memory_bytes = std::size_t{1} << 30;
  std::size_t too_big_for_worker() const { return worker_memory_bytes / 4; }
};

// The sweep for a signature: for each length, every array axis long in turn with the others short, all
// axes long while the array fits the budget, text in each style, views, an edge value at the tail,
// (with several sized arguments) only the first one long, and (with strs, lists or dicts inside a list or
// dict) those inner ones long. The domain's narrowing caps every length.
// Empty when no parameter has a length.
std::vector<SizeTarget> size_sweep(const Signature& sig, const Domain& domain, const SizeBudget& budget = {});

// The longest list, dict, str (in code points) or array axis in a value or a case, nested ones included.
std::int64_t value_length(const Value& value);
std::int64_t case_length(const Case& c);
// Roughly the bytes a value holds (array data, string bytes, 16 per scalar), for budgets.
std::size_t value_bytes(const Value& value);

// Cases run per band, keyed by band_first().
using BandCounts = std::map<std::int64_t, std::size_t>;
void count_band(BandCounts& counts, const Case& c);

}  // namespace opsynth::verify
