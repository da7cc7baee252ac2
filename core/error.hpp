// Errors as values until the CLI edge: Result<T> holds a T or an Error naming what is wrong.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace opsynth {

// What went wrong, phrased for the user: `input` names the offending text or file,
// `column` (1-based, 0 = not applicable) points into it for type text.
struct Error {
  std::string message;
  std::string input;
  std::size_t column = 0;

  // "bad type 'list[' at column 6: expected a type" style one-liner.
  std::string describe() const;
};

template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const Error& error() const { return std::get<1>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace opsynth
