// op: numpy.array
// generic: yes
// tolerance: exact
// note: np.array(x) of a tuple of numbers (the compiler passes a list display as a tuple: numpy reads both alike): a fresh 1-D array of numpy's dtype for them (bool if all are bools, int64 if ints and bools, float64 once one is a float; numpy float64/int64 scalars as their dtype); of a tuple of such tuples, all of one length: 2-D; of a tuple of 1-D arrays of one dtype: 2-D, numpy 1.24's ValueError when their lengths differ; of a list of floats: 1-D float64 (empty too); of an ndarray: a C-ordered copy
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace oplib::numpy {
namespace detail_numpy_array {

template <class X>
struct number {
  static constexpr bool is = std::is_same_v<X, bool> || std::is_same_v<X, std::int64_t> || std::is_same_v<X, double>;
  using type = X;
};
template <class T>
struct number<rt::np_scalar<T>> {
  static constexpr bool is = std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>;
  using type = T;
};

template <class X>
inline constexpr bool is_number = number<X>::is;

// numpy's dtype for a sequence of these numbers: the highest kind present (b < i < f)
template <class... X>
using promoted_t = std::conditional_t<(std::is_same_v<typename number<X>::type, double> || ...), double,
                                      std::conditional_t<(std::is_same_v<typename number<X>::type, std::int64_t> || ...),
                                                         std::int64_t, bool>>;

template <class T, class X>
T as(const X& x) {
  if constexpr (is_number<X> && !std::is_same_v<typename number<X>::type, X>) return static_cast<T>(x.value);
  else return static_cast<T>(x);
}

template <class Row>
struct row_traits {
  static constexpr bool is = false;
};
template <class... X>
struct row_traits<std::tuple<X...>> {
  static constexpr bool is = sizeof...(X) > 0 && (is_number<X> && ...);
  static constexpr std::size_t size = sizeof...(X);
  using dtype = promoted_t<X...>;
};

}  // namespace detail_numpy_array

template <class... X>
  requires(sizeof...(X) > 0 && (detail_numpy_array::is_number<X> && ...))
rt::ndarray<detail_numpy_array::promoted_t<X...>, 1> array(const std::tuple<X...>& xs) {
  using T = detail_numpy_array::promoted_t<X...>;
  auto out = rt::ndarray<T, 1>::empty({static_cast<std::int64_t>(sizeof...(X))});
  std::apply(
      [&](const X&... x) {
        std::size_t i = 0;
        ((out.data()[i++] = detail_numpy_array::as<T>(x)), ...);
      },
      xs);
  return out;
}

template <class... Row>
  requires(sizeof...(Row) > 0 && (detail_numpy_array::row_traits<Row>::is && ...) &&
           ((detail_numpy_array::row_traits<Row>::size ==
             detail_numpy_array::row_traits<std::tuple_element_t<0, std::tuple<Row...>>>::size) &&
            ...))
auto array(const std::tuple<Row...>& rows) {
  using T = std::conditional_t<
      (std::is_same_v<typename detail_numpy_array::row_traits<Row>::dtype, double> || ...), double,
      std::conditional_t<(std::is_same_v<typename detail_numpy_array::row_traits<Row>::dtype, std::int64_t> || ...),
                         std::int64_t, bool>>;
  constexpr std::int64_t cols = detail_numpy_array::row_traits<std::tuple_element_t<0, std::tuple<Row...>>>::size;
  auto out = rt::ndarray<T, 2>::empty({static_cast<std::int64_t>(sizeof...(Row)), cols});
  T* d = out.data();
  std::apply(
      [&](const Row&... row) {
        (std::apply([&](const auto&... x) { ((*d++ = detail_numpy_array::as<T>(x)), ...); }, row), ...);
      },
      rows);
  return out;
}

template <class T, class... More>
  requires((std::is_same_v<More, rt::ndarray<T, 1>> && ...))
rt::ndarray<T, 2> array(const std::tuple<rt::ndarray<T, 1>, More...>& rows) {
  constexpr std::int64_t count = 1 + sizeof...(More);
  const std::int64_t cols = std::get<0>(rows).shape(0);
  bool same = true;
  std::apply([&](const auto&... r) { ((same = same && r.shape(0) == cols), ...); }, rows);
  if (!same)
    throw rt::ValueError("setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 "
                         "dimensions. The detected shape was (" + std::to_string(count) + ",) + inhomogeneous part.");
  auto out = rt::ndarray<T, 2>::empty({count, cols});
  T* d = out.data();
  std::apply([&](const auto&... r) { (r.for_each([&](const T& v) { *d++ = v; }), ...); }, rows);
  return out;
}

inline rt::ndarray<double, 1> array(const rt::list<double>& xs) {
  return rt::ndarray<double, 1>::from_vector(xs.to_vector(), {xs.len()});
}

template <class T, std::size_t N>
rt::ndarray<T, N> array(const rt::ndarray<T, N>& a) {
  return a.copy();
}

}  // namespace oplib::numpy
