// op: numpy.all
// sig: ndarray[float64,1] -> bool_
// sig: ndarray[float64,2], Literal[0] -> ndarray[bool,1]
// sig: ndarray[bool,1] -> bool_
// generic: yes
// tolerance: exact
// note: truthiness is v != 0 (NaN is true, -0.0 false); empty gives the identity like numpy
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>


namespace oplib::numpy {

template <class T, std::size_t N>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, bool>) &&
           (N == 1 || N == 2))
inline rt::bool_ all(const rt::ndarray<T, N>& a) {
  bool r = true;
  a.for_each([&](const T& v) { r = r && (v != T(0)); });
  return rt::bool_{r};
}

template <class T, rt::literal K>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, bool>) &&
           K.kind == rt::literal_kind::integer && K.i >= -2 && K.i <= 1)
inline rt::ndarray<bool, 1> all(const rt::ndarray<T, 2>& a, rt::lit<K>) {
  constexpr int r = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  const std::int64_t nk = a.shape(1 - r), nr = a.shape(r), sk = a.strides()[1 - r], sr = a.strides()[r];
  auto out = rt::ndarray<bool, 1>::empty({nk});
  const T* p = a.data();
  for (std::int64_t j = 0; j < nk; ++j) {
    bool acc = true;
    for (std::int64_t i = 0; i < nr; ++i) acc = acc && (p[i * sr + j * sk] != T(0));
    out.data()[j] = acc;
  }
  return out;
}

}  // namespace oplib::numpy
