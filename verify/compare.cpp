// Comparators by tolerance class, walking Values in a fixed order and naming the first difference.
#include "verify/compare.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace opsynth::verify {

namespace {

// Maps a float's bits onto a line where adjacent floats are adjacent integers.
std::int64_t ordered(double x) {
  const auto bits = std::bit_cast<std::int64_t>(x);
  return bits < 0 ? std::numeric_limits<std::int64_t>::min() - bits : bits;
}
std::int32_t ordered(float x) {
  const auto bits = std::bit_cast<std::int32_t>(x);
  return bits < 0 ? std::numeric_limits<std::int32_t>::min() - bits : bits;
}

struct FloatRule {
  Tolerance tolerance;
  double reduction_bound = 0.0;  // absolute bound for Reduction, computed from the inputs
};

std::string type_word(const Value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, NoneValue>) return "None";
        else if constexpr (std::is_same_v<T, bool>) return "bool";
        else if constexpr (std::is_same_v<T, std::int64_t>) return "int";
        else if constexpr (std::is_same_v<T, double>) return "float";
        else if constexpr (std::is_same_v<T, std::complex<double>>) return "complex";
        else if constexpr (std::is_same_v<T, StrValue>) return "str";
        else if constexpr (std::is_same_v<T, ListValue>) return "list";
        else if constexpr (std::is_same_v<T, TupleValue>) return "tuple";
        else if constexpr (std::is_same_v<T, DictValue>) return "dict";
        else if constexpr (std::is_same_v<T, NDArrayValue>) return "ndarray";
        else return std::string(dtype_name(x.dtype)) + " scalar";
      },
      v.v);
}

// Float comparison shared by scalars and array elements; `single` for float32 data.
std::optional<std::string> float_difference(double e, double g, const FloatRule& rule, bool single) {
  if (std::isnan(e) || std::isnan(g)) {
    if (std::isnan(e) && std::isnan(g)) return std::nullopt;
    return std::string("NaN on one side only");
  }
  if (std::isinf(e) || std::isinf(g)) {
    if (e == g) return std::nullopt;
    return std::string("infinities differ");
  }
  if (e == 0.0 && g == 0.0) {
    // Python distinguishes 0.0 and -0.0. A reduction's zero takes its sign from where its accumulators
    // start, which BLAS builds and kernels differ on (this machine's numpy.dot gives -0.0 for [0.]·[-0.]
    // and 0.0 for [-0.5, -0.5]·[0., 0.]); within a reduction bound the two zeros are the same result.
    if (std::signbit(e) == std::signbit(g) || rule.tolerance.bounded_by_inputs()) return std::nullopt;
    return std::string("signs of zero differ");
  }
  switch (rule.tolerance.kind) {
    case Tolerance::Kind::Exact:
      if (std::bit_cast<std::uint64_t>(e) == std::bit_cast<std::uint64_t>(g)) return std::nullopt;
      return "not bit-identical (" +
             std::to_string(single ? ulp_distance(float(e), float(g)) : ulp_distance(e, g)) +
             " ulp apart; tolerance exact)";
    case Tolerance::Kind::Ulp: {
      const std::uint64_t d = single ? ulp_distance(float(e), float(g)) : ulp_distance(e, g);
      if (d <= static_cast<std::uint64_t>(rule.tolerance.ulps)) return std::nullopt;
      return std::to_string(d) + " ulp apart (allowed " + std::to_string(rule.tolerance.ulps) + ")";
    }
    case Tolerance::Kind::Reduction:
    case Tolerance::Kind::Products: {
      const double err = std::fabs(e - g);
      if (std::isfinite(rule.reduction_bound) && err <= rule.reduction_bound) return std::nullopt;
      if (!std::isfinite(rule.reduction_bound) && e == g) return std::nullopt;
      const std::uint64_t ulps = single ? ulp_distance(float(e), float(g)) : ulp_distance(e, g);
      if (ulps <= static_cast<std::uint64_t>(rule.tolerance.ulps)) return std::nullopt;
      char buf[160];
      if (rule.tolerance.ulps > 0)
        std::snprintf(buf, sizeof buf, "error %.3g exceeds the reduction bound %.3g and is %llu ulp (allowed %lld)", err,
                      rule.reduction_bound, static_cast<unsigned long long>(ulps), static_cast<long long>(rule.tolerance.ulps));
      else
        std::snprintf(buf, sizeof buf, "error %.3g exceeds the reduction bound %.3g", err, rule.reduction_bound);
      return std::string(buf);
    }
    case Tolerance::Kind::Close: {
      const double err = std::fabs(e - g), bound = rule.tolerance.atol + rule.tolerance.rtol * std::fabs(e);
      if (err <= bound) return std::nullopt;
      char buf[96];
      std::snprintf(buf, sizeof buf, "error %.3g exceeds atol + rtol * |expected| = %.3g", err, bound);
      return std::string(buf);
    }
  }
  return std::nullopt;
}

