// SPDX-License-Identifier: Apache-2.0
#pragma once
// HMAC-SHA256 (OpenSSL), for the platform's command signatures and the keyed ledger chain, and the
// key files both read: secrets kept outside the config and the store, readable by the daemon only.
#include <cstddef>
#include <string>
#include <string_view>

namespace sw {

// Lowercase hex of `size` bytes (a digest).
std::string lower_hex(const unsigned char* bytes, std::size_t size);

// Lowercase hex of HMAC-SHA256(key, message). Throws std::runtime_error if OpenSSL fails.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// Equal in time that does not depend on where they differ (a signature check must not leak how
// many leading characters an attacker got right).
bool equal_in_constant_time(std::string_view a, std::string_view b);

// The key in `path`: the file's text without trailing whitespace, at least `min_bytes` long.
// Refuses a file others may read (mode o+r), a short key, an unreadable file: throws
// std::runtime_error with the reason (the caller adds where it was configured).
std::string read_key_file(const std::string& path, std::size_t min_bytes = 32);

}  // namespace sw
