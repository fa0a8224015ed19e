// SPDX-License-Identifier: Apache-2.0
#include <openssl/evp.h>

#include <array>
#include <memory>
#include <string>

#include "core/hmac_sha256.hpp"
#include "store/alarm_ledger.hpp"
#include "store/store_error.hpp"

namespace sw::store {

const std::string& genesis_hash() {
  static const std::string zeros(64, '0');
  return zeros;
}

std::string chain_hash(const std::string& prev_hash, std::int64_t seq,
                       const std::string& event_json) {
  const std::string seq_text = std::to_string(seq);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx.get(), prev_hash.data(), prev_hash.size()) == 1 &&
                  EVP_DigestUpdate(ctx.get(), "\n", 1) == 1 &&
                  EVP_DigestUpdate(ctx.get(), seq_text.data(), seq_text.size()) == 1 &&
                  EVP_DigestUpdate(ctx.get(), "\n", 1) == 1 &&
                  EVP_DigestUpdate(ctx.get(), event_json.data(), event_json.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) == 1;
  if (!ok) throw StoreError("alarm ledger: SHA-256 unavailable from OpenSSL");
  return lower_hex(digest.data(), length);
}

}  // namespace sw::store
