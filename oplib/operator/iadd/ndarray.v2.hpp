// op: operator.iadd
// generic: yes
// tolerance: exact
// note: a += b on a float64 array, as numpy's in-place ufunc: b a number (rt::is_array_number) or a float64 array broadcast to a's shape (ValueError otherwise, and on a read-only a), read from a copy when it shares a's memory; one IEEE operation per element written into a, which is returned
#include <cstddef>

namespace oplib::operator_ {
template <std::size_t N, class B>
  requires(rt::is_array_number<double, B>)
inline rt::ndarray<double, N> iadd(const rt::ndarray<double, N>& a, const B& b) {
  rt::inplace_scalar(a, rt::array_number<double>(b), [](double x, double y) { return x + y; });
  return a;
}
template <std::size_t N, std::size_t M>
inline rt::ndarray<double, N> iadd(const rt::ndarray<double, N>& a, const rt::ndarray<double, M>& b) {
  rt::inplace_array(a, b, [](double x, double y) { return x + y; });
  return a;
}
}  // namespace oplib::operator_
