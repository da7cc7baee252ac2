// JSON encoding of Value for reports, fixtures and counterexamples: exact round trip, readable first.
//
// Every value is a one-key object whose key is its type, so 1, 1.0, True, float64(1.0) and an
// ndarray never blur together:
//
//   None               {"none": null}
//   bool               {"bool": true}
//   int                {"int": -9223372036854775808}        (JSON integer, exact)
//   float              {"float": 1.5}                       (shortest round-trip number)
//                      {"float": "nan"} "-nan" "inf" "-inf" "-0.0"
//                      {"float": "nan(0x7ff0000000000001)"}  (a NaN with another payload: its bits)
//   complex            {"complex": [re, im]}                 (each part as a float above)
//   str                {"str": "héllo"}                     (UTF-8 text)
//                      {"str_code_points": [97, 55296]}      (only when the text holds a lone
//                                                             surrogate, which JSON text cannot carry)
//   list / tuple       {"list": [v, ...]}  {"tuple": [v, ...]}
//   dict               {"dict": [[k, v], ...]}               (keys may be any value; insertion order)
//   numpy scalar       {"float64": 1.5} {"float32": 0.10000000149011612} {"int32": 3} {"int64": 3}
//                      {"bool_": true} {"complex128": [re, im]} {"uint8": 255} {"uint64": 18446744073709551615}
//                      {"int8": -3} {"int16": 7} {"uint16": 7} {"uint32": 7} {"complex64": [re, im]}
//   ndarray            {"ndarray": {"dtype": "float64", "shape": [2, 2], "data": [1.0, 2.0, 3.0, "nan"]}}
//                      data is flat in C order; elements encoded as the matching scalar above
//                      (a float32 NaN with a non-default payload as "nan(0x7fa00001)", its 32 bits;
//                      complex64 parts likewise as float32s).
//
// Decoding validates everything and names the JSON pointer of the first problem in Error::input
// (e.g. "/list/2/dict/0/1").
#pragma once

#include <nlohmann/json.hpp>

#include "error.hpp"
#include "value.hpp"

namespace opsynth {

nlohmann::json to_json(const Value& value);
Result<Value> value_from_json(const nlohmann::json& json);

}  // namespace opsynth
