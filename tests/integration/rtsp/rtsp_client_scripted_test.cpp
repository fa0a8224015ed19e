// SPDX-License-Identifier: Apache-2.0
// The probe against a scripted server that behaves like real cameras (and broken ones): the auth
// dances of Hikvision/Dahua firmware, connections closed under our feet, garbage, floods, silence.
// Every test also proves the password never reaches the result.
#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <array>

#include <fmt/format.h>

#include "drivers/rtsp/rtsp_client.hpp"
#include "scripted_rtsp_server.hpp"

using namespace sw;
using namespace sw::rtsp;
using namespace sw::rtsp::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* kUser = "admin";
constexpr const char* kPassword = "Cam-Pass-7788";

const std::string kSdp =
    "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=Media Presentation\r\nt=0 0\r\n"
    "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H265/90000\r\na=control:trackID=1\r\n";

std::string md5_hex(const std::string& text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> d{};
  unsigned int n = 0;
  EVP_Digest(text.data(), text.size(), d.data(), &n, EVP_md5(), nullptr);
  std::string out;
  for (unsigned i = 0; i < n; ++i) out += fmt::format("{:02x}", d[i]);
  return out;
}

// Pulls name="value" or name=value out of an Authorization header: a second, independent reading.
std::string auth_param(const std::string& header, const std::string& name) {
  const std::size_t at = header.find(" " + name + "=");
  if (at == std::string::npos) return "";
  std::size_t v = at + name.size() + 2;
  if (header[v] == '"') return header.substr(v + 1, header.find('"', v + 1) - v - 1);
  return header.substr(v, header.find(',', v) - v);
}

// Checks a qop=auth Digest answer the way a camera does (RFC 7616 §3.4.1, MD5).
bool digest_ok(const ScriptedRequest& r, const std::string& nonce, const std::string& password) {
  const std::string h = r.header("authorization");
  if (h.rfind("Digest ", 0) != 0 || auth_param(h, "nonce") != nonce ||
      auth_param(h, "uri") != r.uri || auth_param(h, "username") != kUser)
    return false;
  const std::string ha1 = md5_hex(std::string(kUser) + ":IP Camera(C6789):" + password);
  const std::string ha2 = md5_hex(r.method + ":" + r.uri);
  const std::string expected = md5_hex(ha1 + ":" + nonce + ":" + auth_param(h, "nc") + ":" +
                                       auth_param(h, "cnonce") + ":auth:" + ha2);
  return auth_param(h, "qop") == "auth" && auth_param(h, "response") == expected;
}

ProbeResult probe(const std::string& url, Millis timeout = 2000ms) {
  auto parsed = parse_rtsp_url(url);
  REQUIRE(parsed);
  const TextSanitizer sanitizer({std::string(kUser) + ":" + kPassword, kPassword});
  ProbeResult r = probe_camera({*parsed, timeout, {}}, sanitizer);
  CHECK_THAT(r.reason + r.detail, !Catch::Contains(kPassword));
  return r;
}

std::string with_credentials(const ScriptedRtspServer& s, const std::string& password = kPassword) {
  return "rtsp://" + std::string(kUser) + ":" + password +
         "@127.0.0.1:" + std::to_string(s.port()) + "/Streaming/Channels/101";
}

std::string challenge(const std::string& nonce, const std::string& extra = "") {
  return "WWW-Authenticate: Digest realm=\"IP Camera(C6789)\", nonce=\"" + nonce +
         "\", qop=\"auth\"" + extra + "\r\n";
}

double elapsed_ms(SteadyTime since) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - since).count();
}

}  // namespace

TEST_CASE("Hikvision-style qop=auth Digest on OPTIONS and DESCRIBE: one nonce, nc counting up") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    if (!digest_ok(r, "4e6f6e6365", kPassword))
      return ScriptedAnswer{rtsp_answer(r, "401 Unauthorized", challenge("4e6f6e6365"))};
    if (r.method == "OPTIONS")
      return ScriptedAnswer{rtsp_answer(r, "200 OK", "Public: OPTIONS, DESCRIBE, SETUP, PLAY\r\n")};
    return ScriptedAnswer{rtsp_answer(r, "200 OK", "Content-Type: application/sdp\r\n", kSdp)};
  });
  const ProbeResult r = probe(with_credentials(server));
  CHECK(r.outcome == ProbeOutcome::described);
  CHECK(r.sdp.has_video);
  CHECK(r.sdp.codec == "H265");
  CHECK(r.response_ms > 0);
  CHECK(r.requests == 3);  // OPTIONS → 401, OPTIONS with Digest, DESCRIBE with the same nonce
  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(auth_param(requests[1].header("authorization"), "nc") == "00000001");
  CHECK(auth_param(requests[2].header("authorization"), "nc") == "00000002");
  CHECK(requests[2].header("accept") == "application/sdp");
  // The credentials travel in the Authorization header only, never in the Request-URI.
  for (const auto& q : requests)
    CHECK(q.uri == "rtsp://127.0.0.1:" + std::to_string(server.port()) + "/Streaming/Channels/101");
}

