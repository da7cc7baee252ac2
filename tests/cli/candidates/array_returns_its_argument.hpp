// op: numpy.array
// sig: ndarray[int64,1] -> ndarray[int64,1]
// expect: FAIL edge
// why: np.array copies by default; handing back the argument makes later writes to either show in both
namespace oplib::numpy {
inline rt::ndarray<int64_t, 1> array(const rt::ndarray<int64_t, 1>& a) { return a; }
}  // namespace oplib::numpy
