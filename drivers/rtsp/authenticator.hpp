// SPDX-License-Identifier: Apache-2.0
#pragma once
// The client side of the 401 dance: learns the camera's challenges, picks the strongest scheme it
// can answer (Digest SHA-256, then Digest MD5, then Basic), and writes the Authorization header for
// each request, counting nc per nonce as RFC 7616 §3.4 asks.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/rtsp/auth_challenge.hpp"
#include "drivers/rtsp/digest_auth.hpp"

namespace sw::rtsp {

enum class AuthScheme { none, basic, digest };

class Authenticator {
 public:
  // `digest_only`: Basic is never answered (it would send the password in clear).
  Authenticator(std::string username, std::string password, bool digest_only = false);

  bool has_credentials() const { return !username_.empty(); }
  // Learns from a 401's WWW-Authenticate challenges. False, with `problem`, when none of them can
  // be answered (an unknown scheme, a Digest without nonce, ...).
  bool accept(const std::vector<AuthChallenge>& challenges, std::string* problem = nullptr);
  // The Authorization value for a request, or nullopt while no challenge has been accepted.
  std::optional<std::string> authorization(std::string_view method, std::string_view uri);

  AuthScheme scheme() const { return scheme_; }
  // The nonce of the accepted Digest challenge ("" for Basic): a 401 naming another nonce, or
  // stale=true, means the server wants a fresh nonce, not that the password is wrong.
  const std::string& nonce() const { return digest_.nonce; }
  bool stale() const { return digest_.stale; }

 private:
  std::string username_;
  std::string password_;
  bool digest_only_ = false;
  AuthScheme scheme_ = AuthScheme::none;
  DigestChallenge digest_;
  std::string cnonce_;
  std::uint32_t nc_ = 0;
};

}  // namespace sw::rtsp
