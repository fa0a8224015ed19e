// SPDX-License-Identifier: Apache-2.0
#include "store/corrupt_file.hpp"

#include <array>
#include <filesystem>
#include <system_error>

#include "store/store_error.hpp"

namespace sw::store {

namespace fs = std::filesystem;

namespace {
constexpr std::array<const char*, 3> kCompanions{"-wal", "-shm", "-journal"};

bool taken(const std::string& aside) {
  if (fs::exists(aside)) return true;
  for (const char* suffix : kCompanions)
    if (fs::exists(aside + suffix)) return true;
  return false;
}

void rename_or_throw(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec)
    throw StoreError("store " + from + ": cannot move the corrupt file aside to " + to + ": " +
                     ec.message());
}
}  // namespace

std::string move_corrupt_aside(const std::string& path, WallTime now) {
  const std::string base = path + ".corrupt-" + format_compact(now, false);
  std::string aside = base;
  for (int n = 2; taken(aside); ++n) aside = base + "-" + std::to_string(n);

  // Companions first: a main file renamed without its WAL would lose the WAL's pages to the next
  // open, which would start a fresh WAL beside the fresh file.
  for (const char* suffix : kCompanions)
    if (fs::exists(path + suffix)) rename_or_throw(path + suffix, aside + suffix);
  if (fs::exists(path)) rename_or_throw(path, aside);
  return aside;
}

}  // namespace sw::store
