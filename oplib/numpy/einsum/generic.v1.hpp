// op: numpy.einsum
// sig: Literal['ijk,ijk->ij'], ndarray[float64,3], ndarray[float64,3] -> ndarray[float64,2]
// generic: yes
// tolerance: products
// note: np.einsum(subscripts, a, b) of two float64 arrays whose summed labels appear in both (contractions: 'ijk,ijk->ij', 'ij,jk->ik', 'i,i->'), explicit ('->') or implicit output (labels seen once, alphabetical); size-1 axes broadcast, other mismatches raise numpy's ValueError. Products are added in numpy's c_einsum order: its iterator's axis order (negative strides flipped, axes sorted by stride, neighbours coalesced), a contiguous inner contraction in two SSE2 lanes unrolled by eight, any other sequentially
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace oplib::numpy {
namespace detail_numpy_einsum_v1 {
struct spec {
  bool ok = false;
  std::size_t n[2] = {0, 0};
  char in[2][32] = {};
  std::size_t n_out = 0;
  char out[32] = {};
};

constexpr bool is_label(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

constexpr int count_of(const spec& r, char c) {
  int count = 0;
  for (std::size_t op = 0; op < 2; ++op)
    for (std::size_t j = 0; j < r.n[op]; ++j) count += r.in[op][j] == c;
  return count;
}

constexpr bool in_output(const spec& r, char c) {
  for (std::size_t j = 0; j < r.n_out; ++j)
    if (r.out[j] == c) return true;
  return false;
}

// The subscripts of two operands, each label at most once per operand; not ok for anything else.
constexpr spec parse(std::string_view s) {
  spec r;
  std::size_t op = 0, k = 0;
  for (; k < s.size(); ++k) {
    const char c = s[k];
    if (c == ' ') continue;
    if (c == ',') {
      if (++op > 1) return r;
      continue;
    }
    if (c == '-') break;
    if (!is_label(c) || r.n[op] >= 31) return r;
    for (std::size_t j = 0; j < r.n[op]; ++j)
      if (r.in[op][j] == c) return r;
    r.in[op][r.n[op]++] = c;
  }
  if (op != 1) return r;
  if (k < s.size()) {
    if (k + 1 >= s.size() || s[k + 1] != '>') return r;
    for (k += 2; k < s.size(); ++k) {
      const char c = s[k];
      if (c == ' ') continue;
      if (!is_label(c) || count_of(r, c) == 0 || in_output(r, c) || r.n_out >= 31) return r;
      r.out[r.n_out++] = c;
    }
  } else {
    for (int c = 'A'; c <= 'z'; ++c)
      if (is_label(static_cast<char>(c)) && count_of(r, static_cast<char>(c)) == 1) r.out[r.n_out++] = static_cast<char>(c);
  }
  // Only contractions: a label summed away appears in both operands.
  for (std::size_t o = 0; o < 2; ++o)
    for (std::size_t j = 0; j < r.n[o]; ++j)
      if (!in_output(r, r.in[o][j]) && count_of(r, r.in[o][j]) != 2) return r;
  r.ok = true;
  return r;
}

struct dim {
  std::int64_t n, so, sa, sb;  // length; strides in elements of the output, a and b
};

// numpy 1.24's double_sum_of_products_contig_contig_outstride0_two on SSE2: two lanes, eight products per
// step added innermost-last, the rest one pair at a time, the lanes summed at the end.
inline double contiguous_dot(const double* a, const double* b, std::int64_t n) {
  double lane[2] = {0.0, 0.0};
  std::int64_t i = 0;
  for (; n - i >= 8; i += 8)
    for (int l = 0; l < 2; ++l)
      lane[l] = a[i + l] * b[i + l] +
                (a[i + 2 + l] * b[i + 2 + l] + (a[i + 4 + l] * b[i + 4 + l] + (a[i + 6 + l] * b[i + 6 + l] + lane[l])));
  for (; i < n; i += 2)
    for (int l = 0; l < 2; ++l) lane[l] = (i + l < n ? a[i + l] * b[i + l] : 0.0) + lane[l];
  return lane[0] + lane[1];
}

// numpy 1.24's double_sum_of_arr on SSE2 (a contiguous run beside an operand that stays put): two
// lanes, each adding eight elements as two pairs of pairs, the rest one pair at a time.
inline double contiguous_sum(const double* x, std::int64_t n) {
  double lane[2] = {0.0, 0.0};
  std::int64_t i = 0;
  for (; n - i >= 8; i += 8)
    for (int l = 0; l < 2; ++l) lane[l] = ((x[i + l] + x[i + 2 + l]) + (x[i + 4 + l] + x[i + 6 + l])) + lane[l];
  for (; i < n; i += 2)
    for (int l = 0; l < 2; ++l) lane[l] = (i + l < n ? x[i + l] : 0.0) + lane[l];
  return lane[0] + lane[1];
}

inline std::string shape_text(const std::int64_t* shape, std::size_t n) {
  std::string t = "(";
  for (std::size_t k = 0; k < n; ++k) t += (k ? "," : "") + std::to_string(shape[k]);
  return t + (n == 1 ? ",)" : ")");
}
}  // namespace detail_numpy_einsum_v1

template <rt::literal S, std::size_t N1, std::size_t N2>
  requires(S.kind == rt::literal_kind::string &&
           detail_numpy_einsum_v1::parse(std::string_view(S.s, S.length)).ok &&
           detail_numpy_einsum_v1::parse(std::string_view(S.s, S.length)).n[0] == N1 &&
           detail_numpy_einsum_v1::parse(std::string_view(S.s, S.length)).n[1] == N2)
inline auto einsum(rt::lit<S>, const rt::ndarray<double, N1>& a, const rt::ndarray<double, N2>& b) {
  namespace d = detail_numpy_einsum_v1;
  constexpr d::spec sp = d::parse(std::string_view(S.s, S.length));
  constexpr std::size_t R = sp.n_out;
  // The iterator's labels: the output's, then the summed ones by character code.
  std::vector<char> labels(sp.out, sp.out + R);
  for (int c = 'A'; c <= 'z'; ++c)
    if (d::is_label(static_cast<char>(c)) && d::count_of(sp, static_cast<char>(c)) > 0 && !d::in_output(sp, static_cast<char>(c)))
      labels.push_back(static_cast<char>(c));
  std::vector<std::int64_t> length(labels.size(), 1), sa(labels.size(), 0), sb(labels.size(), 0);
  bool mismatch = false;
  auto take = [&](const auto& x, const char* names, std::size_t rank, std::vector<std::int64_t>& strides) {
    for (std::size_t k = 0; k < rank; ++k) {
      const std::size_t at = static_cast<std::size_t>(std::find(labels.begin(), labels.end(), names[k]) - labels.begin());
      const std::int64_t n = x.shape(k);
      if (n != 1) {
        if (length[at] != 1 && length[at] != n) mismatch = true;
        length[at] = n;
        strides[at] = x.strides()[k];
      }
    }
  };
  take(a, sp.in[0], N1, sa);
  take(b, sp.in[1], N2, sb);
  if (mismatch) {
    const std::string as = d::shape_text(a.shape().data(), N1), bs = d::shape_text(b.shape().data(), N2);
    throw rt::ValueError("operands could not be broadcast together with remapped shapes [original->remapped]: " + as +
                         "->" + as + " " + bs + "->" + bs + " ");
  }
  std::int64_t total = 1;
  std::vector<std::int64_t> so(labels.size(), 0);
  for (std::size_t k = R; k-- > 0;) {
    so[k] = total;
    total *= length[k];
  }
  std::vector<double> out(static_cast<std::size_t>(total), 0.0);
  bool empty = false;
  for (auto n : length) empty = empty || n == 0;
  if (!empty) {
    const double* pa = a.data();
    const double* pb = b.data();
    // The iterator's axes, innermost first (numpy keeps its axis data in reverse): length-1 axes drop out;
    // negative strides stay as they are (einsum's iterator walks a reversed view backwards).
    std::vector<d::dim> axes;
    for (std::size_t k = labels.size(); k-- > 0;)
      if (length[k] != 1) axes.push_back(d::dim{length[k], so[k], sa[k], sb[k]});
    // npyiter_find_best_axis_ordering: insertion sort; an outer axis moves inwards past one only when
    // every operand walking both says its stride there is smaller.
    auto mag = [](std::int64_t s) { return s < 0 ? -s : s; };
    for (std::size_t i0 = 1; i0 < axes.size(); ++i0) {
      std::size_t pos = i0;
      for (std::size_t i1 = i0; i1-- > 0;) {
        bool ambiguous = true, swap = false;
        const std::int64_t s0[3] = {axes[i0].so, axes[i0].sa, axes[i0].sb}, s1[3] = {axes[i1].so, axes[i1].sa, axes[i1].sb};
        for (int op = 0; op < 3; ++op) {
          if (s0[op] == 0 || s1[op] == 0) continue;
          if (mag(s1[op]) <= mag(s0[op])) swap = false;
          else if (ambiguous) swap = true;
          ambiguous = false;
        }
        if (ambiguous) continue;
        if (!swap) break;
        pos = i1;
      }
      if (pos != i0) std::rotate(axes.begin() + static_cast<std::ptrdiff_t>(pos), axes.begin() + static_cast<std::ptrdiff_t>(i0),
                                 axes.begin() + static_cast<std::ptrdiff_t>(i0) + 1);
    }
    // Neighbours every operand walks back to back coalesce.
    std::vector<d::dim> order;  // innermost first
    for (const d::dim& x : axes) {
      if (!order.empty()) {
        d::dim& in = order.back();
        if (x.so == in.so * in.n && x.sa == in.sa * in.n && x.sb == in.sb * in.n) {
          in.n *= x.n;
          continue;
        }
      }
      order.push_back(x);
    }
    if (order.empty()) order.push_back(d::dim{1, 0, 0, 0});
    // The inner loop is the innermost axis, in chunks of at most numpy's buffer (8192 elements); on a
    // summed axis the products are added by numpy's specialised inner loops: both operands contiguous, or
    // one contiguous beside one that stays put (a broadcast axis); any other sequentially. On an axis of
    // the output each element sums in visiting order.
    const bool summing = order.front().so == 0;
    const std::size_t group = 1;
    const std::int64_t run = order.front().n;
    std::vector<std::int64_t> idx(order.size(), 0);
    std::int64_t at_o = 0, at_a = 0, at_b = 0;
    auto next = [&] {  // the next inner loop: the axes outside it, the innermost fastest
      for (std::size_t k = group; k < order.size(); ++k) {
        if (++idx[k] < order[k].n) {
          at_o += order[k].so, at_a += order[k].sa, at_b += order[k].sb;
          return true;
        }
        at_o -= (order[k].n - 1) * order[k].so, at_a -= (order[k].n - 1) * order[k].sa, at_b -= (order[k].n - 1) * order[k].sb;
        idx[k] = 0;
      }
      return false;
    };
    constexpr std::int64_t buffer_size = 8192;
    do {
      double* o = out.data() + at_o;
      if (!summing) {
        const d::dim& in = order.front();
        const double* x = pa + at_a;
        const double* y = pb + at_b;
        for (std::int64_t i = 0; i < in.n; ++i) o[i * in.so] = x[i * in.sa] * y[i * in.sb] + o[i * in.so];
        continue;
      }
      const double* x = pa + at_a;
      const double* y = pb + at_b;
      const std::int64_t sx = order.front().sa, sy = order.front().sb;
      for (std::int64_t from = 0; from < run; from += buffer_size) {
        const std::int64_t n = std::min(buffer_size, run - from);
        const double* xc = x + from * sx;
        const double* yc = y + from * sy;
        double accum = 0.0;
        if (sx == 1 && sy == 1) {
          accum = d::contiguous_dot(xc, yc, n);
        } else if (sx == 1 && sy == 0) {
          accum = *yc * d::contiguous_sum(xc, n);
        } else if (sx == 0 && sy == 1) {
          accum = *xc * d::contiguous_sum(yc, n);
        } else {
          for (std::int64_t i = 0; i < n; ++i) accum += xc[i * sx] * yc[i * sy];
        }
        *o = *o + accum;
      }
    } while (next());
  }
  if constexpr (R == 0) {
    return rt::float64{out[0]};
  } else {
    rt::shape_t<R> shape{};
    for (std::size_t k = 0; k < R; ++k) shape[k] = length[k];
    return rt::ndarray<double, R>::from_vector(out, shape);
  }
}
}  // namespace oplib::numpy
