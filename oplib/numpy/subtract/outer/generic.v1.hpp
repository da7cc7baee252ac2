// op: numpy.subtract.outer
// sig: ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,2]
// sig: ndarray[int64,1], ndarray[int64,1] -> ndarray[int64,2]
// sig: ndarray[float64,2], ndarray[float64,1] -> ndarray[float64,3]
// sig: ndarray[float64,1], ndarray[float64,2] -> ndarray[float64,3]
// generic: yes
// tolerance: exact
// note: np.subtract.outer(A, B): C[i..., j...] = A[i...] - B[j...], one IEEE difference each, of rank A.ndim + B.ndim; int64 wraps like numpy
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy::subtract {

template <class T, std::size_t N, std::size_t M>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
rt::ndarray<T, N + M> outer(const rt::ndarray<T, N>& a, const rt::ndarray<T, M>& b) {
  // A with M axes of length 1 appended broadcasts against B: numpy's outer is exactly that
  rt::shape_t<N + M> shape;
  shape.fill(1);
  for (std::size_t k = 0; k < N; ++k) shape[k] = a.shape(k);
  const auto op = [](T x, T y) -> T {
    if constexpr (std::is_same_v<T, std::int64_t>) return rt::ufunc::wrapping_sub(x, y);
    else return x - y;
  };
  return rt::ufunc::apply<T>(op, a.template reshape<N + M>(shape), b);
}

}  // namespace oplib::numpy::subtract
