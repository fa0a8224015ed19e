// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/authenticator.hpp"

#include "drivers/rtsp/basic_auth.hpp"

namespace sw::rtsp {

namespace {

int strength(DigestAlgorithm a) {
  switch (a) {
    case DigestAlgorithm::sha256:
    case DigestAlgorithm::sha256_sess:
      return 2;
    case DigestAlgorithm::md5:
    case DigestAlgorithm::md5_sess:
      return 1;
  }
  return 0;
}

}  // namespace

Authenticator::Authenticator(std::string username, std::string password, bool digest_only)
    : username_(std::move(username)), password_(std::move(password)), digest_only_(digest_only) {}

bool Authenticator::accept(const std::vector<AuthChallenge>& challenges, std::string* problem) {
  std::optional<DigestChallenge> best;
  bool basic = false;
  std::string last_problem = challenges.empty() ? "401 without a WWW-Authenticate challenge"
                                                : "no supported authentication scheme offered";
  for (const auto& c : challenges) {
    if (c.scheme == "basic") {
      basic = true;
    } else if (c.scheme == "digest") {
      std::string why;
      auto d = DigestChallenge::from(c, &why);
      if (!d) {
        last_problem = why;
        continue;
      }
      if (!best || strength(d->algorithm) > strength(best->algorithm)) best = std::move(d);
    }
  }
  if (best) {
    if (best->nonce != digest_.nonce) {
      cnonce_ = make_cnonce();
      nc_ = 0;
    }
    digest_ = std::move(*best);
    scheme_ = AuthScheme::digest;
    return true;
  }
  if (basic && digest_only_) {
    if (problem != nullptr)
      *problem =
          "the camera offers only Basic, which sends the password in clear; auth = \"digest\" "
          "refuses it";
    return false;
  }
  if (basic) {
    digest_ = DigestChallenge{};
    scheme_ = AuthScheme::basic;
    return true;
  }
  if (problem != nullptr) *problem = last_problem;
  return false;
}

std::optional<std::string> Authenticator::authorization(std::string_view method,
                                                        std::string_view uri) {
  switch (scheme_) {
    case AuthScheme::none:
      return std::nullopt;
    case AuthScheme::basic:
      return basic_authorization(username_, password_);
    case AuthScheme::digest:
      ++nc_;
      return digest_authorization(digest_, {username_, password_, method, uri, cnonce_, nc_});
  }
  return std::nullopt;
}

}  // namespace sw::rtsp