class Walker {
 public:
  explicit Walker(FloatRule rule) : rule_(rule) {}

  std::optional<Mismatch> values(const Value& e, const Value& g, const std::string& where) {
    if (e.v.index() != g.v.index())
      return mismatch("type", where, e, g, "expected " + type_word(e) + ", got " + type_word(g));
    if (auto* ed = std::get_if<double>(&e.v)) return scalar_float(*ed, g.as<double>(), where, e, g, false);
    if (auto* ec = std::get_if<std::complex<double>>(&e.v)) {
      const auto gc = g.as<std::complex<double>>();
      if (auto m = scalar_float(ec->real(), gc.real(), where + ".real", e, g, false)) return m;
      return scalar_float(ec->imag(), gc.imag(), where + ".imag", e, g, false);
    }
    if (auto* el = std::get_if<ListValue>(&e.v)) return sequence(el->items, g.as<ListValue>().items, where, e, g);
    if (auto* et = std::get_if<TupleValue>(&e.v)) return sequence(et->items, g.as<TupleValue>().items, where, e, g);
    if (auto* edict = std::get_if<DictValue>(&e.v)) return dict(*edict, g.as<DictValue>(), where, e, g);
    if (auto* ea = std::get_if<NDArrayValue>(&e.v)) return array(*ea, g.as<NDArrayValue>(), where, e, g);
    if (auto* es = std::get_if<NpScalarValue>(&e.v)) return np_scalar(*es, g.as<NpScalarValue>(), where, e, g);
    if (e == g) return std::nullopt;  // None, bool, int, str: exact
    return mismatch("value", where, e, g, "");
  }

 private:
  static Mismatch mismatch(std::string stage, const std::string& where, const Value& e, const Value& g,
                           std::string detail) {
    return Mismatch{std::move(stage), where, short_repr(e), short_repr(g), std::move(detail)};
  }

  std::optional<Mismatch> scalar_float(double e, double g, const std::string& where, const Value& ev,
                                       const Value& gv, bool single) {
    if (auto why = float_difference(e, g, rule_, single)) return mismatch("value", where, ev, gv, *why);
    return std::nullopt;
  }

  std::optional<Mismatch> sequence(const std::vector<Value>& e, const std::vector<Value>& g,
                                   const std::string& where, const Value& ev, const Value& gv) {
    if (e.size() != g.size())
      return mismatch("shape", where, ev, gv,
                      "length " + std::to_string(g.size()) + ", expected " + std::to_string(e.size()));
    for (std::size_t i = 0; i < e.size(); ++i)
      if (auto m = values(e[i], g[i], where + "[" + std::to_string(i) + "]")) return m;
    return std::nullopt;
  }

  // Insertion order is observable in Python (iteration, repr), so dicts compare in order.
  std::optional<Mismatch> dict(const DictValue& e, const DictValue& g, const std::string& where,
                               const Value& ev, const Value& gv) {
    if (e.items.size() != g.items.size())
      return mismatch("shape", where, ev, gv,
                      "length " + std::to_string(g.items.size()) + ", expected " + std::to_string(e.items.size()));
    for (std::size_t i = 0; i < e.items.size(); ++i) {
      if (!(e.items[i].first == g.items[i].first))
        return mismatch("value", where + " key #" + std::to_string(i), e.items[i].first, g.items[i].first,
                        "keys differ (or are in another order)");
      if (auto m = values(e.items[i].second, g.items[i].second, where + "[" + short_repr(e.items[i].first) + "]"))
        return m;
    }
    return std::nullopt;
  }