TEST_CASE("a camera that wants a fresh nonce per request gets one more try, not a failure") {
  int nonces = 0;
  std::string current;
  ScriptedRtspServer server([&](const ScriptedRequest& r) {
    if (!current.empty() && digest_ok(r, current, kPassword)) {
      current.clear();  // each nonce is good for one request only
      return ScriptedAnswer{
          r.method == "OPTIONS"
              ? rtsp_answer(r, "200 OK")
              : rtsp_answer(r, "200 OK", "Content-Type: application/sdp\r\n", kSdp)};
    }
    current = "n" + std::to_string(++nonces);
    return ScriptedAnswer{rtsp_answer(r, "401 Unauthorized", challenge(current))};
  });
  const ProbeResult r = probe(with_credentials(server));
  CHECK(r.outcome == ProbeOutcome::described);
  // OPTIONS → 401, OPTIONS with n1, DESCRIBE with n1 (used up) → 401 n2, DESCRIBE with n2.
  CHECK(r.requests == 4);
}

TEST_CASE("stale=true is a retry with the new nonce, even on the first credentialed answer") {
  bool stale_sent = false;
  ScriptedRtspServer server([&](const ScriptedRequest& r) {
    if (r.method == "OPTIONS") return ScriptedAnswer{rtsp_answer(r, "200 OK")};
    if (r.header("authorization").empty())
      return ScriptedAnswer{rtsp_answer(r, "401 Unauthorized", challenge("first"))};
    if (!stale_sent) {
      stale_sent = true;
      return ScriptedAnswer{
          rtsp_answer(r, "401 Unauthorized", challenge("second", ", stale=true"))};
    }
    return ScriptedAnswer{digest_ok(r, "second", kPassword)
                              ? rtsp_answer(r, "200 OK", "Content-Type: application/sdp\r\n", kSdp)
                              : rtsp_answer(r, "401 Unauthorized", challenge("third"))};
  });
  const ProbeResult r = probe(with_credentials(server));
  CHECK(r.outcome == ProbeOutcome::described);
}

TEST_CASE("a wrong password with qop=auth ends in a clear auth failure after few requests") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    if (digest_ok(r, "abc", kPassword)) return ScriptedAnswer{rtsp_answer(r, "200 OK")};
    return ScriptedAnswer{rtsp_answer(r, "401 Unauthorized", challenge("abc"))};
  });
  const ProbeResult r = probe(with_credentials(server, "wrong-pass"));
  CHECK(r.outcome == ProbeOutcome::auth_failed);
  CHECK(r.error_kind == "auth");
  CHECK(r.reason == "authentication failed (401)");
  CHECK_THAT(r.detail, Catch::Contains("refused our Digest credentials"));
  CHECK(r.requests == 2);
  CHECK(r.status == 401);
}

TEST_CASE("a camera that wants credentials we do not have") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    return ScriptedAnswer{rtsp_answer(r, "401 Unauthorized", challenge("abc"))};
  });
  const ProbeResult r = probe(server.url());
  CHECK(r.outcome == ProbeOutcome::auth_failed);
  CHECK(r.reason == "authentication required (401)");
  CHECK_THAT(r.detail, Catch::Contains("no username/password configured"));
  CHECK(r.requests == 1);
}

TEST_CASE("a 401 without any challenge, or with only schemes we cannot do") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    return ScriptedAnswer{
        rtsp_answer(r, "401 Unauthorized",
                    r.connection == 1 ? "" : "WWW-Authenticate: Bearer realm=\"x\"\r\n", "")};
  });
  const ProbeResult none = probe(with_credentials(server));
  CHECK(none.outcome == ProbeOutcome::auth_failed);
  CHECK_THAT(none.detail, Catch::Contains("without a WWW-Authenticate"));
  const ProbeResult bearer = probe(with_credentials(server));
  CHECK(bearer.outcome == ProbeOutcome::auth_failed);
  CHECK_THAT(bearer.detail, Catch::Contains("no supported authentication scheme"));
}

