// Length-prefixed frames with sequence numbers: the only way the verifier and its worker talk.
// Layout (little-endian): u32 payload_length | u64 sequence | u8 kind | payload bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace opsynth {

enum class FrameKind : std::uint8_t {
  Hello = 1,     // worker -> verifier: ready, sandbox in force
  Batch = 2,     // verifier -> worker: a batch of encoded argument tuples
  Results = 3,   // worker -> verifier: a batch of encoded outcomes
  Shutdown = 4,  // verifier -> worker: exit cleanly
};

struct Frame {
  FrameKind kind = FrameKind::Hello;
  std::uint64_t sequence = 0;
  std::vector<unsigned char> payload;
};

inline constexpr std::uint32_t kMaxFramePayload = 256u << 20;  // refuse anything larger
inline constexpr std::size_t kFrameHeaderSize = 4 + 8 + 1;

std::vector<unsigned char> encode_frame(const Frame& frame);

// Incremental decoder for a byte stream: feed bytes, pop complete frames.
// A malformed header (unknown kind, oversized length) puts it in a failed state with a reason.
class FrameReader {
 public:
  void feed(const unsigned char* data, std::size_t size);
  std::optional<Frame> next();
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  std::size_t buffered() const { return buffer_.size() - offset_; }

 private:
  std::vector<unsigned char> buffer_;
  std::size_t offset_ = 0;
  std::string error_;
};

// Blocking helpers on file descriptors (retry on EINTR / short writes). Errors as strings.
bool write_frame(int fd, const Frame& frame, std::string* error);
// Reads one whole frame; returns nullopt on EOF (clean) or error (error set).
std::optional<Frame> read_frame(int fd, std::string* error);

}  // namespace opsynth
