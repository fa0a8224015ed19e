// SPDX-License-Identifier: Apache-2.0
// WWW-Authenticate as cameras really send it: several challenges, quoted strings with commas and
// escapes, odd spacing and case — and junk that must never crash the gateway.
#include <catch2/catch.hpp>

#include <random>

#include "drivers/rtsp/auth_challenge.hpp"
#include "drivers/rtsp/authenticator.hpp"

using namespace sw::rtsp;

TEST_CASE("a Hikvision-style Digest challenge is read with its quoted parameters") {
  std::vector<AuthChallenge> out;
  parse_www_authenticate(
      R"~(Digest realm="IP Camera(C6789)", nonce="6b7a6f3e4b2d1c0a", stale="FALSE", qop="auth")~",
      out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].scheme == "digest");
  CHECK(*out[0].param("realm") == "IP Camera(C6789)");
  CHECK(*out[0].param("nonce") == "6b7a6f3e4b2d1c0a");
  CHECK(*out[0].param("qop") == "auth");
  CHECK(out[0].param("opaque") == nullptr);
}

TEST_CASE("two challenges in one header value are both found") {
  std::vector<AuthChallenge> out;
  parse_www_authenticate(R"(Basic realm="cam", Digest realm="cam, inc", nonce="a,b", qop=auth)",
                         out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].scheme == "basic");
  CHECK(*out[0].param("realm") == "cam");
  CHECK(out[1].scheme == "digest");
  CHECK(*out[1].param("realm") == "cam, inc");  // a comma inside quotes is not a separator
  CHECK(*out[1].param("nonce") == "a,b");
  CHECK(*out[1].param("qop") == "auth");  // unquoted token value
}

TEST_CASE("scheme and parameter names are case-insensitive, values keep their case") {
  std::vector<AuthChallenge> out;
  parse_www_authenticate(R"(DIGEST Realm = "Mixed" ,NONCE=AbC)", out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].scheme == "digest");
  CHECK(*out[0].param("realm") == "Mixed");
  CHECK(*out[0].param("nonce") == "AbC");
}

TEST_CASE("escaped quotes and backslashes inside a quoted string") {
  std::vector<AuthChallenge> out;
  parse_www_authenticate(R"(Digest realm="say \"hi\" \\ there", nonce="n")", out);
  REQUIRE(out.size() == 1);
  CHECK(*out[0].param("realm") == R"(say "hi" \ there)");
}

TEST_CASE("a challenge without parameters followed by another") {
  std::vector<AuthChallenge> out;
  parse_www_authenticate("Negotiate, Basic realm=x", out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].scheme == "negotiate");
  CHECK(out[1].scheme == "basic");
  CHECK(*out[1].param("realm") == "x");
}

TEST_CASE("token68 credentials-style challenges are skipped over, not misread") {
  std::vector<AuthChallenge> out;
  parse_www_authenticate("Negotiate abc123==, Basic realm=\"r\"", out);
  REQUIRE(out.size() == 2);
  CHECK(out[1].scheme == "basic");
}

TEST_CASE("an unterminated quote runs to the end and does not crash") {
  std::vector<AuthChallenge> out;
  parse_www_authenticate(R"(Digest realm="never closed, nonce="x)", out);
  REQUIRE_FALSE(out.empty());
  CHECK(out[0].scheme == "digest");
}

TEST_CASE("random bytes never crash the challenge parser") {
  std::mt19937 rng(2617);
  const std::string alphabet = "Digest Basic realm=nonce\",\\ \t=qopauth\x01\xff";
  for (int i = 0; i < 20000; ++i) {
    std::string s(rng() % 80, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    std::vector<AuthChallenge> out;
    parse_www_authenticate(s, out);
    for (const auto& c : out) CHECK_FALSE(c.scheme.empty());
  }
}

TEST_CASE("the authenticator prefers Digest over Basic, and SHA-256 over MD5") {
  std::vector<AuthChallenge> challenges;
  parse_www_authenticate(R"(Basic realm="r")", challenges);
  parse_www_authenticate(R"(Digest realm="r", nonce="n1", algorithm=MD5)", challenges);
  parse_www_authenticate(R"(Digest realm="r", nonce="n2", algorithm=SHA-256)", challenges);
  Authenticator auth("admin", "pw");
  REQUIRE(auth.accept(challenges));
  CHECK(auth.scheme() == AuthScheme::digest);
  CHECK(auth.nonce() == "n2");
  CHECK_THAT(*auth.authorization("DESCRIBE", "rtsp://h/"), Catch::Contains("algorithm=SHA-256"));
}

TEST_CASE("the authenticator counts nc per nonce and restarts it for a new nonce") {
  std::vector<AuthChallenge> first, second;
  parse_www_authenticate(R"(Digest realm="r", nonce="n1", qop="auth")", first);
  parse_www_authenticate(R"(Digest realm="r", nonce="n2", qop="auth")", second);
  Authenticator auth("admin", "pw");
  CHECK_FALSE(auth.authorization("OPTIONS", "rtsp://h/"));  // nothing before a challenge
  REQUIRE(auth.accept(first));
  CHECK_THAT(*auth.authorization("OPTIONS", "rtsp://h/"), Catch::Contains("nc=00000001"));
  CHECK_THAT(*auth.authorization("DESCRIBE", "rtsp://h/"), Catch::Contains("nc=00000002"));
  REQUIRE(auth.accept(second));
  CHECK_THAT(*auth.authorization("DESCRIBE", "rtsp://h/"), Catch::Contains("nc=00000001"));
}

TEST_CASE("the authenticator falls back to Basic and refuses unknown schemes") {
  std::vector<AuthChallenge> basic, unknown;
  parse_www_authenticate(R"(Basic realm="r")", basic);
  parse_www_authenticate(R"(Bearer realm="r")", unknown);
  Authenticator auth("Aladdin", "open sesame");
  std::string problem;
  CHECK_FALSE(auth.accept(unknown, &problem));
  CHECK_THAT(problem, Catch::Contains("no supported"));
  CHECK_FALSE(auth.accept({}, &problem));
  CHECK_THAT(problem, Catch::Contains("without a WWW-Authenticate"));
  REQUIRE(auth.accept(basic));
  CHECK(*auth.authorization("DESCRIBE", "rtsp://h/") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

// Issue 19, item 9: a camera (or a man in the middle) offering only Basic gets no password.
TEST_CASE("with auth = digest, a camera offering only Basic is refused and gets no password") {
  std::vector<AuthChallenge> basic, both;
  parse_www_authenticate(R"(Basic realm="r")", basic);
  parse_www_authenticate(R"(Basic realm="r")", both);
  parse_www_authenticate(R"(Digest realm="r", nonce="n1")", both);
  Authenticator auth("admin", "pw", /*digest_only=*/true);
  std::string problem;
  CHECK_FALSE(auth.accept(basic, &problem));
  CHECK_THAT(problem, Catch::Contains("offers only Basic"));
  CHECK_FALSE(auth.authorization("DESCRIBE", "rtsp://h/"));
  REQUIRE(auth.accept(both));
  CHECK(auth.scheme() == AuthScheme::digest);
}
