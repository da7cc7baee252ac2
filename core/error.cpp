// Error::describe: the one-line form of an Error that the CLI edge prints.
#include "error.hpp"

namespace opsynth {

// A column is only set for type text (types and signatures), so it implies the "bad type" wording:
//   bad type 'ndarray[float64,x]' at column 17: expected an integer rank
//   'numpy.linalg.nrm': module 'numpy.linalg' has no attribute 'nrm'
//   no such file
std::string Error::describe() const {
  if (column > 0) {
    return "bad type '" + input + "' at column " + std::to_string(column) + ": " + message;
  }
  if (!input.empty()) return "'" + input + "': " + message;
  return message;
}

}  // namespace opsynth