  std::optional<Mismatch> np_scalar(const NpScalarValue& e, const NpScalarValue& g, const std::string& where,
                                    const Value& ev, const Value& gv) {
    if (e.dtype != g.dtype)
      return mismatch("dtype", where, ev, gv,
                      "dtype " + std::string(dtype_name(g.dtype)) + ", expected " + std::string(dtype_name(e.dtype)));
    switch (e.dtype) {
      case Dtype::Float32:
      case Dtype::Float64:
        return scalar_float(e.c.real(), g.c.real(), where, ev, gv, e.dtype == Dtype::Float32);
      case Dtype::Complex128:
      case Dtype::Complex64: {  // complex64's parts at float32's rules, as float32 scalars
        const bool single = e.dtype == Dtype::Complex64;
        if (auto m = scalar_float(e.c.real(), g.c.real(), where + ".real", ev, gv, single)) return m;
        return scalar_float(e.c.imag(), g.c.imag(), where + ".imag", ev, gv, single);
      }
      default:
        if (e.i == g.i) return std::nullopt;
        return mismatch("value", where, ev, gv, "");
    }
  }

  static std::string index_string(const std::vector<std::int64_t>& shape, std::size_t flat) {
    std::vector<std::int64_t> idx(shape.size());
    for (std::size_t k = shape.size(); k-- > 0;) {
      idx[k] = shape[k] ? static_cast<std::int64_t>(flat % shape[k]) : 0;
      flat = shape[k] ? flat / shape[k] : 0;
    }
    std::string s = "[";
    for (std::size_t k = 0; k < idx.size(); ++k) s += (k ? ", " : "") + std::to_string(idx[k]);
    return s + "]";
  }

  std::optional<Mismatch> array(const NDArrayValue& e, const NDArrayValue& g, const std::string& where,
                                const Value& ev, const Value& gv) {
    if (e.shape != g.shape) return mismatch("shape", where, ev, gv, "shapes differ");
    if (e.dtype != g.dtype)
      return mismatch("dtype", where, ev, gv,
                      "dtype " + std::string(dtype_name(g.dtype)) + ", expected " + std::string(dtype_name(e.dtype)));
    if (e.data.size() != g.data.size()) return mismatch("shape", where, ev, gv, "data sizes differ");
    const std::size_t width = dtype_size(e.dtype);
    const std::size_t n = width ? e.data.size() / width : 0;
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char* pe = e.data.data() + i * width;
      const unsigned char* pg = g.data.data() + i * width;
      std::optional<std::string> why;
      switch (e.dtype) {
        case Dtype::Float64: {
          double a, b;
          std::memcpy(&a, pe, 8), std::memcpy(&b, pg, 8);
          why = float_difference(a, b, rule_, false);
          if (why) return element_mismatch(where, e.shape, i, Value(a), Value(b), *why);
          break;
        }
        case Dtype::Float32: {
          float a, b;
          std::memcpy(&a, pe, 4), std::memcpy(&b, pg, 4);
          why = float_difference(a, b, rule_, true);
          if (why) return element_mismatch(where, e.shape, i, Value(double(a)), Value(double(b)), *why);
          break;
        }
        case Dtype::Complex128: {
          double a[2], b[2];
          std::memcpy(a, pe, 16), std::memcpy(b, pg, 16);
          why = float_difference(a[0], b[0], rule_, false);
          if (!why) why = float_difference(a[1], b[1], rule_, false);
          if (why)
            return element_mismatch(where, e.shape, i, Value(std::complex<double>(a[0], a[1])),
                                    Value(std::complex<double>(b[0], b[1])), *why);
          break;
        }
        case Dtype::Complex64: {
          float a[2], b[2];
          std::memcpy(a, pe, 8), std::memcpy(b, pg, 8);
          why = float_difference(a[0], b[0], rule_, true);
          if (!why) why = float_difference(a[1], b[1], rule_, true);
          if (why)
            return element_mismatch(where, e.shape, i, Value(std::complex<double>(a[0], a[1])),
                                    Value(std::complex<double>(b[0], b[1])), *why);
          break;
        }
        default:  // bool and the integer dtypes: exact
          if (std::memcmp(pe, pg, width) != 0) {
            const std::int64_t a = load_integer(e.dtype, pe), b = load_integer(e.dtype, pg);
            if (e.dtype == Dtype::UInt64)  // shown unsigned
              return element_mismatch(where, e.shape, i, Value(NpScalarValue{e.dtype, {}, a}),
                                      Value(NpScalarValue{e.dtype, {}, b}), "");
            return element_mismatch(where, e.shape, i, Value(a), Value(b), "");
          }
      }
    }
    return std::nullopt;
  }

  static Mismatch element_mismatch(const std::string& where, const std::vector<std::int64_t>& shape,
                                   std::size_t flat, const Value& e, const Value& g, std::string detail) {
    return Mismatch{"value", where + index_string(shape, flat), short_repr(e), short_repr(g), std::move(detail)};
  }

  FloatRule rule_;
};

