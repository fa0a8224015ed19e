// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/rtsp_client.hpp"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "drivers/rtsp/authenticator.hpp"
#include "drivers/rtsp/tcp_connection.hpp"

namespace sw::rtsp {

namespace {

// A valid-looking but unusable answer from the device (malformed, not RTSP, oversized).
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The camera refused to authenticate us: the probe ends there.
struct AuthFailure {
  std::string reason;
  std::string detail;
};

constexpr std::string_view kUserAgent = "sitewatch-rtsp";
constexpr std::size_t kReadChunk = 4096;
// Stale answers (a CSeq of an earlier request) skipped before giving up on the current one.
constexpr int kMaxSkippedAnswers = 4;

class Probe {
 public:
  Probe(const ProbeOptions& options, const TextSanitizer& sanitizer)
      : options_(options),
        sanitizer_(sanitizer),
        uri_(options.url.request_uri()),
        auth_(options.url.username, options.url.password, options.digest_only) {}

  ProbeResult run() {
    start_ = SteadyClock::now();
    deadline_ = start_ + options_.timeout;
    try {
      stage_ = "connect";
      connect();
      stage_ = "OPTIONS";
      // OPTIONS first, as every RTSP client does: some cameras answer nothing else before it. Any
      // RTSP answer other than 401 is fine (a few cameras do not implement it); DESCRIBE decides.
      exchange("OPTIONS", "");
      stage_ = "DESCRIBE";
      judge_description(exchange("DESCRIBE", "Accept: application/sdp\r\n"));
    } catch (const AuthFailure& f) {
      result_.outcome = ProbeOutcome::auth_failed;
      result_.error_kind = "auth";
      result_.reason = f.reason;
      result_.detail = f.detail;
    } catch (const NetError& e) {
      fail(std::string(to_string(e.kind())), describe_net_error(e));
    } catch (const ProtocolError& e) {
      fail("protocol", sanitizer_.clean(e.what()));
    } catch (const std::exception& e) {
      // Only our own bugs or OpenSSL failures land here: still a failed probe, never a crash.
      fail("io", sanitizer_.clean(e.what()));
    }
    return std::move(result_);
  }

 private:
  void connect() {
    connection_.reset();
    connection_.emplace(TcpConnection::connect(options_.url.host, options_.url.port, deadline_));
    requests_on_connection_ = 0;
    pending_.clear();  // bytes of the old connection never belong to the new one
  }

  // Sends `method` and returns its final answer, after the 401 → credentials → retry flow.
  RtspResponse exchange(std::string_view method, std::string_view extra_headers) {
    bool challenge_from_this_request = false;
    int refused_credentials = 0;
    for (;;) {
      const std::optional<std::string> authorization = auth_.authorization(method, uri_);
      const std::string used_nonce = auth_.nonce();
      RtspResponse answer = request(method, extra_headers, authorization);
      if (answer.status != 401) return answer;

      if (!auth_.has_credentials())
        throw AuthFailure{"authentication required (401)",
                          fmt::format("authentication required (401) for {}: no username/password "
                                      "configured for this camera",
                                      method)};
      std::vector<AuthChallenge> challenges;
      for (const auto value : answer.headers_named("WWW-Authenticate"))
        parse_www_authenticate(value, challenges);
      std::string problem;
      if (!auth_.accept(challenges, &problem))
        throw AuthFailure{"authentication failed (401)",
                          fmt::format("authentication failed (401) for {}: {}", method, problem)};
      if (authorization) {
        // Our credentials were refused. A nonce that had expired (stale=true) or that came from an
        // earlier request earns one more try with the fresh one; otherwise the password is wrong.
        ++refused_credentials;
        const bool fresh_nonce_may_help =
            auth_.scheme() == AuthScheme::digest &&
            (auth_.stale() || (!challenge_from_this_request && auth_.nonce() != used_nonce));
        if (!fresh_nonce_may_help || refused_credentials > 1)
          throw AuthFailure{
              "authentication failed (401)",
              fmt::format("authentication failed (401) for {}: the camera refused our {} "
                          "credentials (wrong user name or password?)",
                          method, auth_.scheme() == AuthScheme::digest ? "Digest" : "Basic")};
      }
      challenge_from_this_request = true;
    }
  }

  // One request and its answer. A kept-alive connection the camera has closed meanwhile is
  // reopened once: cameras often close after a 401 or after each answer.
  RtspResponse request(std::string_view method, std::string_view extra_headers,
                       const std::optional<std::string>& authorization) {
    const int cseq = ++cseq_;
    std::string text = fmt::format("{} {} RTSP/1.0\r\nCSeq: {}\r\nUser-Agent: {}\r\n", method, uri_,
                                   cseq, kUserAgent);
    if (authorization) text += "Authorization: " + *authorization + "\r\n";
    text += extra_headers;
    text += "\r\n";
    for (int attempt = 0;; ++attempt) {
      if (!connection_ || !connection_->is_open() || must_reconnect_) {
        connect();
        must_reconnect_ = false;
      }
      const bool reused = requests_on_connection_ > 0;
      ++requests_on_connection_;
      ++result_.requests;
      nothing_received_ = pending_.empty();
      try {
        connection_->send_all(text, deadline_);
        return read_answer(cseq);
      } catch (const NetError& e) {
        const bool closed_meanwhile =
            e.kind() == NetErrorKind::closed || e.kind() == NetErrorKind::reset;
        if (!(reused && closed_meanwhile && nothing_received_ && attempt == 0)) throw;
        connection_->close();
      }
    }
  }

