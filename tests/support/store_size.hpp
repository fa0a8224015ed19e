// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a SQLite store takes on disk as the disk budget counts it: the file and its WAL.
#include <cstdint>
#include <filesystem>
#include <string>

namespace sw::test {
inline std::int64_t store_bytes_on_disk(const std::string& path) {
  std::int64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path + suffix, ec);
    if (!ec) total += static_cast<std::int64_t>(size);
  }
  return total;
}
}  // namespace sw::test
