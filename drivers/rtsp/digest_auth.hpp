// SPDX-License-Identifier: Apache-2.0
#pragma once
// HTTP Digest access authentication as RTSP cameras use it (RFC 2617, RFC 7616): MD5 or SHA-256,
// optionally "-sess", with qop=auth (cnonce and nc) or without qop (RFC 2069 style, which
// gst-rtsp-server and many older cameras send). auth-int is not offered by cameras and not done.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "drivers/rtsp/auth_challenge.hpp"

namespace sw::rtsp {

enum class DigestAlgorithm { md5, md5_sess, sha256, sha256_sess };

struct DigestChallenge {
  std::string realm;
  std::string nonce;
  std::string opaque;
  bool has_opaque = false;
  DigestAlgorithm algorithm = DigestAlgorithm::md5;
  bool algorithm_given = false;  // echo "algorithm=" only when the server named one
  bool qop_auth = false;         // the server offers qop "auth"
  bool stale = false;            // RFC 7616 §3.3: the nonce expired, the password was fine

  // Reads a parsed "Digest" challenge; nullopt with `problem` when it cannot be answered (no
  // nonce, an unknown algorithm, only qop=auth-int).
  static std::optional<DigestChallenge> from(const AuthChallenge& challenge,
                                             std::string* problem = nullptr);
};

struct DigestRequest {
  std::string_view username;
  std::string_view password;
  std::string_view method;  // "DESCRIBE"
  std::string_view uri;     // the Request-URI exactly as in the request line
  std::string_view cnonce;  // used with qop=auth and the -sess algorithms
  std::uint32_t nc = 1;     // nonce count, sent as 8 hex digits
};

// The "response" value, lower-case hex (RFC 7616 §3.4.1; RFC 2617 §3.2.2.1 without qop).
std::string digest_response(const DigestChallenge& challenge, const DigestRequest& request);
// The whole Authorization header value: Digest username="...", realm="...", ...
std::string digest_authorization(const DigestChallenge& challenge, const DigestRequest& request);
// A fresh client nonce: 16 random bytes as hex, from the OpenSSL CSPRNG.
std::string make_cnonce();

std::string_view to_string(DigestAlgorithm a);

}  // namespace sw::rtsp