  RtspResponse read_answer(int cseq) {
    nothing_received_ = pending_.empty();
    for (int skipped = 0;; ++skipped) {
      ResponseParser parser(options_.limits);
      std::string input = std::move(pending_);
      pending_.clear();
      ResponseParser::State state = parser.feed(input);
      while (state == ResponseParser::State::need_more) {
        const std::string chunk = connection_->receive_some(kReadChunk, deadline_);
        nothing_received_ = false;
        state = parser.feed(chunk);
      }
      if (state == ResponseParser::State::error) {
        must_reconnect_ = true;
        throw ProtocolError(
            fmt::format("{}: \"{}\"", parser.error(), sanitizer_.quote_device(parser.head())));
      }
      pending_ = std::string(parser.leftover());
      RtspResponse answer = parser.take();
      if (const std::string* connection = answer.header("Connection");
          connection != nullptr && connection->find("close") != std::string::npos)
        must_reconnect_ = true;
      const std::string* their_cseq = answer.header("CSeq");
      // Old cameras omit CSeq; an answer to an earlier request (after a retry) is skipped.
      if (their_cseq == nullptr || *their_cseq == std::to_string(cseq)) {
        answered_ = true;
        result_.status = answer.status;
        // Time to the latest answer: in the end, to the DESCRIBE answer (or to the 401 that ended
        // the probe) — what a viewer waits before a stream can start.
        result_.response_ms =
            std::chrono::duration<double, std::milli>(SteadyClock::now() - start_).count();
        return answer;
      }
      if (skipped >= kMaxSkippedAnswers)
        throw ProtocolError("answers do not match our requests (CSeq " +
                            sanitizer_.quote_device(*their_cseq, 12) + ", expected " +
                            std::to_string(cseq) + ")");
    }
  }

  void judge_description(const RtspResponse& describe) {
    const std::string status_text =
        fmt::format("{} {}", describe.status, sanitizer_.quote_device(describe.reason, 40));
    if (describe.status < 200 || describe.status > 299) {
      std::string detail = "DESCRIBE answered " + status_text;
      if (describe.status >= 300 && describe.status < 400) {
        const std::string* location = describe.header("Location");
        detail += ", redirect not followed";
        if (location != nullptr) detail += " (to " + sanitizer_.quote_device(*location) + ")";
      }
      result_.outcome = ProbeOutcome::rtsp_error;
      result_.error_kind = "status";
      result_.reason = "DESCRIBE answered " + status_text;
      result_.detail = detail;
      return;
    }
    if (const std::string* type = describe.header("Content-Type");
        type != nullptr && type->find("application/sdp") == std::string::npos) {
      result_.outcome = ProbeOutcome::rtsp_error;
      result_.error_kind = "sdp";
      result_.reason = "DESCRIBE answer is not an SDP";
      result_.detail = "DESCRIBE answered Content-Type \"" + sanitizer_.quote_device(*type, 40) +
                       "\", not application/sdp";
      return;
    }
    std::string problem;
    auto sdp = parse_sdp(describe.body, &problem);
    if (!sdp) {
      result_.outcome = ProbeOutcome::rtsp_error;
      result_.error_kind = "sdp";
      result_.reason = "DESCRIBE answer is not an SDP";
      result_.detail = "DESCRIBE answer: " + problem;
      return;
    }
    result_.outcome = ProbeOutcome::described;
    result_.described = true;
    result_.sdp = std::move(*sdp);
  }

  void fail(std::string kind, std::string what) {
    // Before any proper RTSP answer the camera is unreachable as far as video goes; after one,
    // it is there but broken.
    result_.outcome = answered_ ? ProbeOutcome::rtsp_error : ProbeOutcome::unreachable;
    result_.error_kind = std::move(kind);
    result_.detail = what + " (" + stage_ + ")";
    result_.reason = result_.detail;
  }

  std::string describe_net_error(const NetError& e) const {
    if (e.kind() == NetErrorKind::timeout)
      return fmt::format("no answer within {}", format_duration(options_.timeout));
    return sanitizer_.clean(e.what());
  }

  const ProbeOptions& options_;
  const TextSanitizer& sanitizer_;
  const std::string uri_;
  Authenticator auth_;
  std::optional<TcpConnection> connection_;
  int requests_on_connection_ = 0;
  bool must_reconnect_ = false;
  bool nothing_received_ = true;
  bool answered_ = false;
  std::string pending_;
  int cseq_ = 0;
  SteadyTime start_;
  SteadyTime deadline_;
  std::string stage_;
  ProbeResult result_;
};

}  // namespace

std::string_view to_string(ProbeOutcome outcome) {
  switch (outcome) {
    case ProbeOutcome::described:
      return "described";
    case ProbeOutcome::auth_failed:
      return "auth_failed";
    case ProbeOutcome::rtsp_error:
      return "rtsp_error";
    case ProbeOutcome::unreachable:
      return "unreachable";
  }
  return "unreachable";
}

ProbeResult probe_camera(const ProbeOptions& options, const TextSanitizer& sanitizer) {
  return Probe(options, sanitizer).run();
}

}  // namespace sw::rtsp
