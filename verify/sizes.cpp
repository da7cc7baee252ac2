// Size bands, the sweep over them, and value lengths (see sizes.hpp).
#include "verify/sizes.hpp"

#include <algorithm>
#include <array>


namespace opsynth::verify {

namespace {

constexpr std::array<std::int64_t, 16> kBandFirsts = {0,    18,   31,   34,    63,    66,    127,   130,
                                                      255,  258,  1023, 1026,  4096,  16384, 65536, 262144};

struct Shape {
  int max_ndim = 0;        // highest array rank among the parameters (0 = no array with an axis)
  bool text = false;       // a str parameter
  bool container = false;  // a list or dict parameter
  bool floats = false;     // float elements in a list, dict or array
  bool inner = false;      // a str, list, dict or array with an axis inside a list or dict
  std::size_t sized = 0;   // parameters with a length
  int first_sized_ndim = 0;  // the rank of the first parameter with a length, when it is an array
};

void visit(const Type& t, Shape& s, bool& has_length) {
  switch (t.kind) {
    case TypeKind::Str:
      s.text = has_length = true;
      break;
    case TypeKind::List:
    case TypeKind::Dict:
      s.container = has_length = true;
      for (const auto& a : t.args) {
        bool inner = false;
        visit(a, s, inner);
        s.inner = s.inner || inner;
      }
      break;
    case TypeKind::Float:
      s.floats = true;
      break;
    case TypeKind::NDArray:
      s.floats = s.floats || t.dtype == Dtype::Float32 || t.dtype == Dtype::Float64;
      if (t.ndim > 0) {
        s.max_ndim = std::max(s.max_ndim, t.ndim);
        has_length = true;
      }
      break;
    case TypeKind::Tuple:
    case TypeKind::Union:
      for (const auto& a : t.args) visit(a, s, has_length);
      break;
    default:
      break;
  }
}

Shape shape_of(const Signature& sig) {
  Shape s;
  for (const auto& p : sig.params) {
    bool has_length = false;
    visit(p, s, has_length);
    if (has_length && s.sized == 0 && p.kind == TypeKind::NDArray) s.first_sized_ndim = p.ndim;
    if (has_length) ++s.sized;
  }
  return s;
}

std::int64_t power(std::int64_t base, int exp) {
  std::int64_t out = 1;
  for (int i = 0; i < exp; ++i) out = out > (std::int64_t{1} << 40) / std::max<std::int64_t>(base, 1) ? (std::int64_t{1} << 40) : out * base;
  return out;
}

// The longest length any parameter may take: each kind's narrowing (or its own ceiling), the largest wins.
std::int64_t reach(const Shape& s, const Domain& d, const SizeBudget& budget) {
  std::int64_t out = 0;
  if (s.text) out = std::max(out, d.max_text_length.value_or(budget.max_case_elements));
  if (s.container) out = std::max(out, d.max_container_length.value_or(kMaxContainerSweep));
  if (s.max_ndim > 0) {
    std::int64_t axis = std::min(d.max_axis_length.value_or(budget.max_case_elements),
                                 d.max_array_elements.value_or(budget.max_case_elements));
    out = std::max(out, axis);
  }
  return out;
}

}  // namespace

const std::vector<std::int64_t>& sweep_lengths() {
  static const std::vector<std::int64_t> lengths = [] {
    std::vector<std::int64_t> out;
    for (std::int64_t n = 0; n <= 17; ++n) out.push_back(n);
    for (std::int64_t edge : {32, 64, 128, 256, 1024}) out.insert(out.end(), {edge - 1, edge, edge + 1});
    for (std::int64_t n = kLargeTier; n <= (std::int64_t{1} << 20); n *= 4) out.push_back(n);
    return out;
  }();
  return lengths;
}

std::int64_t band_first(std::int64_t length) {
  auto it = std::upper_bound(kBandFirsts.begin(), kBandFirsts.end(), length);
  return it == kBandFirsts.begin() ? 0 : *(it - 1);
}

std::string band_name(std::int64_t first) {
  auto it = std::upper_bound(kBandFirsts.begin(), kBandFirsts.end(), first);
  if (it == kBandFirsts.end()) return std::to_string(first) + "+";
  return std::to_string(first) + "-" + std::to_string(*it - 1);
}

std::vector<SizeTarget> size_sweep(const Signature& sig, const Domain& d, const SizeBudget& budget) {
  const Shape s = shape_of(sig);
  std::vector<SizeTarget> out;
  if (s.sized == 0) return out;
  const std::int64_t longest = reach(s, d, budget);
  const std::array<TextStyle, 4> styles = {TextStyle::Ascii, TextStyle::NonAscii, TextStyle::RareAtEnd,
                                           TextStyle::Numeral};
  std::size_t step = 0;
  for (std::int64_t n : sweep_lengths()) {
    if (n > longest) break;
    std::vector<SizeTarget> base;
    // Each axis long in turn (the others short), then all of them while the array fits.
    for (int axis = 0; axis < s.max_ndim; ++axis) {
      if (n * power(kShortAxis, s.max_ndim - 1) <= budget.max_case_elements) base.push_back({n, axis});
    }
    if (s.max_ndim != 1 && power(n, std::max(s.max_ndim, 1)) <= budget.max_case_elements) base.push_back({n, -1});
    if (base.empty()) continue;
    const TextStyle style = styles[step++ % styles.size()];
    for (auto& t : base) t.text = style;
    out.insert(out.end(), base.begin(), base.end());
    SizeTarget first = base.front();
    // From 31 on, every text style at every length.
    if (s.text && n >= 31) {
      for (TextStyle other : styles) {
        if (other == style) continue;
        SizeTarget t = first;
        t.text = other;
        out.push_back(t);
      }
    }
    if (s.max_ndim > 0 && n >= 2) {
      SizeTarget t = first;
      t.view = true;
      out.push_back(t);
    }
    if ((s.max_ndim > 0 || s.container) && n >= 9) {
      SizeTarget t = first;
      t.tail_edge = true;
      out.push_back(t);
      t.tail_edge = false;
      t.mixed = true;
      out.push_back(t);
      if (s.floats) {
        t.mixed = false;
        t.ties = true;
        out.push_back(t);
      }
    }
    if (s.inner && n >= 1 && n <= kMaxInnerSweep) {
      SizeTarget t = first;
      t.inner = true;
      out.push_back(t);
      if (s.floats && n >= 9) {
        t.ties = true;
        out.push_back(t);
      }
    }
    if (s.sized >= 2 && n >= 1) {
      SizeTarget t = first;
      t.only_first = true;
      // A first array of lower rank takes the pool's last axes, which a long first axis leaves short.
      if (s.first_sized_ndim > 0 && s.first_sized_ndim < s.max_ndim) t.long_axis = -1;
      out.push_back(t);
    }
  }
  return out;
}

std::int64_t value_length(const Value& v) {
  if (v.is<StrValue>()) {  // code points: every byte that is not a UTF-8 continuation byte
    const auto& s = v.as<StrValue>().utf8;
    return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; });
  }
  std::int64_t out = 0;
  if (v.is<ListValue>() || v.is<TupleValue>()) {
    const auto& items = v.is<ListValue>() ? v.as<ListValue>().items : v.as<TupleValue>().items;
    if (v.is<ListValue>()) out = static_cast<std::int64_t>(items.size());
    for (const auto& item : items) out = std::max(out, value_length(item));
  } else if (v.is<DictValue>()) {
    const auto& items = v.as<DictValue>().items;
    out = static_cast<std::int64_t>(items.size());
    for (const auto& [k, val] : items) out = std::max({out, value_length(k), value_length(val)});
  } else if (v.is<NDArrayValue>()) {
    for (auto n : v.as<NDArrayValue>().shape) out = std::max(out, n);
  }
  return out;
}

std::int64_t case_length(const Case& c) {
  std::int64_t out = 0;
  for (const auto& a : c.args) out = std::max(out, value_length(a));
  return out;
}

std::size_t value_bytes(const Value& v) {
  if (v.is<StrValue>()) return v.as<StrValue>().utf8.size() + 16;
  if (v.is<NDArrayValue>()) return v.as<NDArrayValue>().data.size() + 16;
  std::size_t out = 16;
  if (v.is<ListValue>() || v.is<TupleValue>()) {
    for (const auto& item : v.is<ListValue>() ? v.as<ListValue>().items : v.as<TupleValue>().items)
      out += value_bytes(item);
  } else if (v.is<DictValue>()) {
    for (const auto& [k, val] : v.as<DictValue>().items) out += value_bytes(k) + value_bytes(val);
  }
  return out;
}

void count_band(BandCounts& counts, const Case& c) { ++counts[band_first(case_length(c))]; }

}  // namespace opsynth::verify
