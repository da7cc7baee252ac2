// Input generators for verification: edge values, per-type RapidCheck generators, cases, seeded draws.
#include "verify/generators.hpp"
#include "verify/relations.hpp"
#include "core/utf8.hpp"
#include "rt/str.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <utility>

namespace opsynth::verify {
namespace {

using I64 = std::numeric_limits<std::int64_t>;

// ---------------------------------------------------------------------------------------------------------
// Choice and integer primitives. RapidCheck's inRange scales with size and shrinks towards its minimum, and
// weightedOneOf never shrinks across alternatives; these are uniform at every size and shrink where we say.

// Picks alternative i with probability weight_i / sum; shrinking moves towards alternative 0, so the first
// alternative must be the simplest one (small values, no layout, no alias).
template <class T>
rc::Gen<T> choose(std::vector<std::pair<std::uint32_t, rc::Gen<T>>> alternatives) {
  std::vector<std::uint32_t> weights;
  std::vector<rc::Gen<T>> gens;
  for (auto& [weight, gen] : alternatives) {
    if (weight == 0) continue;
    weights.push_back(weight);
    gens.push_back(std::move(gen));
  }
  std::uint64_t total = 0;
  for (auto w : weights) total += w;
  rc::Gen<std::size_t> index = [weights, total](const rc::Random& random, int) {
    std::uint64_t ticket = rc::Random(random).next() % total;
    std::size_t i = 0;
    while (ticket >= weights[i]) ticket -= weights[i++];
    return rc::shrinkable::shrinkRecur(i,
                                       [](std::size_t x) { return rc::shrink::towards<std::size_t>(x, 0); });
  };
  return rc::gen::mapcat(index, [gens](std::size_t i) { return gens[i]; });
}

// A fixed tuple of generators as one generator of their values; shrinks each position in turn.
template <class T>
rc::Gen<std::vector<T>> sequence(const std::vector<rc::Gen<T>>& gens) {
  if (gens.size() == 1) return rc::gen::map(gens[0], [](T x) { return std::vector<T>{std::move(x)}; });
  rc::Gen<std::vector<T>> acc = rc::gen::just(std::vector<T>{});
  for (const auto& g : gens) {
    acc = rc::gen::map(rc::gen::pair(acc, g), [](std::pair<std::vector<T>, T> p) {
      p.first.push_back(std::move(p.second));
      return std::move(p.first);
    });
  }
  return acc;
}

// One of a fixed list, uniformly; no shrinking inside the list (choose() shrinks away from it).
template <class T>
rc::Gen<T> one_of_list(std::vector<T> items) {
  return rc::gen::elementOf(std::move(items));
}

// Uniform in [lo, hi] at every size, shrinking towards `target` (clamped into range). Works on the
// unsigned offset from lo so that the full int64 range never overflows.
rc::Gen<std::int64_t> int_between(std::int64_t lo, std::int64_t hi, std::int64_t target) {
  target = std::clamp(target, lo, hi);
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;  // 0 = 2^64
  const std::uint64_t target_offset = static_cast<std::uint64_t>(target) - static_cast<std::uint64_t>(lo);
  rc::Gen<std::uint64_t> offset = [span, target_offset](const rc::Random& random, int) {
    std::uint64_t x = rc::Random(random).next();
    if (span != 0) x %= span;
    return rc::shrinkable::shrinkRecur(
        x, [target_offset](std::uint64_t v) { return rc::shrink::towards<std::uint64_t>(v, target_offset); });
  };
  return rc::gen::map(offset, [lo](std::uint64_t u) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + u);
  });
}

