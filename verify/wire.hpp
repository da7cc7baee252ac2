// The verifier <-> worker payloads: batches of Cases out, batches of Outcomes back.
// Shared by the verifier and the worker harness (no libpython on either side of this file).
//
// Batch payload:    varint count, then per case:
//                     varint nargs, per arg: value, layout flag (0 none | 1 + u8 transposed + varint n
//                     + n zigzag steps), alias flag (0 none | 1 + varint index)
// Results payload:  varint count, then per case:
//                     u8 status (0 returned, 1 raised), returned: value | raised: str class, str message,
//                     varint nargs, per arg: u8 present (+ value)
// Values use core/value_binary. Decoding is hostile-input safe: the worker is untrusted.
#pragma once

#include <span>
#include <vector>

#include "core/error.hpp"
#include "verify/case.hpp"
#include "verify/outcome.hpp"

namespace opsynth::verify {

void encode_cases(const std::vector<Case>& cases, std::vector<unsigned char>& out);
Result<std::vector<Case>> decode_cases(std::span<const unsigned char> bytes);

void encode_outcomes(const std::vector<Outcome>& outcomes, std::vector<unsigned char>& out);
// `expected_count` must match: a worker answering for fewer or more cases is out of protocol.
Result<std::vector<Outcome>> decode_outcomes(std::span<const unsigned char> bytes, std::size_t expected_count);

// Single-outcome encoding used by the worker to compare its two runs of a case byte for byte.
void encode_outcome(const Outcome& outcome, std::vector<unsigned char>& out);

}  // namespace opsynth::verify
