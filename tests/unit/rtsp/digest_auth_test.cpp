// SPDX-License-Identifier: Apache-2.0
// Digest and Basic computations against the RFCs' own worked examples.
#include <catch2/catch.hpp>

#include "drivers/rtsp/auth_challenge.hpp"
#include "drivers/rtsp/basic_auth.hpp"
#include "drivers/rtsp/digest_auth.hpp"

using namespace sw::rtsp;

namespace {
DigestChallenge challenge_from(std::string_view header) {
  std::vector<AuthChallenge> parsed;
  parse_www_authenticate(header, parsed);
  REQUIRE(parsed.size() == 1);
  std::string problem;
  auto c = DigestChallenge::from(parsed[0], &problem);
  INFO(problem);
  REQUIRE(c.has_value());
  return *c;
}
}  // namespace

TEST_CASE("digest response matches the worked example of RFC 2617 §3.5") {
  const auto c = challenge_from(
      R"(Digest realm="testrealm@host.com", qop="auth,auth-int", )"
      R"(nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41")");
  CHECK(c.qop_auth);
  CHECK(c.algorithm == DigestAlgorithm::md5);
  const DigestRequest r{"Mufasa", "Circle Of Life", "GET", "/dir/index.html", "0a4f113b", 1};
  CHECK(digest_response(c, r) == "6629fae49393a05397450978507c4ef1");
  CHECK(
      digest_authorization(c, r) ==
      R"(Digest username="Mufasa", realm="testrealm@host.com", )"
      R"(nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", )"
      R"(response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41", )"
      R"(qop=auth, nc=00000001, cnonce="0a4f113b")");
}

TEST_CASE("digest response matches RFC 7616 §3.9.1 for MD5 and SHA-256") {
  const std::string common = R"(realm="http-auth@example.org", qop="auth, auth-int", )"
                             R"(nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", )"
                             R"(opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")";
  const DigestRequest r{"Mufasa",
                        "Circle of Life",
                        "GET",
                        "/dir/index.html",
                        "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
                        1};
  SECTION("MD5") {
    const auto c = challenge_from("Digest " + common + ", algorithm=MD5");
    CHECK(digest_response(c, r) == "8ca523f5e9506fed4657c9700eebdbec");
    CHECK_THAT(digest_authorization(c, r), Catch::Contains("algorithm=MD5"));
  }
  SECTION("SHA-256") {
    const auto c = challenge_from("Digest " + common + ", algorithm=SHA-256");
    CHECK(c.algorithm == DigestAlgorithm::sha256);
    CHECK(digest_response(c, r) ==
          "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }
}

TEST_CASE("digest without qop (RFC 2069 style, as gst-rtsp-server and older cameras send it)") {
  const auto c =
      challenge_from(R"(Digest realm="GStreamer RTSP Server", nonce="c6659d87a6e152b7")");
  CHECK_FALSE(c.qop_auth);
  CHECK_FALSE(c.algorithm_given);
  const DigestRequest r{"admin", "s3cret", "DESCRIBE", "rtsp://127.0.0.1:8554/jpeg", "ignored", 1};
  // MD5(MD5(user:realm:pass) ":" nonce ":" MD5(method:uri)), computed independently with hashlib.
  CHECK(digest_response(c, r) == "0cd1bec66ecee193b4e0a7d713bcccfb");
  const std::string header = digest_authorization(c, r);
  CHECK_THAT(header, !Catch::Contains("qop") && !Catch::Contains("nc=") &&
                         !Catch::Contains("cnonce") && !Catch::Contains("algorithm"));
  CHECK_THAT(header, !Catch::Contains("s3cret"));
}

TEST_CASE("MD5-sess folds nonce and cnonce into HA1, and the nonce count is 8 hex digits") {
  const auto c = challenge_from(
      R"~(Digest realm="IP Camera(C1234)", nonce="abc123", qop="auth", algorithm=MD5-sess)~");
  const DigestRequest r{"admin",    "12345", "DESCRIBE", "rtsp://10.0.0.5/Streaming/Channels/101",
                        "0a4f113b", 2};
  CHECK(digest_response(c, r) == "85b3c6e5f82d3afa20765a1763891791");
  CHECK_THAT(digest_authorization(c, r),
             Catch::Contains("nc=00000002") && Catch::Contains("algorithm=MD5-sess"));
}

TEST_CASE("a user name with quotes is escaped in the Authorization header") {
  const auto c = challenge_from(R"(Digest realm="r", nonce="n")");
  CHECK_THAT(digest_authorization(c, {R"(ad"min)", "p", "OPTIONS", "rtsp://h/", "", 1}),
             Catch::StartsWith(R"(Digest username="ad\"min", realm="r")"));
}

TEST_CASE("digest challenges that cannot be answered are refused with a reason") {
  std::vector<AuthChallenge> parsed;
  parse_www_authenticate(R"(Digest realm="r", qop="auth-int", nonce="n")", parsed);
  parse_www_authenticate(R"(Digest realm="r")", parsed);
  parse_www_authenticate(R"(Digest realm="r", nonce="n", algorithm=SHA-512-256)", parsed);
  REQUIRE(parsed.size() == 3);
  std::string problem;
  CHECK_FALSE(DigestChallenge::from(parsed[0], &problem));
  CHECK_THAT(problem, Catch::Contains("auth-int"));
  CHECK_FALSE(DigestChallenge::from(parsed[1], &problem));
  CHECK_THAT(problem, Catch::Contains("nonce"));
  CHECK_FALSE(DigestChallenge::from(parsed[2], &problem));
  CHECK_THAT(problem, Catch::Contains("algorithm"));
}

TEST_CASE("stale=true and a case-insensitive algorithm are understood") {
  const auto c = challenge_from(R"(Digest realm="r", nonce="n", stale=TRUE, algorithm=md5)");
  CHECK(c.stale);
  CHECK(c.algorithm == DigestAlgorithm::md5);
}

TEST_CASE("cnonces are fresh random hex") {
  const std::string a = make_cnonce();
  const std::string b = make_cnonce();
  CHECK(a.size() == 32);
  CHECK(a != b);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("Basic credentials are base64 of user:password (RFC 7617 §2 example)") {
  CHECK(basic_authorization("Aladdin", "open sesame") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("a") == "YQ==");
}