// Sum of the finite magnitudes and count of the numeric data in the inputs: the scale a reduction's
// rounding error is measured against. A NaN or infinite input is left out of the sum: it made the bound
// NaN or infinite, which demanded bit-identical results at every finite element of a result, including
// the many that never read it (a row sum beside a row holding a NaN). Elements that do read it come out
// NaN or infinite and are compared exactly as before.
// In long double: magnitudes near DBL_MAX sum past double's range, and an infinite bound would demand
// bit-identical results exactly where the rounding error is largest.
// With `squares` (the products class) each finite x adds |x| + x^2: |a*b| <= (a^2 + b^2) / 2 bounds any
// product of two inputs, and |x| any input summed alone.
struct Magnitudes {
  long double sum = 0;
  std::size_t count = 0;
  bool squares = false;
};

void add_magnitude(long double x, Magnitudes& m) {
  if (std::isfinite(x)) m.sum += std::fabs(x) + (m.squares ? x * x : 0.0L);
}

void accumulate_magnitudes(const Value& v, Magnitudes& m) {
  if (auto* d = std::get_if<double>(&v.v)) {
    add_magnitude(*d, m), ++m.count;
  } else if (auto* c = std::get_if<std::complex<double>>(&v.v)) {
    add_magnitude(std::abs(*c), m), ++m.count;
  } else if (auto* l = std::get_if<ListValue>(&v.v)) {
    for (auto& x : l->items) accumulate_magnitudes(x, m);
  } else if (auto* t = std::get_if<TupleValue>(&v.v)) {
    for (auto& x : t->items) accumulate_magnitudes(x, m);
  } else if (auto* a = std::get_if<NDArrayValue>(&v.v)) {
    const std::size_t w = dtype_size(a->dtype);
    const std::size_t n = w ? a->data.size() / w : 0;
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char* p = a->data.data() + i * w;
      if (a->dtype == Dtype::Float64) {
        double x;
        std::memcpy(&x, p, 8);
        add_magnitude(x, m);
      } else if (a->dtype == Dtype::Float32) {
        float x;
        std::memcpy(&x, p, 4);
        add_magnitude(x, m);
      } else if (a->dtype == Dtype::Complex128) {
        double x[2];
        std::memcpy(x, p, 16);
        add_magnitude(std::hypot(x[0], x[1]), m);
      } else if (a->dtype == Dtype::Complex64) {
        float x[2];
        std::memcpy(x, p, 8);
        add_magnitude(std::hypot(double(x[0]), double(x[1])), m);
      } else if (a->dtype == Dtype::UInt64) {
        add_magnitude(static_cast<long double>(static_cast<std::uint64_t>(load_integer(a->dtype, p))), m);
      } else if (dtype_is_integer(a->dtype)) {
        add_magnitude(static_cast<long double>(load_integer(a->dtype, p)), m);
      }
      ++m.count;
    }
  } else if (auto* s = std::get_if<NpScalarValue>(&v.v)) {
    add_magnitude(std::abs(s->c), m), add_magnitude(static_cast<long double>(s->i), m), ++m.count;
  }
}

// eps of the narrowest float type in the result (float32 results get float32's eps).
double result_epsilon(const Value& v) {
  auto single = [](Dtype d) { return d == Dtype::Float32 || d == Dtype::Complex64; };
  if (auto* a = std::get_if<NDArrayValue>(&v.v); a && single(a->dtype)) return std::numeric_limits<float>::epsilon();
  if (auto* s = std::get_if<NpScalarValue>(&v.v); s && single(s->dtype)) return std::numeric_limits<float>::epsilon();
  return std::numeric_limits<double>::epsilon();
}

FloatRule rule_for(const Tolerance& t, const Case& c, const Value* result) {
  FloatRule rule{t, 0.0};
  if (t.bounded_by_inputs()) {
    Magnitudes m;
    m.squares = t.kind == Tolerance::Kind::Products;
    for (const Value& a : c.args) accumulate_magnitudes(a, m);
    const double eps = result ? result_epsilon(*result) : std::numeric_limits<double>::epsilon();
    const long double bound =
        static_cast<long double>(t.factor) * eps * static_cast<long double>(m.count ? m.count : 1) * m.sum;
    // Past DBL_MAX every finite difference is within it.
    rule.reduction_bound = bound > std::numeric_limits<double>::max() ? std::numeric_limits<double>::max()
                                                                      : static_cast<double>(bound);
  }
  return rule;
}

