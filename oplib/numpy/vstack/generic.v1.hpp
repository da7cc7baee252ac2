// op: numpy.vstack
// sig: tuple[ndarray[float64,2],ndarray[float64,2]] -> ndarray[float64,2]
// sig: tuple[ndarray[float64,1],ndarray[float64,1]] -> ndarray[float64,2]
// sig: tuple[ndarray[float64,2],ndarray[float64,1]] -> ndarray[float64,2]
// sig: tuple[ndarray[int64,2],ndarray[int64,2]] -> ndarray[int64,2]
// sig: tuple[ndarray[float64,1],ndarray[float64,1],ndarray[float64,1]] -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: np.vstack of a tuple of 1-D and 2-D arrays of one dtype: each 1-D array is a row (np.atleast_2d), the rows joined along axis 0; a fresh C-ordered array; numpy's ValueError when the widths differ
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

namespace oplib::numpy {
namespace detail_numpy_vstack {
// np.concatenate(parts, axis=ax) for arrays of one rank: every other axis must match the first array's.
template <class T, std::size_t N>
rt::ndarray<T, N> join(const std::vector<rt::ndarray<T, N>>& parts, std::size_t ax) {
  rt::shape_t<N> shape = parts[0].shape();
  shape[ax] = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (std::size_t k = 0; k < N; ++k) {
      if (k != ax && parts[i].shape(k) != parts[0].shape(k)) {
        throw rt::ValueError("all the input array dimensions except for the concatenation axis must match exactly, but "
                             "along dimension " + std::to_string(k) + ", the array at index 0 has size " +
                             std::to_string(parts[0].shape(k)) + " and the array at index " + std::to_string(i) +
                             " has size " + std::to_string(parts[i].shape(k)));
      }
    }
    shape[ax] += parts[i].shape(ax);
  }
  auto out = rt::ndarray<T, N>::empty(shape);
  std::int64_t at = 0;
  for (const auto& p : parts) {
    out.slice(ax, rt::slice{at, at + p.shape(ax), 1}).assign(p);
    at += p.shape(ax);
  }
  return out;
}

// np.atleast_2d: a 1-D array of length n is the row (1, n), a view.
template <class T, std::size_t N>
rt::ndarray<T, 2> as_row(const rt::ndarray<T, N>& a) {
  if constexpr (N == 1) return a.template reshape<2>({1, a.shape(0)});
  else return a;
}
}  // namespace detail_numpy_vstack

template <class T, std::size_t... N>
  requires(sizeof...(N) >= 1 && ((N >= 1 && N <= 2) && ...))
rt::ndarray<T, 2> vstack(const std::tuple<rt::ndarray<T, N>...>& arrays) {
  const std::vector<rt::ndarray<T, 2>> rows =
      std::apply([](const auto&... a) { return std::vector<rt::ndarray<T, 2>>{detail_numpy_vstack::as_row(a)...}; }, arrays);
  return detail_numpy_vstack::join<T, 2>(rows, 0);
}

}  // namespace oplib::numpy
