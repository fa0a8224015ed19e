// SPDX-License-Identifier: Apache-2.0
// WWW-Authenticate values on arbitrary text, and what the client does next: pick a challenge it
// can answer and write the Authorization header (Basic, Digest MD5/SHA-256, with and without qop).
// Cameras are lenient about syntax, so the parser is too; it must never crash, and the header it
// writes must stay one header line (no CR/LF from a hostile realm or nonce reaches the request).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "drivers/rtsp/auth_challenge.hpp"
#include "drivers/rtsp/authenticator.hpp"
#include "drivers/rtsp/digest_auth.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sw::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  std::vector<sw::rtsp::AuthChallenge> challenges;
  sw::rtsp::parse_www_authenticate(value, challenges);
  for (const auto& c : challenges) {
    for (char ch : c.scheme) FUZZ_CHECK(!(ch >= 'A' && ch <= 'Z'), "a scheme not in lower case");
    // Names are matched case-insensitively, so kept in lower case; a token68 ("abc==", kept as
    // a parameter without a value) is base64 and keeps its case.
    for (const auto& [name, v] : c.params)
      if (!v.empty())
        for (char ch : name) FUZZ_CHECK(!(ch >= 'A' && ch <= 'Z'), "a parameter not in lower case");
    std::string problem;
    if (const auto digest = sw::rtsp::DigestChallenge::from(c, &problem)) {
      const sw::rtsp::DigestRequest request{"admin",    "pass", "DESCRIBE", "rtsp://cam/stream",
                                            "0a4f113b", 1};
      const std::string response = sw::rtsp::digest_response(*digest, request);
      FUZZ_CHECK(response.size() == 32 || response.size() == 64, "a digest of the wrong length");
      (void)sw::rtsp::digest_authorization(*digest, request);
    }
  }

  sw::rtsp::Authenticator auth("admin", "pass");
  std::string problem;
  if (auth.accept(challenges, &problem)) {
    for (int i = 0; i < 2; ++i) {  // the second request counts nc up
      const auto header = auth.authorization("DESCRIBE", "rtsp://cam/stream");
      FUZZ_CHECK(header.has_value(), "an accepted challenge without an Authorization");
      FUZZ_CHECK(header->find_first_of("\r\n") == std::string::npos,
                 "an Authorization header that breaks the request into lines");
    }
  } else {
    FUZZ_CHECK(!problem.empty(), "a challenge refused without a reason");
  }
  return 0;
}
