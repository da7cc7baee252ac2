// Frame encoding and decoding (core/frame.hpp): treats every incoming byte as hostile.
#include "core/frame.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace opsynth {
namespace {

void put_le(std::vector<unsigned char>& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<unsigned char>(value >> (8 * i)));
}

std::uint64_t get_le(const unsigned char* in, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= static_cast<std::uint64_t>(in[i]) << (8 * i);
  return value;
}

bool known_kind(std::uint8_t kind) {
  return kind >= static_cast<std::uint8_t>(FrameKind::Hello) &&
         kind <= static_cast<std::uint8_t>(FrameKind::Shutdown);
}

// Once consumed bytes dominate the buffer, drop them so a long session does not grow without bound.
void compact(std::vector<unsigned char>& buffer, std::size_t& offset) {
  if (offset == 0 || offset < buffer.size() / 2) return;
  buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(offset));
  offset = 0;
}

}  // namespace

std::vector<unsigned char> encode_frame(const Frame& frame) {
  std::vector<unsigned char> out;
  out.reserve(kFrameHeaderSize + frame.payload.size());
  put_le(out, frame.payload.size(), 4);
  put_le(out, frame.sequence, 8);
  out.push_back(static_cast<unsigned char>(frame.kind));
  out.insert(out.end(), frame.payload.begin(), frame.payload.end());
  return out;
}

void FrameReader::feed(const unsigned char* data, std::size_t size) {
  if (failed() || size == 0) return;
  compact(buffer_, offset_);
  buffer_.insert(buffer_.end(), data, data + size);
}

std::optional<Frame> FrameReader::next() {
  if (failed() || buffered() < kFrameHeaderSize) return std::nullopt;
  const unsigned char* header = buffer_.data() + offset_;
  const auto length = static_cast<std::uint32_t>(get_le(header, 4));
  const auto kind = header[12];
  // Judge the header before waiting for the payload: a hostile length must not make us buffer 4 GiB.
  if (length > kMaxFramePayload) {
    error_ = "frame payload length " + std::to_string(length) + " exceeds limit " +
             std::to_string(kMaxFramePayload);
    return std::nullopt;
  }
  if (!known_kind(kind)) {
    error_ = "unknown frame kind " + std::to_string(kind);
    return std::nullopt;
  }
  if (buffered() < kFrameHeaderSize + length) return std::nullopt;
  Frame frame;
  frame.kind = static_cast<FrameKind>(kind);
  frame.sequence = get_le(header + 4, 8);
  const unsigned char* payload = header + kFrameHeaderSize;
  frame.payload.assign(payload, payload + length);
  offset_ += kFrameHeaderSize + length;
  return frame;
}

namespace {

bool write_all(int fd, const unsigned char* data, std::size_t size, std::string* error) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (error) *error = std::string("write: ") + (n < 0 ? std::strerror(errno) : "wrote nothing");
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads exactly `size` bytes. Returns the count read before EOF (< size) or -1 on error.
ssize_t read_exact(int fd, unsigned char* data, std::size_t size, std::string* error) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (error) *error = std::string("read: ") + std::strerror(errno);
      return -1;
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return static_cast<ssize_t>(done);
}

}  // namespace

bool write_frame(int fd, const Frame& frame, std::string* error) {
  if (frame.payload.size() > kMaxFramePayload) {
    if (error) *error = "frame payload too large to send";
    return false;
  }
  const auto bytes = encode_frame(frame);
  return write_all(fd, bytes.data(), bytes.size(), error);
}

std::optional<Frame> read_frame(int fd, std::string* error) {
  if (error) error->clear();
  unsigned char header[kFrameHeaderSize];
  const ssize_t got = read_exact(fd, header, sizeof header, error);
  if (got < 0) return std::nullopt;
  if (got == 0) return std::nullopt;  // clean EOF between frames
  if (static_cast<std::size_t>(got) < sizeof header) {
    if (error) *error = "EOF inside frame header";
    return std::nullopt;
  }
  FrameReader reader;
  reader.feed(header, sizeof header);
  if (auto empty = reader.next()) return empty;  // zero-length payload
  if (reader.failed()) {
    if (error) *error = reader.error();
    return std::nullopt;
  }
  const auto length = static_cast<std::size_t>(get_le(header, 4));
  Frame frame;
  frame.kind = static_cast<FrameKind>(header[12]);
  frame.sequence = get_le(header + 4, 8);
  frame.payload.resize(length);
  const ssize_t body = read_exact(fd, frame.payload.data(), length, error);
  if (body < 0) return std::nullopt;
  if (static_cast<std::size_t>(body) < length) {
    if (error) *error = "EOF inside frame payload";
    return std::nullopt;
  }
  return frame;
}

}  // namespace opsynth
