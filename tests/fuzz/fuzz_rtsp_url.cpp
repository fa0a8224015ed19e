// SPDX-License-Identifier: Apache-2.0
// Camera URLs from the config on arbitrary text, and the redaction of credentials from anything
// printed. Property: the request URI (the only form ever sent or printed) parses back to the same
// host, port and path, and carries no credentials.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "drivers/rtsp/rtsp_url.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sw::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string problem;
  if (const auto url = sw::rtsp::parse_rtsp_url(text, &problem)) {
    FUZZ_CHECK(!url->host.empty(), "a URL without host");
    FUZZ_CHECK(!url->path_and_query.empty() && url->path_and_query.front() == '/',
               "a path that does not start with /");
    const std::string uri = url->request_uri();
    FUZZ_CHECK(uri.find_first_of("\r\n") == std::string::npos, "a request URI with a line break");
    // What is sent must parse again to the same place, and without credentials. (A path with
    // '@' is refused without a user on purpose: it is most likely a split password.)
    if (url->path_and_query.find('@') == std::string::npos) {
      std::string again_problem;
      const auto again = sw::rtsp::parse_rtsp_url(uri, &again_problem);
      FUZZ_CHECK(again.has_value(), again_problem.c_str());
      FUZZ_CHECK(!again->has_credentials() && again->password.empty(),
                 "credentials left in the request URI");
      FUZZ_CHECK(again->host == url->host && again->port == url->port &&
                     again->path_and_query == url->path_and_query,
                 "the request URI names another place");
    }
  } else {
    FUZZ_CHECK(!problem.empty(), "refused without a reason");
  }
  const std::string redacted = sw::rtsp::redact_url_credentials(text);
  FUZZ_CHECK(redacted.size() <= text.size(), "redaction made the text longer");
  return 0;
}
