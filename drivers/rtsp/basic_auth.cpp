// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/basic_auth.hpp"

#include <openssl/evp.h>

#include <vector>

namespace sw::rtsp {

std::string base64_encode(std::string_view data) {
  std::vector<unsigned char> out(4 * ((data.size() + 2) / 3) + 1);
  const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

std::string basic_authorization(std::string_view username, std::string_view password) {
  std::string pair(username);
  pair += ':';
  pair += password;
  return "Basic " + base64_encode(pair);
}

}  // namespace sw::rtsp