TEST_CASE("Basic and Digest both offered: Digest is used, the password never goes in base64") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    if (digest_ok(r, "dn", kPassword))
      return ScriptedAnswer{rtsp_answer(r, "200 OK", "Content-Type: application/sdp\r\n", kSdp)};
    return ScriptedAnswer{
        rtsp_answer(r, "401 Unauthorized",
                    "WWW-Authenticate: Basic realm=\"IP Camera(C6789)\"\r\n" + challenge("dn"))};
  });
  const ProbeResult r = probe(with_credentials(server));
  CHECK(r.outcome == ProbeOutcome::described);
  for (const auto& q : server.requests())
    CHECK_THAT(q.header("authorization"), !Catch::StartsWith("Basic"));
}

TEST_CASE("Basic only: the credentials go after the challenge, not before") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    // base64("admin:Cam-Pass-7788")
    if (r.header("authorization") == "Basic YWRtaW46Q2FtLVBhc3MtNzc4OA==")
      return ScriptedAnswer{rtsp_answer(r, "200 OK", "Content-Type: application/sdp\r\n", kSdp)};
    return ScriptedAnswer{
        rtsp_answer(r, "401 Unauthorized", "WWW-Authenticate: Basic realm=\"cam\"\r\n")};
  });
  const ProbeResult r = probe(with_credentials(server));
  CHECK(r.outcome == ProbeOutcome::described);
  CHECK(server.requests().front().header("authorization").empty());
}

TEST_CASE("a camera that closes the connection after every answer is reconnected to") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    ScriptedAnswer a;
    if (!digest_ok(r, "cn", kPassword))
      a.bytes = rtsp_answer(r, "401 Unauthorized", challenge("cn"));  // no Connection: close
    else
      a.bytes = rtsp_answer(r, "200 OK", "Content-Type: application/sdp\r\n", kSdp);
    a.close_after = true;
    return a;
  });
  const ProbeResult r = probe(with_credentials(server));
  CHECK(r.outcome == ProbeOutcome::described);
  CHECK(server.connections() == 3);
}

TEST_CASE("an answer to an earlier request (stale CSeq) is skipped") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    if (r.method == "OPTIONS") return ScriptedAnswer{rtsp_answer(r, "200 OK")};
    return ScriptedAnswer{"RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n" +
                          rtsp_answer(r, "200 OK", "Content-Type: application/sdp\r\n", kSdp)};
  });
  const ProbeResult r = probe(server.url());
  CHECK(r.outcome == ProbeOutcome::described);
}

TEST_CASE("RTSP error answers: the camera is there, the video is not provable") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    if (r.method == "OPTIONS") return ScriptedAnswer{rtsp_answer(r, "200 OK")};
    if (r.connection == 1) return ScriptedAnswer{rtsp_answer(r, "404 Stream Not Found")};
    if (r.connection == 2)
      return ScriptedAnswer{rtsp_answer(
          r, "302 Moved", "Location: rtsp://admin:" + std::string(kPassword) + "@10.0.0.1/x\r\n")};
    if (r.connection == 3)
      return ScriptedAnswer{rtsp_answer(r, "200 OK", "Content-Type: text/html\r\n", "<html/>")};
    return ScriptedAnswer{rtsp_answer(r, "200 OK", "Content-Type: application/sdp\r\n", "junk")};
  });
  const ProbeResult not_found = probe(server.url());
  CHECK(not_found.outcome == ProbeOutcome::rtsp_error);
  CHECK(not_found.error_kind == "status");
  CHECK(not_found.reason == "DESCRIBE answered 404 Stream Not Found");
  CHECK(not_found.status == 404);

  const ProbeResult moved = probe(server.url());
  CHECK(moved.outcome == ProbeOutcome::rtsp_error);
  CHECK_THAT(moved.detail, Catch::Contains("redirect not followed (to rtsp://10.0.0.1/x)"));

  const ProbeResult html = probe(server.url());
  CHECK(html.error_kind == "sdp");
  CHECK_THAT(html.detail, Catch::Contains("text/html"));

  const ProbeResult junk = probe(server.url());
  CHECK(junk.error_kind == "sdp");
  CHECK_THAT(junk.detail, Catch::Contains("not an SDP"));
}

TEST_CASE("something that is not RTSP on the camera's port: offline, with its words quoted") {
  ScriptedRtspServer server([](const ScriptedRequest&) {
    return ScriptedAnswer{"HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n", true};
  });
  const ProbeResult r = probe(server.url());
  CHECK(r.outcome == ProbeOutcome::unreachable);
  CHECK(r.error_kind == "protocol");
  CHECK_THAT(r.reason, Catch::StartsWith("answer is not RTSP: \"HTTP/1.1 400 Bad Request??Server"));
}

