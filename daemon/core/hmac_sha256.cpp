// SPDX-License-Identifier: Apache-2.0
#include "core/hmac_sha256.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace sw {

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
           &length) == nullptr)
    throw std::runtime_error("HMAC-SHA256 unavailable from OpenSSL");
  return lower_hex(digest.data(), length);
}

std::string lower_hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(kHex[bytes[i] >> 4]);
    hex.push_back(kHex[bytes[i] & 0x0f]);
  }
  return hex;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string read_key_file(const std::string& path, std::size_t min_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw std::runtime_error("cannot read \"" + path + "\": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw std::runtime_error("\"" + path + "\" is not a regular file");
  if ((st.st_mode & S_IROTH) != 0)
    throw std::runtime_error("\"" + path +
                             "\" is readable by every user: a key must be readable by the daemon "
                             "only (chmod 0640, owner root, group sitewatch)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read \"" + path + "\"");
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!key.empty() && std::strchr(" \t\r\n", key.back()) != nullptr) key.pop_back();
  if (key.size() < min_bytes)
    throw std::runtime_error("the key in \"" + path + "\" is " + std::to_string(key.size()) +
                             " bytes; at least " + std::to_string(min_bytes) +
                             " are needed (make one: openssl rand -hex 32)");
  return key;
}

}  // namespace sw
