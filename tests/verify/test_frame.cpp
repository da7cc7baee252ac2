// Tests for core/frame: encoding round trips, incremental decoding, and hostile headers failing cleanly.
#include <gtest/gtest.h>
#include <unistd.h>

#include <numeric>

#include "core/frame.hpp"

namespace opsynth {
namespace {

Frame sample_frame(std::size_t payload_size, std::uint64_t sequence = 42) {
  Frame frame{FrameKind::Batch, sequence, std::vector<unsigned char>(payload_size)};
  std::iota(frame.payload.begin(), frame.payload.end(), static_cast<unsigned char>(7));
  return frame;
}

void expect_same(const Frame& a, const Frame& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.sequence, b.sequence);
  EXPECT_EQ(a.payload, b.payload);
}

std::vector<unsigned char> header(std::uint32_t length, std::uint64_t sequence, std::uint8_t kind) {
  std::vector<unsigned char> bytes;
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<unsigned char>(length >> (8 * i)));
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<unsigned char>(sequence >> (8 * i)));
  bytes.push_back(kind);
  return bytes;
}

TEST(Frame, encodes_the_documented_little_endian_layout) {
  const auto bytes = encode_frame(Frame{FrameKind::Results, 0x0102030405060708ull, {0xaa, 0xbb}});
  const std::vector<unsigned char> expected = {2, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1, 3, 0xaa, 0xbb};
  EXPECT_EQ(bytes, expected);
}

TEST(Frame, round_trips_frames_of_every_kind_and_size) {
  for (FrameKind kind : {FrameKind::Hello, FrameKind::Batch, FrameKind::Results, FrameKind::Shutdown}) {
    for (std::size_t size : {0u, 1u, 13u, 4096u, 100000u}) {
      Frame frame = sample_frame(size, size * 3 + 1);
      frame.kind = kind;
      FrameReader reader;
      const auto bytes = encode_frame(frame);
      reader.feed(bytes.data(), bytes.size());
      auto decoded = reader.next();
      ASSERT_TRUE(decoded.has_value());
      expect_same(*decoded, frame);
      EXPECT_EQ(reader.buffered(), 0u);
      EXPECT_FALSE(reader.next().has_value());
    }
  }
}

TEST(Frame, decodes_byte_by_byte_feeds) {
  const Frame first = sample_frame(300, 1);
  const Frame second = sample_frame(0, 2);
  auto bytes = encode_frame(first);
  const auto more = encode_frame(second);
  bytes.insert(bytes.end(), more.begin(), more.end());
  FrameReader reader;
  std::vector<Frame> decoded;
  for (unsigned char byte : bytes) {
    reader.feed(&byte, 1);
    while (auto frame = reader.next()) decoded.push_back(*frame);
  }
  ASSERT_EQ(decoded.size(), 2u);
  expect_same(decoded[0], first);
  expect_same(decoded[1], second);
  EXPECT_FALSE(reader.failed());
}

TEST(Frame, waits_for_the_rest_of_a_partial_frame) {
  const auto bytes = encode_frame(sample_frame(50));
  FrameReader reader;
  reader.feed(bytes.data(), 20);
  EXPECT_FALSE(reader.next().has_value());
  EXPECT_FALSE(reader.failed());
  EXPECT_EQ(reader.buffered(), 20u);
  reader.feed(bytes.data() + 20, bytes.size() - 20);
  EXPECT_TRUE(reader.next().has_value());
}

TEST(Frame, rejects_oversized_length_before_buffering_the_payload) {
  FrameReader reader;
  const auto bytes = header(kMaxFramePayload + 1, 1, static_cast<std::uint8_t>(FrameKind::Results));
  reader.feed(bytes.data(), bytes.size());
  EXPECT_FALSE(reader.next().has_value());
  EXPECT_TRUE(reader.failed());
  EXPECT_NE(reader.error().find("exceeds"), std::string::npos) << reader.error();
}

TEST(Frame, rejects_unknown_kinds) {
  for (std::uint8_t kind : {0, 5, 255}) {
    FrameReader reader;
    const auto bytes = header(0, 1, kind);
    reader.feed(bytes.data(), bytes.size());
    EXPECT_FALSE(reader.next().has_value());
    EXPECT_TRUE(reader.failed()) << int(kind);
  }
}

TEST(Frame, stays_failed_after_garbage) {
  FrameReader reader;
  const std::string garbage = "this is not a frame, just garbage bytes";
  reader.feed(reinterpret_cast<const unsigned char*>(garbage.data()), garbage.size());
  EXPECT_FALSE(reader.next().has_value());
  ASSERT_TRUE(reader.failed());
  const auto good = encode_frame(sample_frame(3));
  reader.feed(good.data(), good.size());
  EXPECT_FALSE(reader.next().has_value());
  EXPECT_TRUE(reader.failed());
}

TEST(Frame, survives_random_garbage_without_crashing) {
  std::uint64_t state = 0x9e3779b97f4a7c15ull;
  for (int round = 0; round < 2000; ++round) {
    std::vector<unsigned char> bytes(state % 64);
    for (auto& byte : bytes) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      byte = static_cast<unsigned char>(state >> 56);
    }
    FrameReader reader;
    reader.feed(bytes.data(), bytes.size());
    while (auto frame = reader.next()) EXPECT_LE(frame->payload.size(), bytes.size());
  }
}

class FramePipe : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(::pipe(fds_), 0); }
  void TearDown() override {
    for (int fd : fds_)
      if (fd >= 0) ::close(fd);
  }
  void close_writer() {
    ::close(fds_[1]);
    fds_[1] = -1;
  }
  int fds_[2] = {-1, -1};
};

TEST_F(FramePipe, write_then_read_frame_round_trips) {
  const Frame frame = sample_frame(1000, 9);
  std::string error;
  ASSERT_TRUE(write_frame(fds_[1], frame, &error)) << error;
  auto read = read_frame(fds_[0], &error);
  ASSERT_TRUE(read.has_value()) << error;
  expect_same(*read, frame);
}

TEST_F(FramePipe, read_frame_reports_clean_eof_without_error) {
  close_writer();
  std::string error = "stale";
  EXPECT_FALSE(read_frame(fds_[0], &error).has_value());
  EXPECT_TRUE(error.empty()) << error;
}

TEST_F(FramePipe, read_frame_reports_eof_inside_a_frame) {
  const auto bytes = encode_frame(sample_frame(100));
  ASSERT_EQ(::write(fds_[1], bytes.data(), 40), 40);
  close_writer();
  std::string error;
  EXPECT_FALSE(read_frame(fds_[0], &error).has_value());
  EXPECT_NE(error.find("EOF inside"), std::string::npos) << error;
}

TEST_F(FramePipe, read_frame_refuses_a_hostile_length_header) {
  const auto bytes = header(0xffffffffu, 1, static_cast<std::uint8_t>(FrameKind::Batch));
  ASSERT_EQ(::write(fds_[1], bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  std::string error;
  EXPECT_FALSE(read_frame(fds_[0], &error).has_value());
  EXPECT_NE(error.find("exceeds"), std::string::npos) << error;
}

}  // namespace
}  // namespace opsynth
