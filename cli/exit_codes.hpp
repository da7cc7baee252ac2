// Exit status of the opsynth executable (DESIGN §8): the only numbers scripts may rely on.
#pragma once

namespace opsynth::cli {

enum class ExitCode : int {
  kDone = 0,         // the work was done
  kRejected = 1,     // a candidate or function did not pass
  kBadInput = 2,     // bad input or usage; the message names the input and what is wrong
  kLlmEndpoint = 3,  // the LLM endpoint still failed after retries
  kInternal = 4,     // a bug or environment failure in opsynth itself
};

inline int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace opsynth::cli