TEST_CASE("a flood of headers is cut off at the limit, long before the timeout") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    std::string flood;
    for (int i = 0; i < 2000; ++i)
      flood += "X-Pad-" + std::to_string(i) + ": " + std::string(60, 'z') + "\r\n";
    return ScriptedAnswer{rtsp_answer(r, "200 OK", flood)};
  });
  const SteadyTime start = SteadyClock::now();
  const ProbeResult r = probe(server.url(), 5000ms);
  CHECK(elapsed_ms(start) < 2000);
  CHECK(r.outcome == ProbeOutcome::unreachable);
  CHECK(r.error_kind == "protocol");
  CHECK_THAT(r.reason, Catch::Contains("headers larger than 16384 bytes"));
}

TEST_CASE("a camera that accepts and never answers costs exactly its timeout") {
  ScriptedRtspServer server([](const ScriptedRequest&) { return ScriptedAnswer{"", false, true}; });
  const SteadyTime start = SteadyClock::now();
  const ProbeResult r = probe(server.url(), 400ms);
  const double took = elapsed_ms(start);
  CHECK(took >= 400);
  CHECK(took < 700);
  CHECK(r.outcome == ProbeOutcome::unreachable);
  CHECK(r.error_kind == "timeout");
  CHECK(r.reason == "no answer within 400ms (OPTIONS)");
}

TEST_CASE("a camera that answers OPTIONS then hangs on DESCRIBE is online but faulty") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    if (r.method == "OPTIONS") return ScriptedAnswer{rtsp_answer(r, "200 OK")};
    return ScriptedAnswer{"", false, true};
  });
  const SteadyTime start = SteadyClock::now();
  const ProbeResult r = probe(server.url(), 400ms);
  CHECK(elapsed_ms(start) < 700);
  CHECK(r.outcome == ProbeOutcome::rtsp_error);
  CHECK(r.error_kind == "timeout");
  CHECK(r.reason == "no answer within 400ms (DESCRIBE)");
}

TEST_CASE("a camera trickling its answer byte by byte is bounded by the same deadline") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    ScriptedAnswer a{rtsp_answer(r, "200 OK", "Content-Type: application/sdp\r\n", kSdp)};
    a.byte_delay = 20ms;
    return a;
  });
  const SteadyTime start = SteadyClock::now();
  const ProbeResult r = probe(server.url(), 500ms);
  CHECK(elapsed_ms(start) < 800);
  CHECK(r.error_kind == "timeout");
}

TEST_CASE("a host dropping SYNs: the non-blocking connect gives up at the timeout") {
  BlackholeListener hole;
  const SteadyTime start = SteadyClock::now();
  const ProbeResult r = probe("rtsp://127.0.0.1:" + std::to_string(hole.port()) + "/x", 300ms);
  const double took = elapsed_ms(start);
  CHECK(took >= 300);
  CHECK(took < 600);
  CHECK(r.outcome == ProbeOutcome::unreachable);
  CHECK(r.error_kind == "timeout");
  CHECK(r.reason == "no answer within 300ms (connect)");
}

TEST_CASE("a refused connection is reported at once") {
  int port = 0;
  {
    ScriptedRtspServer gone([](const ScriptedRequest&) { return ScriptedAnswer{}; });
    port = gone.port();
  }
  const SteadyTime start = SteadyClock::now();
  const ProbeResult r = probe("rtsp://127.0.0.1:" + std::to_string(port) + "/x");
  CHECK(elapsed_ms(start) < 200);
  CHECK(r.outcome == ProbeOutcome::unreachable);
  CHECK(r.error_kind == "refused");
  CHECK(r.reason == "connection refused (connect)");
  CHECK(r.requests == 0);
}

TEST_CASE("host names are resolved, an unknown one is reported as such") {
  ScriptedRtspServer server([](const ScriptedRequest& r) {
    return ScriptedAnswer{
        r.method == "OPTIONS"
            ? rtsp_answer(r, "200 OK")
            : rtsp_answer(r, "200 OK", "Content-Type: application/sdp\r\n", kSdp)};
  });
  const ProbeResult by_name = probe("rtsp://localhost:" + std::to_string(server.port()) + "/x");
  CHECK(by_name.outcome == ProbeOutcome::described);
  // RFC 6761: .invalid never resolves.
  const ProbeResult unknown = probe("rtsp://camera.invalid/x");
  CHECK(unknown.outcome == ProbeOutcome::unreachable);
  CHECK(unknown.error_kind == "resolve");
  CHECK_THAT(unknown.reason, Catch::StartsWith("cannot resolve host \"camera.invalid\""));
}
