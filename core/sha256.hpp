// SHA-256 (FIPS 180-4) for content addressing: compile cache keys and oplib provenance hashes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace opsynth {

// Incremental hasher: update() any number of times, then hex() or digest() once.
class Sha256 {
 public:
  Sha256();
  Sha256& update(const void* data, std::size_t size);
  Sha256& update(std::string_view text) { return update(text.data(), text.size()); }
  std::array<std::uint8_t, 32> digest();
  std::string hex();  // lowercase, 64 characters

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t total_bytes_ = 0;
};

std::string sha256_hex(std::string_view data);

}  // namespace opsynth
