// Eigen adapter for rt::ndarray: 1-D and 2-D arrays as Eigen::Map without copying, and back.
#pragma once

#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "ndarray.hpp"

namespace rt {

template <class T>
using eigen_row_major = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using eigen_col_major = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
template <class T>
using eigen_vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

// Maps over ndarray memory. M is the matrix type, const-qualified for read-only maps.
template <class M>
using eigen_map = Eigen::Map<M>;
// Any non-negative element strides: outer = between rows, inner = between columns (row-major).
template <class M>
using eigen_strided_map = Eigen::Map<M, Eigen::Unaligned, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
template <class V>
using eigen_strided_vector_map = Eigen::Map<V, Eigen::Unaligned, Eigen::InnerStride<Eigen::Dynamic>>;

namespace detail {

template <class T, std::size_t N>
std::string describe_layout(const ndarray<T, N>& a) {
  return "shape " + tuple_repr(a.shape()) + " and element strides " + tuple_repr(a.strides());
}

// A writeable map of a read-only array (broadcast_to) would let writes hit shared, zero-stride elements.
template <class T, std::size_t N>
void require_writeable(const ndarray<T, N>& a) {
  if (!a.writeable()) throw ValueError("cannot map a read-only ndarray as a writeable Eigen matrix");
}

template <class T, std::size_t N>
void require_contiguous(const ndarray<T, N>& a, bool c_order, const char* hint) {
  const bool ok = c_order ? a.is_c_contiguous() : a.is_f_contiguous();
  if (!ok) {
    throw ValueError(std::string("cannot map an ndarray with ") + describe_layout(a) + " as a " +
                     (c_order ? "C-contiguous" : "Fortran-contiguous") + " Eigen matrix; " + hint);
  }
}

// Eigen documents only non-negative strides; a reversed view must be copied first.
template <class T, std::size_t N>
void require_non_negative_strides(const ndarray<T, N>& a) {
  for (std::int64_t s : a.strides()) {
    if (s < 0) {
      throw ValueError("cannot map an ndarray with " + describe_layout(a) +
                       " as an Eigen matrix: Eigen needs non-negative strides; copy() it first");
    }
  }
}

}  // namespace detail

// --- 2-D, C order: a row-major Map (the usual numpy layout) -----------------------------------------

template <class T>
eigen_map<eigen_row_major<T>> as_eigen(ndarray<T, 2>& a) {
  detail::require_contiguous(a, true, "use as_eigen_strided");
  detail::require_writeable(a);
  return {a.data(), a.shape(0), a.shape(1)};
}

template <class T>
eigen_map<const eigen_row_major<T>> as_eigen(const ndarray<T, 2>& a) {
  detail::require_contiguous(a, true, "use as_eigen_strided");
  return {a.data(), a.shape(0), a.shape(1)};
}

// --- 2-D, Fortran order (a transposed C array, for instance): a column-major Map ---------------------

template <class T>
eigen_map<eigen_col_major<T>> as_eigen_colmajor(ndarray<T, 2>& a) {
  detail::require_contiguous(a, false, "use as_eigen_strided");
  detail::require_writeable(a);
  return {a.data(), a.shape(0), a.shape(1)};
}

template <class T>
eigen_map<const eigen_col_major<T>> as_eigen_colmajor(const ndarray<T, 2>& a) {
  detail::require_contiguous(a, false, "use as_eigen_strided");
  return {a.data(), a.shape(0), a.shape(1)};
}

// --- 2-D, any non-negative strides (slices with positive steps, transposes, broadcasts when const) ---

template <class T>
eigen_strided_map<eigen_row_major<T>> as_eigen_strided(ndarray<T, 2>& a) {
  detail::require_non_negative_strides(a);
  detail::require_writeable(a);
  return {a.data(), a.shape(0), a.shape(1), Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(a.strides()[0], a.strides()[1])};
}

template <class T>
eigen_strided_map<const eigen_row_major<T>> as_eigen_strided(const ndarray<T, 2>& a) {
  detail::require_non_negative_strides(a);
  return {a.data(), a.shape(0), a.shape(1), Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(a.strides()[0], a.strides()[1])};
}

// --- 1-D: a column vector Map ------------------------------------------------------------------------

template <class T>
eigen_map<eigen_vector<T>> as_eigen(ndarray<T, 1>& a) {
  detail::require_contiguous(a, true, "use as_eigen_strided");
  detail::require_writeable(a);
  return {a.data(), a.shape(0)};
}

template <class T>
eigen_map<const eigen_vector<T>> as_eigen(const ndarray<T, 1>& a) {
  detail::require_contiguous(a, true, "use as_eigen_strided");
  return {a.data(), a.shape(0)};
}

template <class T>
eigen_strided_vector_map<eigen_vector<T>> as_eigen_strided(ndarray<T, 1>& a) {
  detail::require_non_negative_strides(a);
  detail::require_writeable(a);
  return {a.data(), a.shape(0), Eigen::InnerStride<Eigen::Dynamic>(a.strides()[0])};
}

template <class T>
eigen_strided_vector_map<const eigen_vector<T>> as_eigen_strided(const ndarray<T, 1>& a) {
  detail::require_non_negative_strides(a);
  return {a.data(), a.shape(0), Eigen::InnerStride<Eigen::Dynamic>(a.strides()[0])};
}

// --- back: any Eigen matrix expression evaluated into a new C-contiguous 2-D ndarray -----------------

template <class D>
ndarray<typename D::Scalar, 2> from_eigen(const Eigen::DenseBase<D>& m) {
  using T = typename D::Scalar;
  auto out = ndarray<T, 2>::empty({static_cast<std::int64_t>(m.rows()), static_cast<std::int64_t>(m.cols())});
  as_eigen(out) = m;
  return out;
}

}  // namespace rt
