// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/digest_auth.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include "drivers/rtsp/ascii_text.hpp"

namespace sw::rtsp {

namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0x0f];
  }
  return out;
}

bool is_sha256(DigestAlgorithm a) {
  return a == DigestAlgorithm::sha256 || a == DigestAlgorithm::sha256_sess;
}
bool is_sess(DigestAlgorithm a) {
  return a == DigestAlgorithm::md5_sess || a == DigestAlgorithm::sha256_sess;
}

std::string hash_hex(DigestAlgorithm a, std::string_view text) {
  struct CtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), is_sha256(a) ? EVP_sha256() : EVP_md5(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), text.data(), text.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest.data(), &size) != 1)
    throw std::runtime_error("OpenSSL digest failed");
  return to_hex(digest.data(), size);
}

std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (auto p : parts) {
    if (!first) out += ':';
    out += p;
    first = false;
  }
  return out;
}

// A quoted-string for the Authorization header (RFC 7230 §3.2.6 quoted-pair).
std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string nc_text(std::uint32_t nc) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, nc >>= 4) out[static_cast<std::size_t>(i)] = kDigits[nc & 0xf];
  return out;
}

}  // namespace

std::string_view to_string(DigestAlgorithm a) {
  switch (a) {
    case DigestAlgorithm::md5:
      return "MD5";
    case DigestAlgorithm::md5_sess:
      return "MD5-sess";
    case DigestAlgorithm::sha256:
      return "SHA-256";
    case DigestAlgorithm::sha256_sess:
      return "SHA-256-sess";
  }
  return "MD5";
}

std::optional<DigestChallenge> DigestChallenge::from(const AuthChallenge& challenge,
                                                     std::string* problem) {
  const auto fail = [&](std::string text) -> std::optional<DigestChallenge> {
    if (problem != nullptr) *problem = std::move(text);
    return std::nullopt;
  };
  if (challenge.scheme != "digest") return fail("not a Digest challenge");
  // Realm, nonce and opaque go back to the camera in the Authorization header: a control
  // character in them would break the request into lines (header injection; fuzz finding).
  for (const auto& [name, value] : challenge.params)
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
      return fail("Digest challenge with a control character in " + name);
  DigestChallenge out;
  if (const auto* realm = challenge.param("realm")) out.realm = *realm;
  const auto* nonce = challenge.param("nonce");
  if (nonce == nullptr || nonce->empty()) return fail("Digest challenge without a nonce");
  out.nonce = *nonce;
  if (const auto* opaque = challenge.param("opaque")) {
    out.opaque = *opaque;
    out.has_opaque = true;
  }
  if (const auto* stale = challenge.param("stale")) out.stale = iequals(*stale, "true");
  if (const auto* algorithm = challenge.param("algorithm")) {
    out.algorithm_given = true;
    if (iequals(*algorithm, "MD5"))
      out.algorithm = DigestAlgorithm::md5;
    else if (iequals(*algorithm, "MD5-sess"))
      out.algorithm = DigestAlgorithm::md5_sess;
    else if (iequals(*algorithm, "SHA-256"))
      out.algorithm = DigestAlgorithm::sha256;
    else if (iequals(*algorithm, "SHA-256-sess"))
      out.algorithm = DigestAlgorithm::sha256_sess;
    else
      return fail("unsupported Digest algorithm");
  }
  if (const auto* qop = challenge.param("qop")) {
    // A comma-separated list inside the quotes: "auth,auth-int".
    std::string_view rest = *qop;
    bool auth_int_only = !rest.empty();
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
      while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
      if (iequals(item, "auth")) out.qop_auth = true;
      if (!iequals(item, "auth-int") && !item.empty()) auth_int_only = false;
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    if (!out.qop_auth && auth_int_only) return fail("Digest challenge offers only qop=auth-int");
  }
  return out;
}

std::string digest_response(const DigestChallenge& c, const DigestRequest& r) {
  const DigestAlgorithm a = c.algorithm;
  std::string ha1 = hash_hex(a, join({r.username, c.realm, r.password}));
  if (is_sess(a)) ha1 = hash_hex(a, join({ha1, c.nonce, r.cnonce}));
  const std::string ha2 = hash_hex(a, join({r.method, r.uri}));
  if (c.qop_auth) return hash_hex(a, join({ha1, c.nonce, nc_text(r.nc), r.cnonce, "auth", ha2}));
  return hash_hex(a, join({ha1, c.nonce, ha2}));
}

std::string digest_authorization(const DigestChallenge& c, const DigestRequest& r) {
  std::string out = "Digest username=" + quote(r.username) + ", realm=" + quote(c.realm) +
                    ", nonce=" + quote(c.nonce) + ", uri=" + quote(r.uri) +
                    ", response=" + quote(digest_response(c, r));
  if (c.algorithm_given) out += ", algorithm=" + std::string(to_string(c.algorithm));
  if (c.has_opaque) out += ", opaque=" + quote(c.opaque);
  // qop and nc are tokens, unquoted (RFC 7616 §3.4); cnonce is a quoted-string.
  if (c.qop_auth)
    out += ", qop=auth, nc=" + nc_text(r.nc) + ", cnonce=" + quote(r.cnonce);
  else if (is_sess(c.algorithm))
    out += ", cnonce=" + quote(r.cnonce);  // H(A1) depends on it
  return out;
}

std::string make_cnonce() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  return to_hex(bytes.data(), bytes.size());
}

}  // namespace sw::rtsp