// Like int_between but the range grows with size (10 + 10 * size around 0): small values first.
rc::Gen<std::int64_t> small_int(std::int64_t lo, std::int64_t hi) {
  return rc::gen::withSize([lo, hi](int size) {
    const std::int64_t reach = 10 + 10 * static_cast<std::int64_t>(std::max(size, 0));
    std::int64_t a = std::clamp<std::int64_t>(-reach, lo, hi);
    std::int64_t b = std::clamp<std::int64_t>(reach, lo, hi);
    return int_between(a, b, 0);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Integers.

struct IntRange {
  std::int64_t lo = I64::min();
  std::int64_t hi = I64::max();
};

IntRange int_range(const Domain& d, std::int64_t type_lo, std::int64_t type_hi) {
  IntRange r{std::max(type_lo, d.int_min.value_or(type_lo)), std::min(type_hi, d.int_max.value_or(type_hi))};
  if (r.lo > r.hi) r.hi = r.lo;  // an empty domain is a person's typo; keep generating its lower bound
  return r;
}

// Most telling first: edge_cases() keeps a prefix when the cross product is too large.
std::vector<std::int64_t> int_edges(IntRange r) {
  std::vector<std::int64_t> raw = {0,
                                   1,
                                   -1,
                                   2,
                                   -2,
                                   3,
                                   I64::max(),
                                   I64::min(),
                                   I64::max() - 1,
                                   I64::min() + 1,
                                   10,
                                   -10,
                                   7,
                                   255,
                                   256,
                                   -129,
                                   2147483647,
                                   -2147483648LL,
                                   2147483648LL,
                                   -2147483649LL,
                                   4294967296LL,
                                   9007199254740992LL,
                                   9007199254740993LL,
                                   -9007199254740993LL,
                                   std::int64_t{1} << 62,
                                   -(std::int64_t{1} << 62)};
  for (int k = 4; k < 63; k += 5) {
    std::int64_t p = std::int64_t{1} << k;
    raw.insert(raw.end(), {p - 1, p, p + 1, -p});
  }
  std::vector<std::int64_t> out;
  auto add = [&](std::int64_t v) {
    if (v >= r.lo && v <= r.hi && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  add(std::clamp<std::int64_t>(0, r.lo, r.hi));
  add(r.lo);
  add(r.hi);
  if (r.lo < I64::max()) add(r.lo + 1);
  if (r.hi > I64::min()) add(r.hi - 1);
  for (auto v : raw) add(v);
  return out;
}

// Magnitudes spread over all bit lengths: 2^k-sized values are as likely for k = 3 as for k = 60.
rc::Gen<std::int64_t> log_uniform_int(IntRange r) {
  return rc::gen::mapcat(int_between(0, 62, 0), [r](std::int64_t bits) {
    const std::int64_t m = (std::int64_t{1} << bits);
    return rc::gen::map(int_between(-m, m, 0), [r](std::int64_t v) { return std::clamp(v, r.lo, r.hi); });
  });
}

rc::Gen<std::int64_t> int_gen(IntRange r) {
  return choose<std::int64_t>({
      {3, small_int(r.lo, r.hi)},
      {2, int_between(r.lo, r.hi, 0)},
      {3, log_uniform_int(r)},
      {3, one_of_list(int_edges(r))},
  });
}

// ---------------------------------------------------------------------------------------------------------
// Floats. A FloatFormat describes double or float32 so that both get edges and exponents of their own.

struct FloatFormat {
  int min_normal_exp;  // exponent of the smallest normal (-1022 / -126)
  int max_exp;         // exponent of the largest finite (1023 / 127)
  int mantissa_bits;   // 52 / 23
  bool single;
};
constexpr FloatFormat kDouble{-1022, 1023, 52, false};
constexpr FloatFormat kSingle{-126, 127, 23, true};

struct FloatRange {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool nan = true;
  bool inf = true;
};

FloatRange float_range(const Domain& d, const FloatFormat& f) {
  FloatRange r;
  r.lo = d.float_min.value_or(r.lo);
  r.hi = d.float_max.value_or(r.hi);
  if (r.lo > r.hi) r.hi = r.lo;
  r.nan = d.allow_nan;  // NaN is outside every interval; the domain says separately whether it is wanted
  r.inf = d.allow_inf;
  if (f.single) {  // a float32 bound is the nearest float32 inside the double bound
    auto inward = [](double b, double towards) {
      float x = static_cast<float>(b);
      if (std::isfinite(b) && (towards > b ? x < b : x > b))
        x = std::nextafter(x, static_cast<float>(towards));
      return static_cast<double>(x);
    };
    r.lo = inward(r.lo, r.hi);
    r.hi = inward(r.hi, r.lo);
  }
  return r;
}

bool in_range(double x, const FloatRange& r) {
  if (std::isnan(x)) return r.nan;
  if (std::isinf(x) && !r.inf) return false;
  return x >= r.lo && x <= r.hi;
}

// Moves a finite draw into the domain; out-of-range draws land on the nearest bound, which is itself a
// telling value, and makes values shrinking towards 0 end at the bound nearest 0.
double fit(double x, const FloatRange& r, const FloatFormat& f) {
  double lo = std::isinf(r.lo) ? -std::numeric_limits<double>::max() : r.lo;
  double hi = std::isinf(r.hi) ? std::numeric_limits<double>::max() : r.hi;
  if (f.single) {
    lo = std::max(lo, -static_cast<double>(std::numeric_limits<float>::max()));
    hi = std::min(hi, static_cast<double>(std::numeric_limits<float>::max()));
  }
  x = std::clamp(x, lo, hi);
  if (f.single) {
    float y = static_cast<float>(x);
    if (y > hi) y = std::nextafter(y, -std::numeric_limits<float>::infinity());
    if (y < lo) y = std::nextafter(y, std::numeric_limits<float>::infinity());
    x = y;
  }
  return x;
}

std::vector<double> float_edges(const FloatRange& r, const FloatFormat& f) {
  using D = std::numeric_limits<double>;
  using F = std::numeric_limits<float>;
  const double nan = D::quiet_NaN(), inf = D::infinity();
  std::vector<double> raw = {0.0, -0.0, 1.0, -1.0, nan, inf, -inf, 0.5, -0.5, 2.5, -2.5, 1.5, 2.0, 3.0};
  if (f.single) {
    raw.insert(raw.end(),
               {static_cast<double>(F::denorm_min()), -static_cast<double>(F::denorm_min()),
                static_cast<double>(F::min()), -static_cast<double>(F::min()), static_cast<double>(F::max()),
                -static_cast<double>(F::max()), static_cast<double>(F::epsilon()), 16777216.0, 16777218.0,
                static_cast<double>(0.1f), static_cast<double>(std::nextafter(1.0f, 2.0f)), 1e30, 1e-30, 10.0,
                -7.0});
  } else {
    raw.insert(raw.end(), {D::denorm_min(),
                           -D::denorm_min(),
                           D::min(),
                           -D::min(),
                           std::nextafter(D::min(), 0.0),
                           D::max(),
                           -D::max(),
                           D::epsilon(),
                           std::nextafter(1.0, 2.0),
                           std::nextafter(1.0, 0.0),
                           0.49999999999999994,
                           0.1,
                           -0.1,
                           1.0 / 3.0,
                           10.0,
                           -7.0,
                           9007199254740992.0,
                           9007199254740994.0,
                           -9007199254740994.0,
                           9223372036854775808.0,
                           -9223372036854775808.0,
                           18446744073709551616.0,
                           1e16,
                           1e300,
                           -1e300,
                           1e-300,
                           709.78,
                           710.0,
                           -745.2,
                           3.141592653589793,
                           -nan});
  }
  std::vector<double> out;
  auto add = [&](double v) {
    if (!in_range(v, r)) return;
    for (double o : out) {
      if (std::bit_cast<std::uint64_t>(o) == std::bit_cast<std::uint64_t>(v)) return;
    }
    out.push_back(v);
  };
  const double zero = fit(0.0, r, f);
  add(zero);
  if (zero == 0.0) add(-0.0);
  for (double b : {r.lo, r.hi}) {
    if (!std::isfinite(b)) continue;
    add(b);
    double other = b == r.lo ? r.hi : r.lo;
    add(f.single ? static_cast<double>(std::nextafter(static_cast<float>(b), static_cast<float>(other)))
                 : std::nextafter(b, other));
  }
  for (double v : raw) add(v);
  if (out.empty()) out.push_back(zero);
  return out;
}

// Integers and halves (x.5 probes rounding) near 0, growing with size; shrinks to 0.0 or the bound nearest 0.
rc::Gen<double> simple_float(const FloatRange& r, const FloatFormat& f) {
  return rc::gen::map(small_int(I64::min() / 2, I64::max() / 2),
                      [r, f](std::int64_t k) { return fit(static_cast<double>(k) / 2.0, r, f); });
}

// Finite values over a chosen exponent range: exponent, mantissa and sign drawn separately, so 1e-300 is as
// likely as 1e300 and as 1.0. exponent < min_normal_exp gives a subnormal. Shrinks towards 2^0 = 1.0.
rc::Gen<double> float_over_exponents(const FloatRange& r, const FloatFormat& f, int e_lo, int e_hi,
                                     bool positive, bool negative) {
  const std::int64_t mantissa_max = (std::int64_t{1} << f.mantissa_bits) - 1;
  auto parts = rc::gen::tuple(int_between(e_lo, e_hi, 0), int_between(0, mantissa_max, 0),
                              int_between(positive ? 0 : 1, negative ? 1 : 0, 0));
  return rc::gen::map(parts, [r, f](const std::tuple<std::int64_t, std::int64_t, std::int64_t>& p) {
    const auto [e, m, sign] = p;
    double x = e < f.min_normal_exp
                   ? std::ldexp(static_cast<double>(m), f.min_normal_exp - f.mantissa_bits)
                   : std::ldexp(static_cast<double>(m + (std::int64_t{1} << f.mantissa_bits)),
                                static_cast<int>(e) - f.mantissa_bits);
    return fit(sign ? -x : x, r, f);
  });
}

// Shrinks in value space, after a generator's own shrinks: towards `target` (0.0 or the bound nearest it)
// by halving the distance, integers first. Component shrinking alone stalls at powers of two (exponent 7,
// mantissa 0 = 128 when the property fails above 100); this continues down to just above 100.
rc::Seq<double> float_shrinks(double x, const FloatRange& r, const FloatFormat& f) {
  std::vector<double> out;
  if (!std::isfinite(x)) return rc::seq::fromContainer(std::move(out));
  const double target = fit(0.0, r, f);
  auto add = [&](double v) {
    v = fit(v, r, f);
    if (v != x && std::fabs(v - target) <= std::fabs(x - target)) out.push_back(v);
  };
  add(target);
  add(std::trunc(x));
  for (double d = (x - target) / 2; std::isfinite(d) && x - d != x; d /= 2) add(x - d);
  return rc::seq::fromContainer(std::move(out));
}

rc::Gen<double> shrinking_in_value_space(rc::Gen<double> gen, const FloatRange& r, const FloatFormat& f) {
  return rc::gen::shrink(std::move(gen), [r, f](double x) { return float_shrinks(x, r, f); });
}

int exponent_of(double magnitude, const FloatFormat& f) {
  if (!std::isfinite(magnitude)) return f.max_exp;
  if (magnitude == 0.0) return f.min_normal_exp - 1;
  return std::clamp(std::ilogb(magnitude), f.min_normal_exp - 1, f.max_exp);
}

// Whole-exponent-range values limited to what the domain can hold (for [2, 10] exponents 1..3, positive).
rc::Gen<double> wide_float(const FloatRange& r, const FloatFormat& f, bool integral, int cap_exp) {
  const bool positive = r.hi > 0.0, negative = r.lo < 0.0;
  int e_hi = std::min(exponent_of(std::max(std::fabs(r.lo), std::fabs(r.hi)), f), cap_exp);
  int e_lo = f.min_normal_exp - 1;
  if (r.lo > 0.0) e_lo = exponent_of(r.lo, f);
  if (r.hi < 0.0) e_lo = exponent_of(-r.hi, f);
  if (integral) e_lo = std::max(e_lo, 0);
  e_hi = std::max(e_hi, e_lo);
  auto g =
      shrinking_in_value_space(float_over_exponents(r, f, e_lo, e_hi, positive || !negative, negative), r, f);
  if (!integral) return g;
  return rc::gen::map(g, [r, f](double x) { return fit(std::trunc(x), r, f); });
}

// Uniform over a bounded domain (only when both bounds are finite): fills the interval evenly.
rc::Gen<double> uniform_float(const FloatRange& r, const FloatFormat& f) {
  auto g = rc::gen::map(int_between(0, (std::int64_t{1} << 53), 0), [r, f](std::int64_t k) {
    const double u = std::ldexp(static_cast<double>(k), -53);
    return fit(r.lo * (1.0 - u) + r.hi * u, r, f);
  });
  return shrinking_in_value_space(g, r, f);
}

rc::Gen<double> float_gen(const FloatRange& r, const FloatFormat& f) {
  const bool bounded = std::isfinite(r.lo) && std::isfinite(r.hi);
  return choose<double>({
      {3, simple_float(r, f)},
      {4, wide_float(r, f, false, f.max_exp)},
      {1, wide_float(r, f, true, 64)},
      {bounded ? 2u : 0u, bounded ? uniform_float(r, f) : simple_float(r, f)},
      {3, one_of_list(float_edges(r, f))},
  });
}

// Array elements: a third small values, a third moderate finite values, a third the full scalar mix.
// Per-element edges would put a NaN into nearly every 64-element array and hide all other arithmetic.
rc::Gen<double> float_element_gen(const FloatRange& r, const FloatFormat& f) {
  auto moderate = choose<double>({{1, simple_float(r, f)}, {3, wide_float(r, f, false, 30)}});
  return choose<double>({{1, simple_float(r, f)}, {1, moderate}, {1, float_gen(r, f)}});
}

// ---------------------------------------------------------------------------------------------------------
// Complex numbers: independent parts (so nan+0j, inf-0j, 0-0j all occur), pure reals, and a few edges.

// complex64 (f = kSingle) gets float32's own extremes in place of 1e300: its largest finite and smallest
// subnormal parts.
std::vector<std::complex<double>> complex_edges(const FloatRange& r, const FloatFormat& f = kDouble) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const double big = f.single ? double(std::numeric_limits<float>::max()) : 1e300;
  const double tiny = double(std::numeric_limits<float>::denorm_min());
  std::vector<std::complex<double>> raw = {
      {0, 0},   {0, -0.0},  {-0.0, 0}, {1, 0},   {0, 1},     {-1, 0},     {1, 1},     {nan, 0},
      {0, nan}, {nan, nan}, {inf, 0},  {0, inf}, {inf, nan}, {-inf, inf}, {big, big}, {0.5, -2.5}};
  if (f.single) raw.insert(raw.end(), {{-0.0, -0.0}, {tiny, -big}});
  std::vector<std::complex<double>> out;
  for (auto c : raw) {
    if (in_range(c.real(), r) && in_range(c.imag(), r)) out.push_back(c);
  }
  if (out.empty()) out.push_back({fit(0.0, r, f), fit(0.0, r, f)});
  return out;
}

rc::Gen<std::complex<double>> complex_gen(const FloatRange& r, bool element, const FloatFormat& f = kDouble) {
  auto part = element ? float_element_gen(r, f) : float_gen(r, f);
  auto pair = rc::gen::map(rc::gen::pair(part, part), [](const std::pair<double, double>& p) {
    return std::complex<double>(p.first, p.second);
  });
  auto real = rc::gen::map(part, [](double x) { return std::complex<double>(x, 0.0); });
  return choose<std::complex<double>>(
      {{4, pair}, {1, real}, {element ? 0u : 1u, one_of_list(complex_edges(r, f))}});
}

// ---------------------------------------------------------------------------------------------------------
// Text: generalized UTF-8 (Python strs may hold lone surrogates; os.fsdecode makes them). Code points
// that break naive C++ string code: combining marks, astral characters, case mappings that change length
// (ß -> SS, ﬁ -> FI, İ -> i̇), Unicode whitespace that str.split() honours, digits from other scripts that
// int() accepts, and the boundary code points below.

std::string utf8(const std::u32string& text) {
  std::string out;
  for (char32_t c : text) append_utf8(out, c);
  return out;
}

const std::vector<char32_t>& odd_code_points() {
  static const std::vector<char32_t> points = {
      U'ß',      U'İ',      U'ı',          U'ſ',          U'ﬁ',      U'ﬀ',      U'Σ',          U'ς',
      U'ǅ',      U'µ',      U'\u212a',     U'\u212b',     U'\u0301', U'\u0308', U'\u00a0',     U'\u2028',
      U'\u2029', U'\u3000', U'\u200b',     U'\u0085',     U'\u001c', U'\t',     U'\n',         U'\r',
      U'\v',     U'\f',     U'\u0663',     U'\u06f4',     U'\u096b', U'\uff11', U'\U0001d7d8', U'\u00b2',
      U'\u00bd', U'\u216b', U'\U0001f600', U'\U0001d400', U'\u0000', U'\ufeff', U'\u00e9',     U'\u0130'};
  return points;
}

rc::Gen<char32_t> code_point(std::uint32_t lo, std::uint32_t hi) {
  return rc::gen::map(int_between(lo, hi, lo), [](std::int64_t c) { return static_cast<char32_t>(c); });
}

// Where random text draws its code points from (weights), besides the odd ones of odd_code_points().
struct PointRange {
  std::uint32_t weight;
  char32_t lo, hi;
};
const std::vector<PointRange>& unicode_ranges() {
  static const std::vector<PointRange> ranges = {
      {4, 'a', 'z'},           {3, 0x20, 0x7e},
      {1, 0x00, 0x1f},         // C0 controls: byte-range tests (c <= ' ') count them wrongly
      {1, 0x7f, 0x9f},         // DEL and the C1 controls (U+0085 is whitespace, its neighbours are not)
      {2, 0xa0, 0x24f},        // Latin-1 and Latin Extended
      {1, 0x300, 0x36f},       // combining marks
      {1, 0x370, 0x4ff},       // Greek, Cyrillic
      {1, 0x4e00, 0x9fff},     // CJK
      {1, 0x1f300, 0x1faff},   // astral: emoji
  };
  return ranges;
}
constexpr std::uint32_t kOddPointsWeight = 3;

// Both sides of every edge a byte-range or table test is written against: ASCII classes (controls,
// space, digits, letters), DEL and the C1 block, Latin-1's end, the UTF-8 width steps (0x7f/0x80,
// 0x7ff/0x800, 0xffff/0x10000), the surrogate block and its halves, the noncharacters, U+10FFFF, and
// the Unicode spaces outside Latin-1. A candidate wrong on one code point just past a range it tests is
// wrong on one of these; the op's declared alphabet never confines them (a split_count counting 0x0e as
// a space passed 11,588 cases when strs came only from the alphabet and the ranges above).
const std::vector<char32_t>& boundary_code_points() {
  static const std::vector<char32_t> points = {
      0x01,   0x08,   0x0e,   0x1b,    0x1f,    0x21,    0x2f,    0x30,    0x39,   0x3a,   0x40,   0x41,
      0x5a,   0x5b,   0x60,   0x61,    0x7a,    0x7b,    0x7e,    0x7f,    0x80,   0x84,   0x86,   0x9f,
      0xa1,   0xbf,   0xc0,   0xd7,    0xdf,    0xf7,    0xff,    0x100,   0x17f,  0x180,  0x7ff,  0x800,
      0x1680, 0x2000, 0x200a, 0x202f,  0x205f,  0xd7ff,  0xd800,  0xdbff,  0xdc00, 0xdc80, 0xdfff, 0xe000,
      0xfdd0, 0xfffd, 0xfffe, 0xffff,  0x10000, 0x10ffff};
  return points;
}
constexpr std::uint32_t kBoundaryPointsWeight = 2;

rc::Gen<char32_t> unicode_code_point() {
  std::vector<std::pair<std::uint32_t, rc::Gen<char32_t>>> alternatives;
  for (const auto& r : unicode_ranges()) alternatives.push_back({r.weight, code_point(r.lo, r.hi)});
  alternatives.push_back({kOddPointsWeight, one_of_list(odd_code_points())});
  alternatives.push_back({kBoundaryPointsWeight, one_of_list(boundary_code_points())});
  return choose<char32_t>(std::move(alternatives));
}

std::vector<std::string> text_edges(std::int64_t max_len) {
  const std::vector<std::u32string> raw = {U"",
                                           U"a",
                                           U" ",
                                           U"ß",
                                           U"İ",
                                           U"ſ",
                                           U"ﬁ",
                                           U"e\u0301",
                                           U"\U0001f600",
                                           U"\u00a0",
                                           U"\u2028",
                                           U"\u3000",
                                           U"\u0663\u0664",
                                           U"Hello World",
                                           U" \t x \n",
                                           U"ǅ",
                                           U"ΣΑΣ",
                                           U"0",
                                           U"-12",
                                           U"1_000",
                                           U"inf",
                                           U"nan",
                                           U"1e5",
                                           U"a\u0000b",
                                           U"AbC",
                                           U"\U0001d400\U0001d7d8",
                                           U"\uff11\uff12",
                                           U"aa",
                                           U"a,b,,c",
                                           U"a\u000eb\u001bc\u007fd",
                                           U"\u0085\u0084\u0086",
                                           // lone surrogates (a UCN may not name one)
                                           std::u32string{char32_t{0xdc80}, U'x', char32_t{0xd800}}};
  std::vector<std::string> out;
  for (const auto& s : raw) {
    if (static_cast<std::int64_t>(s.size()) <= max_len) out.push_back(utf8(s));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Bulk contents. Past kBulkElements, a Shrinkable per element costs more than the case itself (seconds for
// 2^20 floats), so long arrays and strings draw their contents from one seed with a small generator, in
// the proportions of the per-element mix, without element shrinking. Element k depends on the seed and k
// alone, so shrinking the length keeps a prefix.

constexpr std::int64_t kBulkElements = 4096;

struct SplitMix {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive; any int64 range
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + (span ? next() % span : next()));
  }
};

// ---------------------------------------------------------------------------------------------------------
// Lengths. Random phases draw mostly short lengths (they shrink well and run fast) plus, one draw in ten, a
// band edge where implementations change behaviour; the size sweep (sizes.hpp) reaches the long ones.

constexpr std::int64_t kShortLength = 17;   // every length 0-17 is common in random draws
constexpr std::int64_t kNestedLength = 8;   // a list's lists, a dict's str keys
constexpr std::int64_t kRandomArrayElements = 4096;

std::int64_t capped(std::int64_t n, const std::optional<std::int64_t>& cap) {
  return std::max<std::int64_t>(0, cap ? std::min(n, *cap) : n);
}

// Exactly n, shrinking towards 0 by halving the distance: a failure at 1025 shrinks to the first length
// that still fails, near the threshold.
rc::Gen<std::int64_t> exact_length(std::int64_t n) {
  return [n](const rc::Random&, int) {
    return rc::shrinkable::shrinkRecur(n, [](std::int64_t x) { return rc::shrink::towards<std::int64_t>(x, 0); });
  };
}

// One of the band edges, then shrinking towards 0 like any length: a failure at 127 shrinks to the first
// length that still fails.
rc::Gen<std::int64_t> band_edge_length(std::vector<std::int64_t> edges) {
  if (edges.empty()) return rc::gen::just<std::int64_t>(0);
  return rc::gen::mapcat(one_of_list(std::move(edges)), exact_length);
}

// Uniform 0..max with extra weight on 0 and 1; one draw in ten a band edge 31-33, 63-65 or 127-129 (the
// blocks of numpy's pairwise summation). Never above `cap`; shrinks towards 0.
rc::Gen<std::int64_t> random_length(std::int64_t max_len, const std::optional<std::int64_t>& cap) {
  const std::int64_t top = capped(max_len, cap);
  std::vector<std::int64_t> edges;
  if (max_len == kShortLength) {
    for (std::int64_t e : {31, 32, 33, 63, 64, 65, 127, 128, 129})
      if (!cap || e <= *cap) edges.push_back(e);
  }
  return choose<std::int64_t>({{16, int_between(0, top, 0)},
                               {3, rc::gen::just<std::int64_t>(0)},
                               {top >= 1 ? 3u : 0u, rc::gen::just<std::int64_t>(top >= 1 ? 1 : 0)},
                               {edges.empty() ? 0u : 2u, band_edge_length(edges)}});
}

// ---------------------------------------------------------------------------------------------------------
// Text.

// What bulk text draws from: these code points uniformly, or (empty) the weighted unicode mix.
using BulkPoints = std::vector<char32_t>;

char32_t bulk_code_point(SplitMix& g, const BulkPoints& points) {
  if (!points.empty()) return points[g.next() % points.size()];
  std::uint32_t total = kOddPointsWeight + kBoundaryPointsWeight;
  for (const auto& r : unicode_ranges()) total += r.weight;
  std::uint32_t ticket = static_cast<std::uint32_t>(g.next() % total);
  for (const auto& r : unicode_ranges()) {
    if (ticket < r.weight) return static_cast<char32_t>(g.between(r.lo, r.hi));
    ticket -= r.weight;
  }
  const auto& odd = ticket < kOddPointsWeight ? odd_code_points() : boundary_code_points();
  return odd[g.next() % odd.size()];
}

rc::Gen<std::string> text_of(rc::Gen<char32_t> point, rc::Gen<std::int64_t> length, BulkPoints bulk) {
  return rc::gen::mapcat(std::move(length), [point, bulk](std::int64_t n) {
    if (n > kBulkElements) {
      return rc::gen::map(int_between(0, I64::max(), 0), [n, bulk](std::int64_t seed) {
        SplitMix g{static_cast<std::uint64_t>(seed)};
        std::string out;
        out.reserve(static_cast<std::size_t>(n));
        for (std::int64_t k = 0; k < n; ++k) append_utf8(out, bulk_code_point(g, bulk));
        return out;
      });
    }
    return rc::gen::map(rc::gen::container<std::u32string>(static_cast<std::size_t>(n), point), utf8);
  });
}

BulkPoints printable_ascii() {
  BulkPoints out;
  for (char32_t c = 0x20; c <= 0x7e; ++c) out.push_back(c);
  return out;
}

rc::Gen<char32_t> ascii_code_point() {
  return rc::gen::map(int_between(0x20, 0x7e, 'a'), [](std::int64_t c) { return static_cast<char32_t>(c); });
}

std::vector<char32_t> alphabet_points(const Domain& d) {
  std::vector<char32_t> points;
  for (std::size_t i = 0; i < d.alphabet.size(); i += rt::utf8::sequence_length(d.alphabet[i]))
    points.push_back(rt::utf8::decode(d.alphabet.data() + i));
  return points;
}

// Text in the format numeric parsers read, right and almost right: signs, spaces around, underscores
// between digits and in wrong places, base prefixes, a decimal point and exponent, digits of other scripts.
rc::Gen<std::string> numeral_text(const std::optional<std::int64_t>& cap) {
  const std::vector<std::u32string> pieces = {U"0", U"1", U"7", U"9", U"12", U"00", U"_", U"_", U"__", U"-", U"+",
                                              U" ", U"\t", U"\n", U".", U"e", U"E-", U"0x", U"0o", U"0b", U"ff",
                                              U"\u0663", U"\uff11", U"\u00a0", U"inf", U"nan", U"j"};
  auto piece = rc::gen::elementOf(pieces);
  auto digits = rc::gen::elementOf(std::vector<std::u32string>{U"0", U"1", U"5", U"9", U"42", U"100", U"2"});
  auto body = rc::gen::mapcat(int_between(0, 5, 0), [piece, digits](std::int64_t n) {
    return rc::gen::map(rc::gen::pair(digits, rc::gen::container<std::vector<std::pair<std::u32string, std::u32string>>>(
                                                  static_cast<std::size_t>(n), rc::gen::pair(piece, digits))),
                        [](const std::pair<std::u32string, std::vector<std::pair<std::u32string, std::u32string>>>& p) {
                          std::u32string out = p.first;
                          for (const auto& [a, b] : p.second) out += a + b;
                          return out;
                        });
  });
  const std::int64_t limit = capped(64, cap);
  return rc::gen::map(body, [limit](std::u32string text) {
    if (static_cast<std::int64_t>(text.size()) > limit) text.resize(static_cast<std::size_t>(limit));
    return utf8(text);
  });
}

// A number written in n characters: padded with spaces or zeros on the left, spaces on both sides, or a
// sign then zeros; up to 18 significant digits (the seed decides).
std::string padded_numeral(std::int64_t n, std::int64_t seed) {
  SplitMix g{static_cast<std::uint64_t>(seed)};
  if (n == 0) return "";
  const std::int64_t digits = 1 + static_cast<std::int64_t>(g.next() % static_cast<std::uint64_t>(std::min<std::int64_t>(n, 18)));
  std::string number(1, static_cast<char>('1' + g.next() % 9));
  for (std::int64_t k = 1; k < digits; ++k) number += static_cast<char>('0' + g.next() % 10);
  const std::int64_t pad = n - digits;
  switch (g.next() % 4) {
    case 0: return std::string(static_cast<std::size_t>(pad), ' ') + number;
    case 1: return std::string(static_cast<std::size_t>(pad), '0') + number;
    case 2: return std::string(static_cast<std::size_t>(pad / 2), ' ') + number + std::string(static_cast<std::size_t>(pad - pad / 2), ' ');
    default: return pad == 0 ? number : "-" + std::string(static_cast<std::size_t>(pad - 1), '0') + number;
  }
}

// Strings of a length from `length`, in a style (sizes.hpp). Mixed is the random phases' mix: ASCII, code
// points that break naive C++ string code, the domain's alphabet (so arguments meet), numerals, edges.
rc::Gen<std::string> text_gen(const Domain& d, rc::Gen<std::int64_t> length, TextStyle style) {
  const auto points = alphabet_points(d);
  auto ascii = points.empty() ? ascii_code_point() : rc::gen::elementOf(points);
  const BulkPoints ascii_bulk = points.empty() ? printable_ascii() : points;
  switch (style) {
    case TextStyle::Ascii:
      return text_of(ascii, length, ascii_bulk);
    case TextStyle::NonAscii:
      return text_of(unicode_code_point(), length, {});
    case TextStyle::RareAtEnd:  // n - 1 ASCII code points, then one odd one
      return rc::gen::mapcat(length, [ascii, ascii_bulk](std::int64_t n) {
        if (n == 0) return rc::gen::just(std::string());
        return rc::gen::map(rc::gen::pair(text_of(ascii, exact_length(n - 1), ascii_bulk),
                                          rc::gen::elementOf(odd_code_points())),
                            [](std::pair<std::string, char32_t> p) {
                              append_utf8(p.first, p.second);
                              return std::move(p.first);
                            });
      });
    case TextStyle::Numeral:
      return rc::gen::mapcat(length, [](std::int64_t n) {
        return rc::gen::map(int_between(0, I64::max(), 0), [n](std::int64_t seed) { return padded_numeral(n, seed); });
      });
    case TextStyle::Mixed:
      break;
  }
  const std::int64_t edge_len = capped(kShortLength, d.max_text_length);
  return choose<std::string>({
      {3, text_of(ascii_code_point(), length, printable_ascii())},
      {points.empty() ? 0u : 10u, text_of(ascii, length, ascii_bulk)},
      {4, text_of(unicode_code_point(), length, {})},
      {3, one_of_list(text_edges(edge_len))},
      {1, numeral_text(d.max_text_length)},
  });
}

// ---------------------------------------------------------------------------------------------------------
// numpy arrays and scalars.

template <class T>
NDArrayValue pack(Dtype dtype, std::vector<std::int64_t> shape, const std::vector<T>& elements) {
  NDArrayValue a;
  a.dtype = dtype;
  a.shape = std::move(shape);
  a.data.resize(elements.size() * sizeof(T));
  if (!elements.empty()) std::memcpy(a.data.data(), elements.data(), a.data.size());
  return a;
}

// numpy stores bool as one byte 0/1; std::vector<bool> has no data().
NDArrayValue pack_bools(std::vector<std::int64_t> shape, const std::vector<std::int64_t>& bits) {
  std::vector<unsigned char> bytes(bits.begin(), bits.end());
  return pack(Dtype::Bool, std::move(shape), bytes);
}

std::int64_t element_count(const std::vector<std::int64_t>& shape) {
  std::int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

// Halves the longest axis until the array fits max_elements (a 0-length axis always fits).
std::vector<std::int64_t> fit_shape(std::vector<std::int64_t> shape, std::int64_t max_elements) {
  while (element_count(shape) > std::max<std::int64_t>(max_elements, 1)) {
    auto longest = std::max_element(shape.begin(), shape.end());
    *longest = (*longest + 1) / 2 == *longest ? 1 : (*longest + 1) / 2;
  }
  return shape;
}

using Shape = std::vector<std::int64_t>;

// Random axis lengths: mostly 1-17 with extra weight on 1, now and then a band edge up to 129 or an empty
// axis. Shrinks towards 1; empty axes are found by generation.
rc::Gen<std::int64_t> random_axis(const Domain& d) {
  const std::int64_t top = capped(kShortLength, d.max_axis_length);
  if (top == 0) return rc::gen::just<std::int64_t>(0);
  std::vector<std::int64_t> edges;
  for (std::int64_t e : {31, 32, 33, 63, 64, 65, 127, 128, 129})
    if (!d.max_axis_length || e <= *d.max_axis_length) edges.push_back(e);
  return choose<std::int64_t>({{14, int_between(1, top, 1)},
                               {4, rc::gen::just<std::int64_t>(1)},
                               {edges.empty() ? 0u : 1u, band_edge_length(edges)},
                               {1, rc::gen::just<std::int64_t>(0)}});
}

std::int64_t random_element_budget(const Domain& d) {
  return std::min(kRandomArrayElements, d.max_array_elements.value_or(kRandomArrayElements));
}

// A shape of random axes, fitted to the random phases' element budget.
rc::Gen<Shape> independent_shape(int ndim, const Domain& d) {
  const std::int64_t budget = random_element_budget(d);
  return rc::gen::map(rc::gen::container<Shape>(static_cast<std::size_t>(ndim), random_axis(d)),
                      [budget](Shape s) { return fit_shape(std::move(s), budget); });
}

// The shape of one array argument from its case's pool of axis lengths. Slot s of the pool is axis s of
// the highest-rank array; lower ranks align with the last slots, as numpy broadcasts. The first array
// takes the pool as it is, so its shape shrinks with the pool; the others mostly agree (elementwise ops,
// broadcasting) and sometimes take 1 (a broadcast axis), another slot (matmul's inner axis) or a length
// of their own (shapes that do not fit, where numpy raises). In the size sweep (`sweep`) the others keep
// the pool's long axis or broadcast it (1), so that every array of a sweep case is as long as its target.
rc::Gen<Shape> shape_from_pool(const Shape& pool, int ndim, bool first, const Domain& d, std::int64_t budget,
                               bool sweep) {
  const auto offset = pool.size() - static_cast<std::size_t>(ndim);
  if (first) {
    Shape own(pool.begin() + static_cast<std::ptrdiff_t>(offset), pool.end());
    return rc::gen::just(fit_shape(std::move(own), budget));
  }
  std::vector<rc::Gen<std::int64_t>> axes;
  for (int a = 0; a < ndim; ++a) {
    if (sweep) {
      axes.push_back(choose<std::int64_t>({{8, rc::gen::just(pool[offset + static_cast<std::size_t>(a)])},
                                           {1, rc::gen::just<std::int64_t>(1)}}));
      continue;
    }
    axes.push_back(choose<std::int64_t>({{8, rc::gen::just(pool[offset + static_cast<std::size_t>(a)])},
                                         {1, rc::gen::just<std::int64_t>(1)},
                                         {2, one_of_list(pool)},
                                         {1, random_axis(d)}}));
  }
  return rc::gen::map(sequence(axes), [budget](Shape s) { return fit_shape(std::move(s), budget); });
}

// The range an integer dtype's elements are drawn from, as int64s. uint64 draws [0, 2^63) here; its upper
// half (bits of a negative int64) comes from uint64_top_edges and, for arrays, from full-width bits.
IntRange dtype_int_range(Dtype dt, const Domain& d) {
  auto of = [&d]<class T>(T) {
    return int_range(d, static_cast<std::int64_t>(std::numeric_limits<T>::min()),
                     static_cast<std::int64_t>(std::numeric_limits<T>::max()));
  };
  switch (dt) {
    case Dtype::Int8: return of(std::int8_t{});
    case Dtype::Int16: return of(std::int16_t{});
    case Dtype::Int32: return of(std::int32_t{});
    case Dtype::UInt8: return of(std::uint8_t{});
    case Dtype::UInt16: return of(std::uint16_t{});
    case Dtype::UInt32: return of(std::uint32_t{});
    case Dtype::UInt64: return int_range(d, 0, I64::max());
    default: return int_range(d, I64::min(), I64::max());
  }
}

// uint64's max, max - 1 and 2^63 as their bits, when the domain bounds no int (a bound is an int64, so
// it speaks of [0, 2^63) only).
std::vector<std::int64_t> uint64_top_edges(const Domain& d) {
  if (d.int_max || d.int_min) return {};
  return {-1, -2, I64::min()};
}

// An integer dtype's edges as int64 bits: 0, 1, min, max, max - 1 of its width (int_edges of its range),
// and uint64's upper half.
std::vector<std::int64_t> dtype_int_edges(Dtype dt, const Domain& d) {
  auto out = int_edges(dtype_int_range(dt, d));
  if (dt == Dtype::UInt64) {
    auto top = uint64_top_edges(d);
    out.insert(out.begin() + std::min<std::size_t>(out.size(), 3), top.begin(), top.end());
  }
  return out;
}

// Elements of an integer dtype: int_gen over its range; uint64 also draws any 64 bits.
rc::Gen<std::int64_t> dtype_int_gen(Dtype dt, const Domain& d) {
  if (dt == Dtype::UInt64 && !d.int_max && !d.int_min) {
    return choose<std::int64_t>({{5, int_gen(dtype_int_range(dt, d))},
                                 {1, int_between(I64::min(), I64::max(), 0)},
                                 {1, one_of_list(uint64_top_edges(d))}});
  }
  return int_gen(dtype_int_range(dt, d));
}

// An array of an integer dtype from int64s (each narrowed to the dtype's width).
NDArrayValue pack_integers(Dtype dt, std::vector<std::int64_t> shape, const std::vector<std::int64_t>& v) {
  NDArrayValue a;
  a.dtype = dt;
  a.shape = std::move(shape);
  a.data.resize(v.size() * dtype_size(dt));
  for (std::size_t k = 0; k < v.size(); ++k) store_integer(dt, v[k], a.data.data() + k * dtype_size(dt));
  return a;
}

// Float array elements. Besides the per-element mix, a third of the arrays are "data-like": every element
// uniform with a full mantissa at one scale (1e-3 .. 1e8). Integers, halves and wildly different
// magnitudes sum exactly in any order, so only such arrays expose summation order and accumulation bugs.
rc::Gen<std::vector<double>> float_array_elements(std::size_t n, const FloatRange& r, const FloatFormat& f) {
  auto mixed = rc::gen::container<std::vector<double>>(n, float_element_gen(r, f));
  auto data_like = rc::gen::mapcat(one_of_list(std::vector<double>{1e-3, 1.0, 1e3, 1e8}), [n, r, f](double scale) {
    FloatRange sub = r;
    sub.lo = std::max(r.lo, -scale);
    sub.hi = std::min(r.hi, scale);
    if (!(sub.lo < sub.hi)) return rc::gen::container<std::vector<double>>(n, float_element_gen(r, f));
    return rc::gen::container<std::vector<double>>(n, uniform_float(sub, f));
  });
  // Small integers only: matrices that are exactly singular (a zero pivot, a repeated row), sums that
  // cancel to 0, ties in sorts and comparisons. Random floats never are.
  auto small_ints = rc::gen::container<std::vector<double>>(
      n, rc::gen::map(int_between(-2, 2, 0), [r, f](std::int64_t k) { return fit(static_cast<double>(k), r, f); }));
  return choose<std::vector<double>>({{4, mixed}, {2, data_like}, {1, small_ints}});
}

// The data of an array with the given shape, as bytes of its dtype.
// ---------------------------------------------------------------------------------------------------------
// Single array elements and edge values of a dtype.

// One array element of any dtype: ints and bools in `i`, floats and complex in `c`.
struct Element {
  std::int64_t i = 0;
  std::complex<double> c;
};

std::vector<Element> element_edges(Dtype dt, const Domain& d) {
  std::vector<Element> out;
  switch (dt) {
    case Dtype::Bool:
      out = {{0, {}}, {1, {}}};
      break;
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64:
      for (auto i : dtype_int_edges(dt, d)) out.push_back({i, {}});
      break;
    case Dtype::Float32:
    case Dtype::Float64:
      for (double x : float_edges(float_range(d, dt == Dtype::Float32 ? kSingle : kDouble),
                                  dt == Dtype::Float32 ? kSingle : kDouble)) {
        out.push_back({0, x});
      }
      break;
    case Dtype::Complex128:
      for (auto c : complex_edges(float_range(d, kDouble))) out.push_back({0, c});
      break;
    case Dtype::Complex64:
      for (auto c : complex_edges(float_range(d, kSingle), kSingle)) out.push_back({0, c});
      break;
  }
  return out;
}

// Stores element `e` at flat index k of a C-contiguous array.
void store_element(NDArrayValue& a, std::size_t k, const Element& e) {
  unsigned char* p = a.data.data() + k * dtype_size(a.dtype);
  switch (a.dtype) {
    case Dtype::Float32: { const auto x = static_cast<float>(e.c.real()); std::memcpy(p, &x, 4); break; }
    case Dtype::Float64: { const double x = e.c.real(); std::memcpy(p, &x, 8); break; }
    case Dtype::Complex128: std::memcpy(p, &e.c, 16); break;
    case Dtype::Complex64: { const std::complex<float> x(e.c); std::memcpy(p, &x, 8); break; }
    default: store_integer(a.dtype, e.i, p); break;  // bool and the integer dtypes
  }
}

// One element of a long array, in the proportions of the per-element generators: for floats 60% uniform at
// the array's scale (data-like, where summation order shows), 25% integers and halves, 15% any exponent the
// domain holds; for ints half small, a third by bit length, the rest anywhere in the range. Edge values
// (NaN, inf) come from the sweep's tail edge, not from here.
Element bulk_element(Dtype dt, const Domain& d, SplitMix& g, double scale) {
  switch (dt) {
    case Dtype::Bool:
      return {static_cast<std::int64_t>(g.next() & 1), {}};
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64: {
      const IntRange r = dtype_int_range(dt, d);
      const double p = g.unit();
      std::int64_t x;
      if (p < 0.5) {
        x = std::clamp<std::int64_t>(g.between(-1000, 1000), r.lo, r.hi);
      } else if (p < 0.83) {
        const std::int64_t m = std::int64_t{1} << g.between(0, 62);
        x = std::clamp(g.between(-m, m), r.lo, r.hi);
      } else {
        x = g.between(r.lo, r.hi);
      }
      return {x, {}};
    }
    case Dtype::Float32:
    case Dtype::Float64:
    case Dtype::Complex64:
    case Dtype::Complex128: {
      const FloatFormat& f = dt == Dtype::Float32 || dt == Dtype::Complex64 ? kSingle : kDouble;
      const FloatRange r = float_range(d, f);
      auto one = [&] {
        const double p = g.unit();
        if (p < 0.6) return fit(scale * (2 * g.unit() - 1), r, f);
        if (p < 0.85) return fit(static_cast<double>(g.between(-400, 400)) / 2, r, f);
        // Exponents the domain can hold, so that a bounded domain is not piled onto its bounds.
        const int e_hi = std::max(exponent_of(std::max(std::fabs(r.lo), std::fabs(r.hi)), f), f.min_normal_exp);
        const double x = std::ldexp(1 + g.unit(), static_cast<int>(g.between(f.min_normal_exp, e_hi)));
        return fit(g.next() & 1 ? -x : x, r, f);
      };
      const double re = one();
      return {0, {re, dtype_kind(dt) == DtypeKind::Complex ? one() : 0.0}};
    }
  }
  return {};
}

rc::Gen<NDArrayValue> bulk_array(Dtype dt, Shape shape, const Domain& d) {
  return rc::gen::map(int_between(0, I64::max(), 0), [dt, shape, d](std::int64_t seed) {
    SplitMix g{static_cast<std::uint64_t>(seed)};
    const double scales[] = {1e-3, 1.0, 1e3, 1e8};
    const double scale = scales[g.next() % 4];
    NDArrayValue a;
    a.dtype = dt;
    a.shape = shape;
    const auto n = static_cast<std::size_t>(element_count(shape));
    a.data.resize(n * dtype_size(dt));
    for (std::size_t k = 0; k < n; ++k) store_element(a, k, bulk_element(dt, d, g, scale));
    return a;
  });
}

rc::Gen<NDArrayValue> array_data(Dtype dt, std::vector<std::int64_t> shape, const Domain& d) {
  const auto n = static_cast<std::size_t>(element_count(shape));
  if (static_cast<std::int64_t>(n) > kBulkElements) return bulk_array(dt, std::move(shape), d);
  auto elements = [n](auto gen) {
    return rc::gen::container<std::vector<typename decltype(gen)::ValueType>>(n, gen);
  };
  switch (dt) {
    case Dtype::Bool:
      return rc::gen::map(elements(int_between(0, 1, 0)),
                          [shape](const std::vector<std::int64_t>& v) { return pack_bools(shape, v); });
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64:
      return rc::gen::map(elements(dtype_int_gen(dt, d)),
                          [dt, shape](const std::vector<std::int64_t>& v) { return pack_integers(dt, shape, v); });
    case Dtype::Float32:
      return rc::gen::map(float_array_elements(n, float_range(d, kSingle), kSingle),
                          [shape](const std::vector<double>& v) {
                            return pack(Dtype::Float32, shape, std::vector<float>(v.begin(), v.end()));
                          });
    case Dtype::Float64:
      return rc::gen::map(float_array_elements(n, float_range(d, kDouble), kDouble),
                          [shape](const std::vector<double>& v) { return pack(Dtype::Float64, shape, v); });
    case Dtype::Complex128:
      return rc::gen::map(
          elements(complex_gen(float_range(d, kDouble), true)),
          [shape](const std::vector<std::complex<double>>& v) { return pack(Dtype::Complex128, shape, v); });
    case Dtype::Complex64:
      return rc::gen::map(elements(complex_gen(float_range(d, kSingle), true, kSingle)),
                          [shape](const std::vector<std::complex<double>>& v) {
                            return pack(Dtype::Complex64, shape, std::vector<std::complex<float>>(v.begin(), v.end()));
                          });
  }
  return rc::gen::just(NDArrayValue{});
}

rc::Gen<Value> ndarray_gen(Dtype dt, rc::Gen<Shape> shape, const Domain& d) {
  return rc::gen::map(rc::gen::mapcat(std::move(shape), [dt, d](Shape s) { return array_data(dt, s, d); }),
                      [](NDArrayValue a) { return Value(std::move(a)); });
}

NpScalarValue np_scalar(Dtype dt, std::int64_t i, std::complex<double> c) {
  NpScalarValue s;
  s.dtype = dt;
  if (dt == Dtype::Bool) s.i = i != 0;
  if (dtype_is_integer(dt)) s.i = i;
  if (dt == Dtype::Float32) s.c = static_cast<double>(static_cast<float>(c.real()));
  if (dt == Dtype::Float64 || dt == Dtype::Complex128) s.c = dt == Dtype::Float64 ? c.real() : c;
  if (dt == Dtype::Complex64) s.c = std::complex<double>(std::complex<float>(c));
  return s;
}

rc::Gen<Value> np_scalar_gen(Dtype dt, const Domain& d) {
  auto wrap_int = [dt](std::int64_t i) { return Value(np_scalar(dt, i, {})); };
  auto wrap_float = [dt](double x) { return Value(np_scalar(dt, 0, x)); };
  switch (dt) {
    case Dtype::Bool:
      return rc::gen::map(int_between(0, 1, 0), wrap_int);
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64:
      return rc::gen::map(dtype_int_gen(dt, d), wrap_int);
    case Dtype::Float32:
      return rc::gen::map(float_gen(float_range(d, kSingle), kSingle), wrap_float);
    case Dtype::Float64:
      return rc::gen::map(float_gen(float_range(d, kDouble), kDouble), wrap_float);
    case Dtype::Complex128:
      return rc::gen::map(complex_gen(float_range(d, kDouble), false),
                          [dt](std::complex<double> c) { return Value(np_scalar(dt, 0, c)); });
    case Dtype::Complex64:
      return rc::gen::map(complex_gen(float_range(d, kSingle), false, kSingle),
                          [dt](std::complex<double> c) { return Value(np_scalar(dt, 0, c)); });
  }
  return rc::gen::just(Value(NoneValue{}));
}

// ---------------------------------------------------------------------------------------------------------
// Containers and the dispatch over types.

Value literal_value(const LiteralValue& lit) {
  switch (lit.kind) {
    case LiteralValue::Kind::Bool:
      return Value(lit.b);
    case LiteralValue::Kind::Int:
      return Value(lit.i);
    case LiteralValue::Kind::Float:
      return Value(lit.f);
    case LiteralValue::Kind::Str:
      return Value(StrValue{lit.s});
  }
  return Value(NoneValue{});
}

// Keys Python's dict would merge: 0.0 and -0.0, equal strings, equal tuples. NaNs stay distinct keys
// because to_python makes a new float object for each and dict lookup tries identity first.
bool same_python_key(const Value& a, const Value& b) {
  if (a.is<double>() && b.is<double>()) return a.as<double>() == b.as<double>();
  if (a.is<std::complex<double>>() && b.is<std::complex<double>>()) {
    return a.as<std::complex<double>>() == b.as<std::complex<double>>();
  }
  if (a.is<TupleValue>() && b.is<TupleValue>()) {
    const auto& x = a.as<TupleValue>().items;
    const auto& y = b.as<TupleValue>().items;
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!same_python_key(x[i], y[i])) return false;
    }
    return true;
  }
  return a == b;
}

DictValue dict_from_pairs(std::vector<std::pair<Value, Value>> pairs) {
  DictValue dict;
  for (auto& [k, v] : pairs) {
    bool seen = std::any_of(dict.items.begin(), dict.items.end(),
                            [&](const auto& item) { return same_python_key(item.first, k); });
    if (!seen) dict.items.emplace_back(std::move(k), std::move(v));
  }
  return dict;
}

}  // namespace

namespace {

// ---------------------------------------------------------------------------------------------------------
// Values. A Reach says how long one argument's lists, dicts, strs and arrays are; the values inside them
// get nested_reach(), so a long list holds short strings.

struct Reach {
  rc::Gen<std::int64_t> text_length;
  rc::Gen<std::int64_t> container_length;
  std::function<rc::Gen<Shape>(int ndim)> shape;
  TextStyle text = TextStyle::Mixed;
  bool tail_edge = false;  // the last element is an edge value
  bool moderate = false;   // floats finite and moderate (see moderate_contents)
  bool ties = false;       // floats from tie_values (SizeTarget::ties)
  // The reach of the items of a list or dict (SizeTarget::inner); none: nested_reach().
  std::shared_ptr<const Reach> items = nullptr;
};

Reach nested_reach(const Domain& d, bool moderate = false) {
  Reach r{random_length(kNestedLength, d.max_text_length), random_length(kNestedLength, d.max_container_length),
          [d](int ndim) { return independent_shape(ndim, d); }};
  r.moderate = moderate;
  return r;
}

Reach items_reach(const Reach& outer, const Domain& d) {
  return outer.items ? *outer.items : nested_reach(d, outer.moderate);
}

// The sweep's long cases draw their floats finite and within +-kModerateMagnitude (inside the domain's
// own bounds where it has them). Drawn from the whole mix, a list of 300 floats almost surely holds a NaN,
// an infinity or two values near the largest double, and then every sum or product of it is NaN or inf
// whatever a candidate did with the rest: a sum that drops every item past 300 passed. 1e9 keeps a sum of
// 2^20 of them far from overflow and a difference of them meaningful; values past it, NaN and inf come
// from the random phases, the sweep's tail edge and its mixed cases.
constexpr double kModerateMagnitude = 1e9;

Domain moderate_contents(Domain d) {
  d.allow_nan = false;
  d.allow_inf = false;
  const double lo = std::max(d.float_min.value_or(-kModerateMagnitude), -kModerateMagnitude);
  const double hi = std::min(d.float_max.value_or(kModerateMagnitude), kModerateMagnitude);
  if (lo <= hi) {  // a domain wholly past the magnitude keeps its own bounds
    d.float_min = lo;
    d.float_max = hi;
  }
  return d;
}

Reach random_reach(const Domain& d) {
  return {random_length(kShortLength, d.max_text_length), random_length(kShortLength, d.max_container_length),
          [d](int ndim) { return independent_shape(ndim, d); }};
}

// Puts edge value number `pick` (never the first, 0, which ordinary elements often are) last: a NaN, an
// infinity or an int extreme in the tail that a vectorised loop's remainder handles on its own.
Value with_edge_last(Value v, const Type& type, const Domain& d, std::uint64_t pick) {
  if (v.is<NDArrayValue>()) {
    auto& a = v.as<NDArrayValue>();
    const auto edges = element_edges(a.dtype, d);
    const auto n = static_cast<std::size_t>(element_count(a.shape));
    if (n > 0 && edges.size() > 1) store_element(a, n - 1, edges[1 + pick % (edges.size() - 1)]);
  } else if (v.is<ListValue>() && !v.as<ListValue>().items.empty()) {
    const auto edges = edge_values(type.args.at(0), d);
    if (edges.size() > 1) v.as<ListValue>().items.back() = edges[1 + pick % (edges.size() - 1)];
  } else if (v.is<DictValue>() && !v.as<DictValue>().items.empty()) {
    const auto edges = edge_values(type.args.at(1), d);
    if (edges.size() > 1) v.as<DictValue>().items.back().second = edges[1 + pick % (edges.size() - 1)];
  }
  return v;
}

rc::Gen<Value> edge_last(rc::Gen<Value> gen, const Type& type, const Domain& d) {
  return rc::gen::map(rc::gen::pair(std::move(gen), int_between(0, 1 << 20, 0)),
                      [type, d](std::pair<Value, std::int64_t> p) {
                        return with_edge_last(std::move(p.first), type, d, static_cast<std::uint64_t>(p.second));
                      });
}

// The values of SizeTarget::ties within the domain, zeros weighted four to one: 0.0 and -0.0 (when 0 is
// in range) with +1 and +2 (`sign` 1), -1 and -2 (-1) or both (0). One sign only makes a zero the least
// or the greatest element, so a min or a max ends on a tie of zeros.
std::vector<double> tie_values(const Domain& d, int sign) {
  const FloatRange r = float_range(d, kDouble);
  std::vector<double> out;
  for (const double v : {0.0, -0.0, 1.0, -1.0, 2.0, -2.0}) {
    if (v < r.lo || v > r.hi || (sign != 0 && v * sign < 0)) continue;
    out.insert(out.end(), v == 0.0 ? 4 : 1, v);
  }
  return out;
}

// Every float of an array or a list of floats replaced by tie_values, picked by a generator seeded
// with `seed` (from the case's own random stream, so the case replays); other values unchanged.
Value with_ties(Value v, const Domain& d, std::uint64_t seed) {
  const std::vector<double> ties = tie_values(d, static_cast<int>(seed % 3) - 1);
  if (ties.empty()) return v;
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&] {  // splitmix64
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return ties[(z ^ (z >> 31)) % ties.size()];
  };
  if (v.is<NDArrayValue>()) {
    auto& a = v.as<NDArrayValue>();
    if (a.dtype != Dtype::Float32 && a.dtype != Dtype::Float64) return v;
    const auto n = static_cast<std::size_t>(element_count(a.shape));
    for (std::size_t k = 0; k < n; ++k) store_element(a, k, Element{0, {next(), 0.0}});
  } else if (v.is<ListValue>()) {
    for (Value& item : v.as<ListValue>().items)
      if (item.is<double>()) item = Value(next());
  }
  return v;
}

rc::Gen<Value> tied(rc::Gen<Value> gen, const Domain& d) {
  return rc::gen::map(rc::gen::pair(std::move(gen), int_between(0, 1 << 30, 0)), [d](std::pair<Value, std::int64_t> p) {
    return with_ties(std::move(p.first), d, static_cast<std::uint64_t>(p.second));
  });
}

bool has_length(const Type& t);

rc::Gen<Value> gen_value(const Type& type, const Domain& d, const Reach& reach) {
  auto wrap = [](auto x) { return Value(std::move(x)); };
  const Domain contents = reach.moderate ? moderate_contents(d) : d;  // edges (edge_last) still come from d
  switch (type.kind) {
    case TypeKind::Bool:
      return rc::gen::map(int_between(0, 1, 0), [](std::int64_t b) { return Value(b != 0); });
    case TypeKind::Int:
      return rc::gen::map(int_gen(int_range(d, I64::min(), I64::max())), wrap);
    case TypeKind::Float:
      return rc::gen::map(float_gen(float_range(contents, kDouble), kDouble), wrap);
    case TypeKind::Complex:
      return rc::gen::map(complex_gen(float_range(contents, kDouble), false), wrap);
    case TypeKind::Str:
      return rc::gen::map(text_gen(d, reach.text_length, reach.text),
                          [](std::string s) { return Value(StrValue{std::move(s)}); });
    case TypeKind::None:
      return rc::gen::just(Value(NoneValue{}));
    case TypeKind::Literal:
      return rc::gen::just(literal_value(type.literal));
    case TypeKind::List: {
      auto elem = gen_value(type.args.at(0), d, items_reach(reach, d));
      auto list = rc::gen::mapcat(reach.container_length, [elem](std::int64_t n) {
        return rc::gen::map(rc::gen::container<std::vector<Value>>(static_cast<std::size_t>(n), elem),
                            [](std::vector<Value> items) { return Value(ListValue{std::move(items)}); });
      });
      if (reach.ties && type.args.at(0).kind == TypeKind::Float) list = tied(std::move(list), d);
      return reach.tail_edge ? edge_last(std::move(list), type, d) : list;
    }
    case TypeKind::Dict: {
      // In the inner sweep the values are long, or the keys when the values have no length: a key
      // argument stays comparable with the keys (SizeTarget::inner).
      const bool long_keys = reach.items && !has_length(type.args.at(1));
      auto entry = rc::gen::pair(gen_value(type.args.at(0), d, long_keys ? items_reach(reach, d) : nested_reach(d, reach.moderate)),
                                 gen_value(type.args.at(1), d, items_reach(reach, d)));
      auto dict = rc::gen::mapcat(reach.container_length, [entry](std::int64_t n) {
        return rc::gen::map(
            rc::gen::container<std::vector<std::pair<Value, Value>>>(static_cast<std::size_t>(n), entry),
            [](std::vector<std::pair<Value, Value>> pairs) { return Value(dict_from_pairs(std::move(pairs))); });
      });
      return reach.tail_edge ? edge_last(std::move(dict), type, d) : dict;
    }
    case TypeKind::Tuple: {  // positions of a tuple are top-level values: they share its reach
      std::vector<rc::Gen<Value>> gens;
      for (const auto& t : type.args) gens.push_back(gen_value(t, d, reach));
      return rc::gen::map(sequence(gens),
                          [](std::vector<Value> items) { return Value(TupleValue{std::move(items)}); });
    }
    case TypeKind::NDArray: {
      auto array =
          ndarray_gen(type.dtype, type.ndim == 0 ? rc::gen::just(Shape{}) : reach.shape(type.ndim), contents);
      if (reach.ties && type.ndim > 0) array = tied(std::move(array), d);
      return reach.tail_edge && type.ndim > 0 ? edge_last(std::move(array), type, d) : array;
    }
    case TypeKind::NpScalar:
      return np_scalar_gen(type.dtype, contents);
    case TypeKind::Union: {  // each alternative as often, at the union's reach
      std::vector<std::pair<std::uint32_t, rc::Gen<Value>>> alternatives;
      for (const auto& t : type.args) alternatives.emplace_back(1, gen_value(t, d, reach));
      return choose<Value>(std::move(alternatives));
    }
  }
  return rc::gen::just(Value(NoneValue{}));
}

}  // namespace

rc::Gen<Value> value_gen(const Type& type, const Domain& d) { return gen_value(type, d, random_reach(d)); }

// ---------------------------------------------------------------------------------------------------------
// Cases: sizes shared across arguments, relations, layouts and aliases on top of the argument values.

namespace {

using MaybeLayout = std::optional<ArrayLayout>;
using MaybeAlias = std::optional<std::size_t>;
using MaybeRelation = std::optional<std::pair<std::size_t, std::uint64_t>>;  // relations_of() index, pick

// Steps from {1, 2, -1, -2} per axis and, for 2-D and up, a transposed base (Fortran order). Steps shrink
// towards 1 and transposition towards false.
rc::Gen<ArrayLayout> any_layout(int ndim) {
  auto step = choose<std::int64_t>({{1, rc::gen::just<std::int64_t>(1)},
                                    {1, rc::gen::just<std::int64_t>(2)},
                                    {1, rc::gen::just<std::int64_t>(-1)},
                                    {1, rc::gen::just<std::int64_t>(-2)}});
  return rc::gen::map(
      rc::gen::pair(rc::gen::container<std::vector<std::int64_t>>(static_cast<std::size_t>(ndim), step),
                    int_between(0, 1, 0)),
      [ndim](std::pair<std::vector<std::int64_t>, std::int64_t> p) {
        return ArrayLayout{std::move(p.first), ndim >= 2 && p.second != 0};
      });
}

// A third of the arrays arrive as views; an all-contiguous draw means "no layout".
rc::Gen<MaybeLayout> layout_gen(int ndim) {
  if (ndim == 0) return rc::gen::just(MaybeLayout{});
  auto some = rc::gen::map(any_layout(ndim), [](ArrayLayout layout) {
    return layout.contiguous() ? MaybeLayout{} : MaybeLayout{std::move(layout)};
  });
  return choose<MaybeLayout>({{2, rc::gen::just(MaybeLayout{})}, {1, some}});
}

// Always a view (the sweep's view cases): a contiguous draw walks its first axis backwards instead.
rc::Gen<MaybeLayout> view_gen(int ndim) {
  if (ndim == 0) return rc::gen::just(MaybeLayout{});
  return rc::gen::map(any_layout(ndim), [](ArrayLayout layout) {
    if (layout.contiguous()) layout.steps.at(0) = -1;
    return MaybeLayout{std::move(layout)};
  });
}

bool is_mutable(const Type& t) {
  return t.kind == TypeKind::List || t.kind == TypeKind::Dict || t.kind == TypeKind::NDArray;
}

bool has_length(const Type& t) {
  if (t.kind == TypeKind::Tuple || t.kind == TypeKind::Union)
    return std::any_of(t.args.begin(), t.args.end(), has_length);
  return t.kind == TypeKind::Str || t.kind == TypeKind::List || t.kind == TypeKind::Dict ||
         (t.kind == TypeKind::NDArray && t.ndim > 0);
}

// Argument j may alias the first earlier argument of the very same mutable type.
std::optional<std::size_t> alias_target(const Signature& sig, std::size_t j) {
  if (!is_mutable(sig.params[j])) return std::nullopt;
  for (std::size_t i = 0; i < j; ++i) {
    if (sig.params[i] == sig.params[j]) return i;
  }
  return std::nullopt;
}

rc::Gen<MaybeAlias> alias_gen(const Signature& sig, std::size_t j) {
  auto target = alias_target(sig, j);
  if (!target) return rc::gen::just(MaybeAlias{});
  return choose<MaybeAlias>({{6, rc::gen::just(MaybeAlias{})}, {1, rc::gen::just(MaybeAlias{*target})}});
}

// How an aliasing array sees its target: mostly the same object, else a view that overlaps it without
// being equal (a.T when the rank allows, a[::-1]); other types are always the same object.
rc::Gen<AliasView> alias_view_gen(const Signature& sig, std::size_t j) {
  const Type& t = sig.params[j];
  if (t.kind != TypeKind::NDArray || t.ndim < 1 || !alias_target(sig, j)) return rc::gen::just(AliasView::same);
  std::vector<std::pair<std::uint32_t, rc::Gen<AliasView>>> options{{3, rc::gen::just(AliasView::same)},
                                                          {1, rc::gen::just(AliasView::reversed)}};
  if (t.ndim >= 2) options.push_back({1, rc::gen::just(AliasView::transposed)});
  return choose<AliasView>(std::move(options));
}

// One of the relations at `indices` (into relations_of) with its pick, in every case. The inner sweep
// takes only element relations: its long lists sit in a dict whose key argument, drawn alone, is almost
// never one of its keys.
rc::Gen<MaybeRelation> one_of_relations(std::vector<std::size_t> indices) {
  if (indices.empty()) return rc::gen::just(MaybeRelation{});
  return rc::gen::map(rc::gen::pair(int_between(0, static_cast<std::int64_t>(indices.size()) - 1, 0),
                                    int_between(0, 1 << 30, 0)),
                      [indices](std::pair<std::int64_t, std::int64_t> p) {
                        return MaybeRelation{{indices[static_cast<std::size_t>(p.first)], static_cast<std::uint64_t>(p.second)}};
                      });
}

// A quarter of the cases relate two arguments (relations.hpp); shrinking drops the relation first.
rc::Gen<MaybeRelation> relation_gen(std::size_t count) {
  if (count == 0) return rc::gen::just(MaybeRelation{});
  std::vector<std::size_t> every(count);
  for (std::size_t k = 0; k < count; ++k) every[k] = k;
  return choose<MaybeRelation>({{3, rc::gen::just(MaybeRelation{})}, {1, one_of_relations(std::move(every))}});
}

Case plain_case(std::vector<Value> args) {
  const auto n = args.size();
  return Case{std::move(args), std::vector<MaybeLayout>(n), std::vector<MaybeAlias>(n)};
}

// The highest rank of an array among the parameters (tuple positions included): the pool's slot count.
int pool_slots(const Signature& sig) {
  int out = 0;
  std::function<void(const Type&)> visit = [&](const Type& t) {
    if (t.kind == TypeKind::NDArray) out = std::max(out, t.ndim);
    if (t.kind == TypeKind::Tuple || t.kind == TypeKind::Union)
      for (const auto& a : t.args) visit(a);
  };
  for (const auto& t : sig.params) visit(t);
  return out;
}

// How one case is sized: a pool of axis lengths its arrays share, and each argument's reach.
struct CaseSizing {
  rc::Gen<Shape> pool;
  // The reach of the `sized`-th argument that has a length; `first_array` for the first ndarray parameter.
  std::function<Reach(const Shape& pool, std::size_t sized, bool first_array)> reach;
  bool views = false;  // every ndarray argument arrives as a view
  bool element_relation = false;  // every case takes an element or key of one argument into another
};

rc::Gen<Shape> pool_shape(const Shape& pool, int ndim, bool first, const Domain& d, std::int64_t budget,
                          bool sweep) {
  if (static_cast<std::size_t>(ndim) > pool.size()) return independent_shape(ndim, d);
  return shape_from_pool(pool, ndim, first, d, budget, sweep);
}

CaseSizing random_sizing(const Signature& sig, const Domain& d) {
  const std::int64_t budget = random_element_budget(d);
  auto pool = rc::gen::map(rc::gen::container<Shape>(static_cast<std::size_t>(pool_slots(sig)), random_axis(d)),
                           [budget](Shape s) { return fit_shape(std::move(s), budget); });
  auto reach = [d, budget](const Shape& pool, std::size_t, bool first_array) {
    Reach r = random_reach(d);
    r.shape = [pool, first_array, d, budget](int ndim) { return pool_shape(pool, ndim, first_array, d, budget, false); };
    return r;
  };
  return {pool, reach, false};
}

CaseSizing sweep_sizing(const Signature& sig, const Domain& d, const SizeTarget& t) {
  // Every array of a case within the sweep's element budget, whichever pool slots it combines.
  const std::int64_t budget = std::min(d.max_array_elements.value_or(SizeBudget{}.max_case_elements),
                                       SizeBudget{}.max_case_elements);
  std::vector<rc::Gen<std::int64_t>> slots;
  for (int s = 0; s < pool_slots(sig); ++s) {
    slots.push_back(t.long_axis < 0 || s == t.long_axis ? exact_length(capped(t.length, d.max_axis_length))
                                                        : int_between(1, std::max<std::int64_t>(1, capped(kShortAxis, d.max_axis_length)), 1));
  }
  auto reach = [d, t, budget](const Shape& pool, std::size_t sized, bool first_array) {
    if (t.only_first && sized > 0) return nested_reach(d, !t.mixed);
    Reach r{exact_length(capped(t.length, d.max_text_length)),
            exact_length(capped(std::min(t.length, kMaxContainerSweep), d.max_container_length)),
            [pool, first_array, d, budget](int ndim) { return pool_shape(pool, ndim, first_array, d, budget, true); },
            t.text, t.tail_edge, !t.mixed, t.ties};
    if (t.inner) {  // the items take the long reach; the container holds a few of them, other strs are short
      r.items = std::make_shared<const Reach>(r);
      r.container_length = int_between(1, std::max<std::int64_t>(1, capped(kShortAxis, d.max_container_length)), 1);
      r.text_length = nested_reach(d).text_length;
      r.ties = false;
    }
    return r;
  };
  return {sequence(slots), reach, t.view, t.inner};
}

rc::Gen<Case> build_case_gen(const Signature& sig, const Domain& d, const CaseSizing& sizing) {
  const auto relations = relations_of(sig);
  auto apply = [sig, d, relations](std::vector<Value>& args, const MaybeRelation& r) {
    if (r) apply_relation(relations[r->first], r->second, sig, d, args);
  };
  // Scalar-only signatures skip pools, layouts and aliases: generation speed matters most there.
  const bool plain = std::none_of(sig.params.begin(), sig.params.end(), [](const Type& t) {
    return has_length(t) || is_mutable(t);
  });
  if (plain) {
    std::vector<rc::Gen<Value>> args;
    for (const auto& t : sig.params) args.push_back(gen_value(t, d, random_reach(d)));
    return rc::gen::map(rc::gen::pair(sequence(args), relation_gen(relations.size())),
                        [apply](std::pair<std::vector<Value>, MaybeRelation> p) {
                          apply(p.first, p.second);
                          return plain_case(std::move(p.first));
                        });
  }
  std::vector<std::size_t> elements;
  for (std::size_t k = 0; k < relations.size(); ++k)
    if (relations[k].kind == RelationKind::Element) elements.push_back(k);
  const auto related = sizing.element_relation && !elements.empty() ? one_of_relations(elements)
                                                                     : relation_gen(relations.size());
  auto args = rc::gen::mapcat(sizing.pool, [sig, d, sizing](const Shape& pool) {
    std::vector<rc::Gen<Value>> gens;
    std::size_t sized = 0;
    bool array_seen = false;
    for (const auto& t : sig.params) {
      const bool first_array = t.kind == TypeKind::NDArray && !array_seen;
      array_seen = array_seen || t.kind == TypeKind::NDArray;
      gens.push_back(gen_value(t, d, sizing.reach(pool, sized, first_array)));
      if (has_length(t)) ++sized;
    }
    return sequence(gens);
  });
  std::vector<rc::Gen<MaybeLayout>> layouts;
  std::vector<rc::Gen<MaybeAlias>> aliases;
  std::vector<rc::Gen<AliasView>> views;
  for (std::size_t j = 0; j < sig.params.size(); ++j) {
    const Type& t = sig.params[j];
    layouts.push_back(t.kind != TypeKind::NDArray ? rc::gen::just(MaybeLayout{})
                      : sizing.views              ? view_gen(t.ndim)
                                                  : layout_gen(t.ndim));
    aliases.push_back(alias_gen(sig, j));
    views.push_back(alias_view_gen(sig, j));
  }
  using Drawn = std::tuple<std::vector<Value>, std::vector<MaybeLayout>, std::vector<MaybeAlias>, MaybeRelation>;
  return rc::gen::map(
      rc::gen::pair(rc::gen::tuple(args, sequence(layouts), sequence(aliases), related),
                    sequence(views)),
      [apply](std::pair<Drawn, std::vector<AliasView>> drawn) {
        auto& [values, layouts, aliases, relation] = drawn.first;
        auto& alias_views = drawn.second;
        apply(values, relation);
        // An aliased argument is the same object (same value, same layout) or a view of its memory.
        for (std::size_t j = 0; j < aliases.size(); ++j) {
          if (!aliases[j]) {
            alias_views[j] = AliasView::same;
            continue;
          }
          values[j] = aliased_value(values[*aliases[j]], alias_views[j]);
          layouts[j] = alias_views[j] == AliasView::same ? layouts[*aliases[j]] : MaybeLayout{};
        }
        Case c{std::move(values), std::move(layouts), std::move(aliases), {}};
        c.alias_views = std::move(alias_views);
        return c;
      });
}

}  // namespace

rc::Gen<Case> case_gen(const Signature& sig, const Domain& d) { return build_case_gen(sig, d, random_sizing(sig, d)); }

rc::Gen<Case> sized_case_gen(const Signature& sig, const Domain& d, const SizeTarget& target) {
  return build_case_gen(sig, d, sweep_sizing(sig, d, target));
}

// ---------------------------------------------------------------------------------------------------------
// Edge values and edge cases.

namespace {

// An array of the given shape whose k-th element is pool[(offset + k) % pool.size()].
NDArrayValue array_from_pool(Dtype dt, std::vector<std::int64_t> shape, const std::vector<Element>& pool,
                             std::size_t offset) {
  NDArrayValue a;
  a.dtype = dt;
  a.shape = std::move(shape);
  const auto n = static_cast<std::size_t>(element_count(a.shape));
  a.data.resize(n * dtype_size(dt));
  for (std::size_t k = 0; k < n; ++k) store_element(a, k, pool[(offset + k) % pool.size()]);
  return a;
}

// Counting values 1, 2, 3, ... of the dtype (alternating for bool), clamped into the domain.
std::vector<Element> counting_pool(Dtype dt, const Domain& d, std::size_t n) {
  std::vector<Element> pool;
  const auto ints = dtype_int_range(dt, d);
  const FloatFormat& f = dt == Dtype::Float32 || dt == Dtype::Complex64 ? kSingle : kDouble;
  const auto floats = float_range(d, f);
  for (std::size_t k = 1; k <= std::max<std::size_t>(n, 1); ++k) {
    const auto v = static_cast<std::int64_t>(k);
    const double x = fit(static_cast<double>(k), floats, f);
    pool.push_back({dt == Dtype::Bool ? v % 2 : std::clamp(v, ints.lo, ints.hi), {x, 0.0}});
  }
  return pool;
}

// Arrays of zeros of both signs, for a float dtype whose edges hold -0.0. A min, max or sum keeps one of
// two tied zeros by where it falls in the kernel's lanes and unrolled blocks, so every position of a short
// shape takes the odd sign once (each polarity), and a long shape takes a fixed irregular pattern and its
// complement.
std::vector<NDArrayValue> signed_zero_arrays(Dtype dt, const std::vector<Element>& pool,
                                             const std::vector<std::int64_t>& small,
                                             const std::vector<std::int64_t>& long_shape) {
  std::vector<NDArrayValue> out;
  if (dt != Dtype::Float32 && dt != Dtype::Float64) return out;
  const bool has_negative_zero = std::any_of(pool.begin(), pool.end(), [](const Element& e) {
    return e.c.real() == 0.0 && std::signbit(e.c.real());
  });
  if (!has_negative_zero) return out;
  const auto zeros = [&](const std::vector<std::int64_t>& shape, auto negative_at) {
    std::vector<Element> signs;
    for (std::int64_t k = 0; k < element_count(shape); ++k) signs.push_back({0, {negative_at(k) ? -0.0 : 0.0, 0.0}});
    return array_from_pool(dt, shape, signs, 0);
  };
  for (const bool negative_rest : {false, true}) {
    for (std::int64_t at = 0; at < element_count(small); ++at)
      out.push_back(zeros(small, [&](std::int64_t k) { return (k == at) != negative_rest; }));
    constexpr std::uint64_t irregular = 0x9E3779B97F4A7C15ull;  // 2^64 / golden ratio: no period
    out.push_back(zeros(long_shape, [&](std::int64_t k) { return (((irregular >> (k % 64)) & 1) != 0) != negative_rest; }));
  }
  return out;
}

std::vector<Value> array_edges(Dtype dt, int ndim, const Domain& d) {
  const auto pool = element_edges(dt, d);
  std::vector<NDArrayValue> arrays;
  if (ndim == 0) {
    for (std::size_t k = 0; k < std::min<std::size_t>(pool.size(), 8); ++k) {
      arrays.push_back(array_from_pool(dt, {}, pool, k));
    }
  } else {
    const auto nd = static_cast<std::size_t>(ndim);
    const std::int64_t max_axis = std::max<std::int64_t>(capped(kShortLength, d.max_axis_length), 1);
    for (std::size_t k = 0; k < std::min<std::size_t>(pool.size(), 5);
         ++k) {  // one element: 0, -0.0, nan, ...
      arrays.push_back(array_from_pool(dt, std::vector<std::int64_t>(nd, 1), pool, k));
    }
    std::vector<std::int64_t> empty_first(nd, std::min<std::int64_t>(2, max_axis)), empty_last = empty_first;
    empty_first.front() = 0;
    empty_last.back() = 0;
    arrays.push_back(array_from_pool(dt, empty_first, pool, 0));
    if (nd > 1) arrays.push_back(array_from_pool(dt, empty_last, pool, 0));
    if (nd > 1) arrays.push_back(array_from_pool(dt, std::vector<std::int64_t>(nd, 0), pool, 0));  // 0x0: det is 1.0
    std::vector<std::int64_t> small(nd, std::min<std::int64_t>(2, max_axis));
    small.front() = std::min<std::int64_t>(3, max_axis);
    small = fit_shape(small, random_element_budget(d));
    arrays.push_back(array_from_pool(dt, small, counting_pool(dt, d, element_count(small)), 0));
    arrays.push_back(array_from_pool(dt, small, pool, 0));  // mixed edges: nan and inf among ordinary values
    std::vector<std::int64_t> long_first(nd, 1);
    long_first.front() = max_axis;
    long_first = fit_shape(long_first, random_element_budget(d));
    arrays.push_back(array_from_pool(dt, long_first, counting_pool(dt, d, element_count(long_first)), 0));
    for (auto& a : signed_zero_arrays(dt, pool, small, long_first)) arrays.push_back(std::move(a));
  }
  std::vector<Value> out;
  for (auto& a : arrays) out.push_back(Value(std::move(a)));
  return out;
}

std::vector<Value> list_edges(const Type& elem, const Domain& d) {
  const auto items = edge_values(elem, d);
  const auto max_len = static_cast<std::size_t>(capped(kNestedLength, d.max_container_length));
  std::vector<Value> out = {Value(ListValue{})};
  if (max_len == 0 || items.empty()) return out;
  out.push_back(Value(ListValue{{items[0]}}));
  if (items.size() > 1) out.push_back(Value(ListValue{{items[1]}}));
  if (max_len >= 2) out.push_back(Value(ListValue{{items[0], items[0]}}));
  const std::size_t n = std::min(max_len, items.size());
  if (n > 2) out.push_back(Value(ListValue{std::vector<Value>(items.begin(), items.begin() + n)}));
  return out;
}

std::vector<Value> dict_edges(const Type& key, const Type& value, const Domain& d) {
  const auto keys = edge_values(key, d);
  const auto values = edge_values(value, d);
  const auto max_len = static_cast<std::size_t>(capped(kNestedLength, d.max_container_length));
  std::vector<Value> out = {Value(DictValue{})};
  if (max_len == 0 || keys.empty() || values.empty()) return out;
  out.push_back(Value(dict_from_pairs({{keys[0], values[0]}})));
  std::vector<std::pair<Value, Value>> pairs;
  for (std::size_t k = 0; k < std::min(max_len, keys.size()); ++k)
    pairs.emplace_back(keys[k], values[k % values.size()]);
  if (pairs.size() > 1) out.push_back(Value(dict_from_pairs(std::move(pairs))));
  return out;
}

// Tuples that walk every position through its edge values together (not the full product).
std::vector<Value> tuple_edges(const std::vector<Type>& elems, const Domain& d) {
  std::vector<std::vector<Value>> per;
  std::size_t longest = 1;
  for (const auto& t : elems) {
    per.push_back(edge_values(t, d));
    longest = std::max(longest, per.back().size());
  }
  std::vector<Value> out;
  for (std::size_t k = 0; k < std::min<std::size_t>(longest, 16); ++k) {
    TupleValue tuple;
    for (const auto& values : per) tuple.items.push_back(values[std::min(k, values.size() - 1)]);
    out.push_back(Value(std::move(tuple)));
  }
  return out;
}

template <class T, class F>
std::vector<Value> wrap_all(const std::vector<T>& xs, F f) {
  std::vector<Value> out;
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}

}  // namespace

std::vector<Value> edge_values(const Type& type, const Domain& d) {
  switch (type.kind) {
    case TypeKind::Bool:
      return {Value(false), Value(true)};
    case TypeKind::Int:
      return wrap_all(int_edges(int_range(d, I64::min(), I64::max())),
                      [](std::int64_t i) { return Value(i); });
    case TypeKind::Float:
      return wrap_all(float_edges(float_range(d, kDouble), kDouble), [](double x) { return Value(x); });
    case TypeKind::Complex:
      return wrap_all(complex_edges(float_range(d, kDouble)),
                      [](std::complex<double> c) { return Value(c); });
    case TypeKind::Str:
      return wrap_all(text_edges(capped(kShortLength, d.max_text_length)),
                      [](const std::string& s) { return Value(StrValue{s}); });
    case TypeKind::None:
      return {Value(NoneValue{})};
    case TypeKind::Literal:
      return {literal_value(type.literal)};
    case TypeKind::List:
      return list_edges(type.args.at(0), d);
    case TypeKind::Dict:
      return dict_edges(type.args.at(0), type.args.at(1), d);
    case TypeKind::Tuple:
      return tuple_edges(type.args, d);
    case TypeKind::NDArray:
      return array_edges(type.dtype, type.ndim, d);
    case TypeKind::NpScalar:
      return wrap_all(element_edges(type.dtype, d),
                      [&](const Element& e) { return Value(np_scalar(type.dtype, e.i, e.c)); });
    case TypeKind::Union: {
      std::vector<Value> out;
      for (const auto& t : type.args) {
        auto edges = edge_values(t, d);
        out.insert(out.end(), std::make_move_iterator(edges.begin()), std::make_move_iterator(edges.end()));
      }
      return out;
    }
  }
  return {};
}

namespace {

// All combinations of the first counts[p] values of each parameter, the last parameter varying fastest.
void append_product(const std::vector<std::vector<Value>>& per, const std::vector<std::size_t>& counts,
                    std::size_t cap, std::vector<Case>& out) {
  std::vector<std::size_t> index(per.size(), 0);
  while (out.size() < cap) {
    std::vector<Value> args;
    for (std::size_t p = 0; p < per.size(); ++p) args.push_back(per[p][index[p]]);
    out.push_back(plain_case(std::move(args)));
    std::size_t p = per.size();
    while (p > 0 && ++index[p - 1] == counts[p - 1]) index[--p] = 0;
    if (p == 0) return;
  }
}

}  // namespace

std::vector<Case> edge_cases(const Signature& sig, const Domain& d, std::size_t cap) {
  std::vector<std::vector<Value>> per;
  for (const auto& t : sig.params) {
    per.push_back(edge_values(t, d));
    if (per.back().empty()) return {};
  }
  std::vector<std::size_t> counts;
  for (const auto& values : per) counts.push_back(values.size());
  auto product = [&] {
    double p = 1;
    for (auto c : counts) p *= static_cast<double>(c);
    return p;
  };
  // Too many: shorten the longest lists (keeping their most telling prefix) until half the budget is left
  // for the values that were cut, each of which still appears once.
  if (product() > static_cast<double>(cap)) {
    while (product() > static_cast<double>(cap) / 2) {
      auto longest = std::max_element(counts.begin(), counts.end());
      if (*longest == 1) break;
      --*longest;
    }
  }
  std::vector<Case> out;
  if (cap == 0) return out;
  append_product(per, counts, cap, out);
  for (std::size_t p = 0; p < per.size(); ++p) {
    for (std::size_t k = counts[p]; k < per[p].size() && out.size() < cap; ++k) {
      std::vector<Value> args;
      for (std::size_t q = 0; q < per.size(); ++q) args.push_back(q == p ? per[p][k] : per[q][0]);
      out.push_back(plain_case(std::move(args)));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Seeded draws and shrinking.

int draw_size(std::size_t index) { return static_cast<int>(index % (rc::kNominalSize + 1)); }

rc::Shrinkable<Case> draw_case(const rc::Gen<Case>& gen, std::uint64_t seed, std::size_t index) {
  // A 256-bit key from (seed, index) makes case i independent of how many cases came before it.
  const rc::Random::Key key{seed, static_cast<std::uint64_t>(index), 0x6f7073796e746831ULL,
                            0x9e3779b97f4a7c15ULL};
  return gen(rc::Random(key), draw_size(index));
}

std::vector<rc::Shrinkable<Case>> draw_cases(const Signature& sig, const Domain& d, std::uint64_t seed,
                                             std::size_t count) {
  const auto gen = case_gen(sig, d);
  std::vector<rc::Shrinkable<Case>> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(draw_case(gen, seed, i));
  return out;
}

std::vector<Case> draw_plain_cases(const rc::Gen<Case>& gen, std::uint64_t seed, std::size_t first_index,
                                   std::size_t count) {
  std::vector<Case> out;
  out.reserve(count);
  for (std::size_t i = first_index; i < first_index + count; ++i)
    out.push_back(draw_case(gen, seed, i).value());
  return out;
}

Shrunk minimize(const rc::Shrinkable<Case>& failing, const std::function<bool(const Case&)>& fails,
                std::size_t max_steps) {
  Shrunk out{failing.value()};
  rc::Shrinkable<Case> current = failing;
  bool progressed = true;
  while (progressed && out.tried < max_steps) {
    progressed = false;
    auto shrinks = current.shrinks();
    while (auto next = shrinks.next()) {
      if (++out.tried > max_steps) break;
      Case candidate = next->value();
      if (fails(candidate)) {
        current = *next;
        out.minimal = std::move(candidate);
        ++out.accepted_steps;
        progressed = true;
        break;
      }
    }
  }
  return out;
}

}  // namespace opsynth::verify
