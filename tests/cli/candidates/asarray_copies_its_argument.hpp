// op: numpy.asarray
// sig: ndarray[float64,2] -> ndarray[float64,2]
// expect: FAIL edge
// why: np.asarray of an array is that array; a copy has the same values, but writes through it no
//      longer reach the argument, which only the sharing labels show
namespace oplib::numpy {
inline rt::ndarray<double, 2> asarray(const rt::ndarray<double, 2>& a) { return a.copy(); }
}  // namespace oplib::numpy
