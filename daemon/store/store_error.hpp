// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <stdexcept>
#include <string>

namespace sw::store {
// A storage failure (disk full, I/O error, corruption). The daemon keeps running on it: alarms go
// out live and a storage-fault status is raised.
class StoreError : public std::runtime_error {
 public:
  StoreError(std::string what, int sqlite_code = 0)
      : std::runtime_error(std::move(what)), code_(sqlite_code) {}
  int sqlite_code() const { return code_; }

 private:
  int code_;
};
}  // namespace sw::store
