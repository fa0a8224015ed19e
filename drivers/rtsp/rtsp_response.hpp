// SPDX-License-Identifier: Apache-2.0
#pragma once
// An RTSP response read incrementally from a socket (RFC 2326 §7, RFC 7826 §8): status line,
// headers, then exactly Content-Length bytes of body (no Content-Length means no body, RFC 2326
// §12.14). Every size is bounded: a camera — or whatever answers on its port — cannot make the
// gateway buffer without limit, and no input makes the parser crash.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sw::rtsp {

struct RtspResponse {
  int version_major = 1;
  int version_minor = 0;
  int status = 0;
  std::string reason;  // as the device sent it: quote it through TextSanitizer
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;

  // The first header named `name` (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  // Every header named `name` (WWW-Authenticate may come several times).
  std::vector<std::string_view> headers_named(std::string_view name) const;
};

struct ResponseLimits {
  std::size_t max_header_bytes = 16 * 1024;  // status line + headers
  std::size_t max_headers = 64;
  std::size_t max_body_bytes = 64 * 1024;  // an SDP is a few hundred bytes to a few KiB
};

class ResponseParser {
 public:
  enum class State { need_more, complete, error };

  explicit ResponseParser(ResponseLimits limits = {}) : limits_(limits) {}

  // Appends received bytes. Once complete, bytes beyond the message are kept in leftover().
  State feed(std::string_view data);
  State state() const { return state_; }
  // What was wrong (error state): for people, never quoting more than a few device bytes.
  const std::string& error() const { return error_; }
  // The raw start of the input, for an error message ("answer is not RTSP: ...").
  std::string_view head(std::size_t n = 40) const;
  const RtspResponse& response() const { return response_; }
  RtspResponse take() { return std::move(response_); }
  std::string_view leftover() const;

 private:
  State fail(std::string why);
  State parse_head(std::size_t head_end, std::size_t body_start);

  ResponseLimits limits_;
  State state_ = State::need_more;
  std::string buffer_;
  bool head_done_ = false;
  std::size_t body_start_ = 0;
  std::size_t content_length_ = 0;
  RtspResponse response_;
  std::string error_;
};

}  // namespace sw::rtsp
