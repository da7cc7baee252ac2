// random_value: the RapidCheck generator of random Value trees shared by the Value encoding and pybridge tests.
#pragma once

#include <rapidcheck.h>

#include <bit>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "core/value.hpp"
#include "edge_gen.hpp"

namespace opsynth::testing {

// Dict keys: any Value, or distinct strings for Python, whose dicts merge equal keys (1 == 1.0 == True)
// and refuse unhashable ones.
enum class DictKeys { AnyValue, DistinctStr };

// A random Value tree (every alternative, edge doubles, non-ASCII text, random ndarray bits).
// Call inside rc::gen::exec.
inline Value random_value(int depth, DictKeys keys = DictKeys::AnyValue) {
  const int kind = *rc::gen::inRange(0, depth > 0 ? 14 : 11);
  switch (kind) {
    case 0: return NoneValue{};
    case 1: return *rc::gen::arbitrary<bool>();
    case 2: return *any_int64();
    case 3: return *any_double();
    case 4: return std::complex<double>(*any_double(), *any_double());
    case 5: return StrValue{*any_text()};
    case 6: return StrValue{"a\xed\xa0\x80z"};  // a lone surrogate, as Python 'surrogatepass' gives
    case 7:
    case 8: {
      NpScalarValue s;
      s.dtype = *rc::gen::elementOf(all_dtypes());
      if (s.dtype == Dtype::Bool) s.i = *rc::gen::inRange(0, 2);
      if (dtype_is_integer(s.dtype)) {  // any bits of its width, widened as NpScalarValue holds them
        unsigned char bytes[8];
        const std::int64_t bits = *any_int64();
        std::memcpy(bytes, &bits, 8);
        s.i = load_integer(s.dtype, bytes);
      }
      if (s.dtype == Dtype::Float32) s.c = static_cast<double>(std::bit_cast<float>(*rc::gen::arbitrary<std::uint32_t>()));
      if (s.dtype == Dtype::Float64) s.c = *any_double();
      if (s.dtype == Dtype::Complex128) s.c = {*any_double(), *any_double()};
      if (s.dtype == Dtype::Complex64) {
        s.c = {static_cast<double>(std::bit_cast<float>(*rc::gen::arbitrary<std::uint32_t>())),
               static_cast<double>(std::bit_cast<float>(*rc::gen::arbitrary<std::uint32_t>()))};
      }
      // float32 scalars are held widened: a signalling NaN would not survive narrowing, so quiet it.
      if (s.dtype == Dtype::Float32 && std::isnan(s.c.real())) s.c = static_cast<double>(static_cast<float>(s.c.real()));
      if (s.dtype == Dtype::Complex64) {
        s.c = {static_cast<double>(static_cast<float>(s.c.real())), static_cast<double>(static_cast<float>(s.c.imag()))};
      }
      return s;
    }
    case 9:
    case 10: {
      NDArrayValue a;
      a.dtype = *rc::gen::elementOf(all_dtypes());
      a.shape = *rc::gen::container<std::vector<std::int64_t>>(*rc::gen::inRange(0, 4), rc::gen::inRange<std::int64_t>(0, 4));
      std::size_t count = 1;
      for (auto d : a.shape) count *= static_cast<std::size_t>(d);
      a.data = *rc::gen::container<std::vector<unsigned char>>(count * dtype_size(a.dtype), rc::gen::arbitrary<unsigned char>());
      if (a.dtype == Dtype::Bool) {
        for (auto& b : a.data) b &= 1;
      }
      return a;
    }
    case 11:
    case 12: {
      std::vector<Value> items;
      const int n = *rc::gen::inRange(0, 4);
      for (int k = 0; k < n; ++k) items.push_back(random_value(depth - 1, keys));
      if (kind == 11) return ListValue{std::move(items)};
      return TupleValue{std::move(items)};
    }
    default: {
      DictValue d;
      const int n = *rc::gen::inRange(0, 3);
      for (int k = 0; k < n; ++k) {
        if (keys == DictKeys::DistinctStr) {
          d.items.emplace_back(StrValue{std::to_string(k) + *any_text()}, random_value(depth - 1, keys));
        } else {
          d.items.emplace_back(random_value(depth - 1, keys), random_value(depth - 1, keys));
        }
      }
      return d;
    }
  }
}

}  // namespace opsynth::testing
