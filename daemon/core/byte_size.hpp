// SPDX-License-Identifier: Apache-2.0
#pragma once
// Sizes of things on disk, as a site writes them in the config: "64MB", "1GB", "512KB". The units
// are binary (1KB = 1024 bytes), as flash and filesystems count; "KiB", "MiB", "GiB" mean the same.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sw {

struct ByteSize {
  std::int64_t bytes = 0;
  friend bool operator==(ByteSize, ByteSize) = default;
};

// Free space to leave on a filesystem: a share of its size ("5%") or a size ("200MB").
struct FreeSpace {
  double percent = 0;  // used when `absolute` is empty
  std::optional<ByteSize> absolute;
  // The bytes to leave free on a filesystem of `filesystem_bytes`.
  std::int64_t bytes_of(std::int64_t filesystem_bytes) const;
  friend bool operator==(const FreeSpace&, const FreeSpace&) = default;
};

// Parses "1048576B", "512KB", "64MB", "1.5GB", "1TB" (and the KiB/MiB/GiB/TiB spellings). Returns
// nullopt on anything else: no unit, negative, beyond 2^62 bytes.
std::optional<ByteSize> parse_byte_size(std::string_view text);
// Parses "5%" (0..90) or a size as above.
std::optional<FreeSpace> parse_free_space(std::string_view text);

// The shortest exact spelling: "64MB", "1GB", "1536KB", "100B".
std::string format_byte_size(ByteSize size);
std::string format_free_space(const FreeSpace& space);

}  // namespace sw
