// SPDX-License-Identifier: Apache-2.0
// RTSP answers read the way they arrive from a socket: in pieces, sometimes malformed, sometimes
// hostile. Every size is bounded and no input crashes the parser.
#include <catch2/catch.hpp>

#include <random>

#include "drivers/rtsp/rtsp_response.hpp"

using namespace sw::rtsp;
using State = ResponseParser::State;

namespace {
const std::string kDescribe =
    "RTSP/1.0 200 OK\r\n"
    "CSeq: 2\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Base: rtsp://127.0.0.1:8554/jpeg/\r\n"
    "Content-Length: 10\r\n"
    "\r\n"
    "v=0\r\nm=vid";
}  // namespace

TEST_CASE("a complete answer: status, headers, Content-Length body") {
  ResponseParser p;
  REQUIRE(p.feed(kDescribe) == State::complete);
  const auto& r = p.response();
  CHECK(r.version_major == 1);
  CHECK(r.version_minor == 0);
  CHECK(r.status == 200);
  CHECK(r.reason == "OK");
  CHECK(*r.header("cseq") == "2");
  CHECK(*r.header("CONTENT-TYPE") == "application/sdp");
  CHECK(r.body == "v=0\r\nm=vid");
  CHECK(p.leftover().empty());
}

TEST_CASE("an answer fed one byte at a time gives the same result") {
  ResponseParser p;
  State s = State::need_more;
  for (std::size_t i = 0; i < kDescribe.size(); ++i) {
    CHECK(s == State::need_more);
    s = p.feed(std::string_view(kDescribe).substr(i, 1));
  }
  REQUIRE(s == State::complete);
  CHECK(p.response().body == "v=0\r\nm=vid");
}

TEST_CASE("without Content-Length there is no body, and what follows is kept for the next") {
  ResponseParser p;
  REQUIRE(p.feed("RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\nRTSP/1.0 4") == State::complete);
  CHECK(p.response().body.empty());
  CHECK(p.leftover() == "RTSP/1.0 4");
}

TEST_CASE("bare LF line ends, a reason phrase with spaces, folded and repeated headers") {
  ResponseParser p;
  REQUIRE(p.feed("RTSP/1.0 401 Unauthorized Access\n"
                 "CSeq: 3\n"
                 "WWW-Authenticate: Digest realm=\"r\",\n"
                 "  nonce=\"n\"\n"
                 "WWW-Authenticate: Basic realm=\"r\"\n"
                 "\n") == State::complete);
  const auto& r = p.response();
  CHECK(r.status == 401);
  CHECK(r.reason == "Unauthorized Access");
  const auto auth = r.headers_named("www-authenticate");
  REQUIRE(auth.size() == 2);
  CHECK(auth[0] == "Digest realm=\"r\", nonce=\"n\"");
  CHECK(auth[1] == "Basic realm=\"r\"");
}

TEST_CASE("a status line without a reason phrase, and RTSP 2.0") {
  ResponseParser p;
  REQUIRE(p.feed("RTSP/2.0 404\r\n\r\n") == State::complete);
  CHECK(p.response().status == 404);
  CHECK(p.response().version_major == 2);
  CHECK(p.response().reason.empty());
}

TEST_CASE("an answer that is not RTSP is refused at the first differing byte") {
  ResponseParser http;
  CHECK(http.feed("HTTP/1.1 400 Bad Request\r\n") == State::error);
  CHECK(http.error() == "answer is not RTSP");
  CHECK(http.head(8) == "HTTP/1.1");
  ResponseParser early;
  CHECK(early.feed("RT") == State::need_more);
  CHECK(early.feed("X") == State::error);
  ResponseParser interleaved;
  CHECK(interleaved.feed("$\x00\x10") == State::error);
  CHECK_THAT(interleaved.error(), Catch::Contains("interleaved"));
}

