// SPDX-License-Identifier: Apache-2.0
// Camera URLs as sites write them, and the one rule: credentials are never printed.
#include <catch2/catch.hpp>

#include "drivers/rtsp/rtsp_url.hpp"
#include "drivers/rtsp/text_sanitizer.hpp"

using namespace sw::rtsp;

TEST_CASE("a plain URL: host, port, path") {
  auto u = parse_rtsp_url("rtsp://127.0.0.1:8554/gate");
  REQUIRE(u);
  CHECK(u->host == "127.0.0.1");
  CHECK(u->port == 8554);
  CHECK(u->path_and_query == "/gate");
  CHECK_FALSE(u->has_credentials());
  CHECK(u->request_uri() == "rtsp://127.0.0.1:8554/gate");
}

TEST_CASE("the default port is 554 and the Request-URI keeps the form as written") {
  auto u = parse_rtsp_url("RTSP://cam-7.site.local");
  REQUIRE(u);
  CHECK(u->port == 554);
  CHECK(u->path_and_query == "/");
  CHECK(u->request_uri() == "rtsp://cam-7.site.local/");
}

TEST_CASE("Dahua-style query strings are kept, fragments dropped") {
  auto u = parse_rtsp_url("rtsp://10.0.0.9:554/cam/realmonitor?channel=1&subtype=0#frag");
  REQUIRE(u);
  CHECK(u->path_and_query == "/cam/realmonitor?channel=1&subtype=0");
  auto q = parse_rtsp_url("rtsp://10.0.0.9?x=1");
  REQUIRE(q);
  CHECK(q->request_uri() == "rtsp://10.0.0.9/?x=1");
}

TEST_CASE("credentials in the URL are split off and percent-decoded") {
  auto u = parse_rtsp_url("rtsp://admin:p%40ss%3Aw%2Fd@192.168.1.64:554/Streaming/Channels/101");
  REQUIRE(u);
  CHECK(u->username == "admin");
  CHECK(u->password == "p@ss:w/d");
  CHECK(u->request_uri() == "rtsp://192.168.1.64:554/Streaming/Channels/101");
}

TEST_CASE("an unencoded '@' in a password: the last '@' ends the userinfo") {
  auto u = parse_rtsp_url("rtsp://admin:a@b@10.0.0.1/live");
  REQUIRE(u);
  CHECK(u->password == "a@b");
  CHECK(u->host == "10.0.0.1");
}

TEST_CASE("IPv6 literals") {
  auto u = parse_rtsp_url("rtsp://[fe80::1]:8554/x");
  REQUIRE(u);
  CHECK(u->host == "fe80::1");
  CHECK(u->port == 8554);
  CHECK(u->request_uri() == "rtsp://[fe80::1]:8554/x");
}

TEST_CASE("bad URLs are refused, and the problem never quotes the URL") {
  const char* secret = "Sup3rSecret";
  for (std::string bad : {std::string("http://admin:") + secret + "@h/x",
                          std::string("rtsps://admin:") + secret + "@h/",
                          std::string("rtsp://admin:") + secret + "@/x",
                          std::string("rtsp://admin:") + secret + "@h:0/",
                          std::string("rtsp://admin:") + secret + "@h:70000/",
                          std::string("rtsp://admin:") + secret + "@h:8a/",
                          std::string("rtsp://admin:") + secret + "@[::1/",
                          std::string("rtsp://admin:") + secret + "@h /x",
                          std::string("rtsp://admin:12/") + secret + "@h/x",
                          std::string("rtsp://admin:%zz") + secret + "@h/",
                          std::string("rtsp://:") + secret + "@h/", std::string("")}) {
    std::string problem;
    CAPTURE(bad);
    CHECK_FALSE(parse_rtsp_url(bad, &problem));
    CHECK_FALSE(problem.empty());
    CHECK_THAT(problem, !Catch::Contains(secret) && !Catch::Contains("12/"));
  }
}

TEST_CASE("credentials are removed from every URL in a text") {
  CHECK(redact_url_credentials("rtsp://admin:pw@10.0.0.1:554/live") == "rtsp://10.0.0.1:554/live");
  CHECK(redact_url_credentials("from rtsp://a:b@h/x to \"rtsp://c:d@k/y\" and http://e@f") ==
        "from rtsp://h/x to \"rtsp://k/y\" and http://f");
  CHECK(redact_url_credentials("no url here") == "no url here");
  CHECK(redact_url_credentials("rtsp://host/path") == "rtsp://host/path");
  // A password with an unencoded '/' is still removed (greedy on purpose).
  CHECK(redact_url_credentials("rtsp://admin:12/34@h/x") == "rtsp://h/x");
  CHECK(redact_url_credentials("trailing ://") == "trailing ://");
}

TEST_CASE("the sanitizer removes configured secrets and control characters") {
  const TextSanitizer s({"admin:hunter22", "hunter22", "ab"});
  CHECK(s.clean("Authorization failed for admin:hunter22") == "Authorization failed for ***");
  CHECK(s.clean("pw hunter22 and hunter22") == "pw *** and ***");
  CHECK(s.clean("abacus") == "abacus");  // a two-letter secret is not hunted in free text
  CHECK(s.quote_device("Not\r\nFound\x1b[0m") == "Not??Found?[0m");
  CHECK(s.quote_device(std::string(200, 'x'), 10) == "xxxxxxxxxx...");
  // A secret straddling the cut is removed before cutting, never left half-visible.
  CHECK(s.quote_device("123456789hunter22", 12) == "123456789***");
  CHECK(s.quote_device("123456789hunter22", 11) == "123456789**...");
}
