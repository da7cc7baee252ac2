// Value <-> Python objects through pybind11. The caller keeps an interpreter running and holds the GIL.
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <variant>

#include "core/error.hpp"
#include "core/types.hpp"
#include "core/value.hpp"

namespace opsynth {

// Why a Python object did not become a Value. IntOverflow is its own kind because the verifier
// reads it as "the C++ side must raise OverflowError", not as a tool failure.
struct FromPythonError {
  enum class Kind {
    IntOverflow,  // a Python int outside int64
    Unsupported,  // a type or dtype outside the type language (message names it)
    Mismatch,     // converted fine, but does not inhabit the expected Type
  };
  Kind kind = Kind::Unsupported;
  std::string path;  // where inside the object: "$", "$[2]", "$['key']", "$.key[0]"
  std::string message;

  Error error() const { return Error{message, path, 0}; }
};

// Conversion rules, in order: None; numpy scalars (np.float64 subclasses float, np.bool_ is not bool)
// and ndarrays (exact class; copied to C order and native byte order); bool before int; int (int64,
// else IntOverflow); float; complex; str (UTF-8, lone surrogates kept as with 'surrogatepass');
// tuple, list, dict. Subclasses of the Python builtins (IntEnum, namedtuple, OrderedDict) are
// Unsupported: the verifier must know the real type. With `expected`, a value that converts but does
// not conform is a Mismatch; nothing is coerced (an int never becomes a float).
std::variant<Value, FromPythonError> convert_from_python(pybind11::handle object, const Type* expected = nullptr);

// The same, with the reason flattened into an Error (Error::input holds the path).
Result<Value> from_python(pybind11::handle object, const Type* expected = nullptr);

// Builds exactly the Python object: ndarrays with their dtype and shape (a fresh array owning its
// data), numpy scalars as numpy scalars with their exact bits, str with 'surrogatepass'.
pybind11::object to_python(const Value& value);

}  // namespace opsynth