TEST_CASE("malformed status lines are errors") {
  for (const char* bad : {"RTSP/1.0\r\n\r\n", "RTSP/1.0 2x0 OK\r\n\r\n", "RTSP/x.0 200 OK\r\n\r\n",
                          "RTSP/1.0 200OK\r\n\r\n", "RTSP/1.0 099 Low\r\n\r\n",
                          "RTSP/9.0 200 OK\r\n\r\n", "RTSP/1.0  200 OK\r\n\r\n"}) {
    ResponseParser p;
    CAPTURE(bad);
    CHECK(p.feed(bad) == State::error);
  }
}

TEST_CASE("malformed headers are errors") {
  for (const char* bad :
       {"RTSP/1.0 200 OK\r\nno colon here\r\n\r\n", "RTSP/1.0 200 OK\r\n: empty name\r\n\r\n",
        "RTSP/1.0 200 OK\r\n folded first\r\n\r\n", "RTSP/1.0 200 OK\r\nBad Name: x\r\n\r\n",
        "RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n",
        "RTSP/1.0 200 OK\r\nContent-Length: 12abc\r\n\r\n",
        "RTSP/1.0 200 OK\r\nContent-Length:\r\n\r\n",
        "RTSP/1.0 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "RTSP/1.0 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"}) {
    ResponseParser p;
    CAPTURE(bad);
    CHECK(p.feed(bad) == State::error);
  }
  ResponseParser same_twice;
  CHECK(same_twice.feed("RTSP/1.0 200 OK\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nab") ==
        State::complete);
}

TEST_CASE("oversized headers are refused before the end of the header block arrives") {
  ResponseParser p(ResponseLimits{1024, 64, 4096});
  CHECK(p.feed("RTSP/1.0 200 OK\r\n") == State::need_more);
  const std::string filler = "X-Filler: " + std::string(100, 'a') + "\r\n";
  State s = State::need_more;
  int fed = 0;
  while (s == State::need_more && fed < 1000) {
    s = p.feed(filler);
    ++fed;
  }
  CHECK(s == State::error);
  CHECK(fed < 12);  // refused as soon as the limit is passed, not after megabytes
  CHECK_THAT(p.error(), Catch::Contains("headers larger than 1024"));
}

TEST_CASE("too many headers and too large bodies are refused") {
  std::string many = "RTSP/1.0 200 OK\r\n";
  for (int i = 0; i < 65; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  ResponseParser p;
  CHECK(p.feed(many + "\r\n") == State::error);
  CHECK_THAT(p.error(), Catch::Contains("more than 64 headers"));

  ResponseParser big;
  CHECK(big.feed("RTSP/1.0 200 OK\r\nContent-Length: 70000\r\n\r\n") == State::error);
  CHECK_THAT(big.error(), Catch::Contains("exceeds the limit"));
}

TEST_CASE("a parser that finished or failed ignores further input") {
  ResponseParser p;
  REQUIRE(p.feed("RTSP/1.0 200 OK\r\n\r\n") == State::complete);
  CHECK(p.feed("garbage") == State::complete);
  ResponseParser bad;
  REQUIRE(bad.feed("garbage") == State::error);
  CHECK(bad.feed("RTSP/1.0 200 OK\r\n\r\n") == State::error);
}

TEST_CASE("random and mutated input never crashes the parser") {
  std::mt19937 rng(7826);
  const std::string valid =
      "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm=\"r\", "
      "nonce=\"n\"\r\nContent-Length: 5\r\n\r\nhello";
  for (int i = 0; i < 20000; ++i) {
    std::string s = valid;
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % (s.size() + 1);
      switch (rng() % 3) {
        case 0:
          if (at < s.size()) s[at] = static_cast<char>(rng() % 256);
          break;
        case 1:
          if (at < s.size()) s.erase(at, 1 + rng() % 8);
          break;
        default:
          s.insert(at, 1, static_cast<char>(rng() % 256));
          break;
      }
    }
    ResponseParser p(ResponseLimits{256, 8, 64});
    std::size_t pos = 0;
    State st = State::need_more;
    while (pos < s.size() && st == State::need_more) {
      const std::size_t n = 1 + rng() % 16;
      st = p.feed(std::string_view(s).substr(pos, n));
      pos += n;
    }
    if (st == State::complete) CHECK(p.response().body.size() <= 64);
  }
}