std::string raised_repr(const Raised& r) { return r.exception + "(" + repr(Value(StrValue{r.message})) + ")"; }

}  // namespace

std::uint64_t ulp_distance(double a, double b) {
  const std::int64_t x = ordered(a), y = ordered(b);
  return x > y ? static_cast<std::uint64_t>(x) - static_cast<std::uint64_t>(y)
               : static_cast<std::uint64_t>(y) - static_cast<std::uint64_t>(x);
}

std::uint64_t ulp_distance(float a, float b) {
  const std::int64_t x = ordered(a), y = ordered(b);
  return static_cast<std::uint64_t>(x > y ? x - y : y - x);
}

std::string Mismatch::describe() const {
  std::string s = where + ": expected " + expected + ", got " + got;
  if (!detail.empty()) s += " (" + detail + ")";
  return s;
}

namespace {

// Labels of positions 0..n-1 as (source, label); past the runs (an all-new result) a position is its own label.
std::vector<std::pair<std::int64_t, std::int64_t>> expand(const std::vector<SharedRun>& runs, std::int64_t n) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const SharedRun& r : runs)
    for (std::int64_t i = 0; i < r.count; ++i) out.emplace_back(r.source, r.start + r.step * i);
  for (auto at = static_cast<std::int64_t>(out.size()); at < n; ++at) out.emplace_back(-1, at);
  return out;
}

std::int64_t labelled(const std::vector<SharedRun>& runs) {
  std::int64_t n = 0;
  for (const SharedRun& r : runs) n += r.count;
  return n;
}

// The first walk position whose label differs, described for a person: which memory CPython's result
// uses there and which the candidate's does.
Mismatch sharing_mismatch(const std::vector<SharedRun>& expected, const std::vector<SharedRun>& got) {
  const std::int64_t n = std::max(labelled(expected), labelled(got));
  const auto e = expand(expected, n), g = expand(got, n);
  std::int64_t at = 0;
  while (at < n && e[at] == g[at]) ++at;
  return Mismatch{"sharing", "result item " + std::to_string(at) + " (arrays' elements in C order, lists and dicts as one item)",
                  describe_label(expected, at), describe_label(got, at),
                  "the result shares memory differently: a view where CPython returns a copy, or a copy where it returns "
                  "a view (writing through one shows in the other), or the same object where it returns two"};
}

}  // namespace

std::optional<Mismatch> compare_outcomes(const Outcome& expected, const Outcome& got, const Tolerance& tolerance,
                                         const Case& c) {
  if (expected.raised) {
    if (!got.raised)
      return Mismatch{"exception", "result", raised_repr(*expected.raised),
                      got.result ? short_repr(*got.result) : std::string("nothing"), "CPython raised, the candidate returned"};
    if (got.raised->exception != expected.raised->exception)
      return Mismatch{"exception", "result", raised_repr(*expected.raised), raised_repr(*got.raised),
                      "exception classes differ"};
  } else if (got.raised || !got.result) {
    return Mismatch{"exception", "result", expected.result ? short_repr(*expected.result) : std::string("nothing"),
                    got.raised ? raised_repr(*got.raised) : std::string("nothing"),
                    "CPython returned, the candidate raised"};
  } else {
    Walker walker(rule_for(tolerance, c, &*expected.result));
    if (auto m = walker.values(*expected.result, *got.result, "result")) return m;
  }
  // Effects: what CPython mutated must be mutated the same way; what it left alone must stay.
  Walker exact_effects(rule_for(tolerance, c, nullptr));
  for (std::size_t i = 0; i < expected.args_after.size(); ++i) {
    const auto& e = expected.args_after[i];
    const std::optional<Value> none;
    const auto& g = i < got.args_after.size() ? got.args_after[i] : none;
    if (!e) continue;
    const std::string where = "argument " + std::to_string(i) + " after the call";
    if (!g) return Mismatch{"effect", where, short_repr(*e), "nothing", "the candidate did not report the argument"};
    if (auto m = exact_effects.values(*e, *g, where)) {
      m->stage = "effect";
      return m;
    }
  }
  if (expected.result && expected.sharing != got.sharing) return sharing_mismatch(expected.sharing, got.sharing);
  return std::nullopt;
}

}  // namespace opsynth::verify
