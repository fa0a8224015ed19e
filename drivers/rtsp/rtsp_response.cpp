// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/rtsp_response.hpp"

#include <cctype>
#include <charconv>

#include "drivers/rtsp/ascii_text.hpp"

namespace sw::rtsp {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && c != ':' && c != '(' && c != ')' && c != '<' && c != '>' &&
         c != '@' && c != ',' && c != ';' && c != '\\' && c != '"' && c != '/' && c != '[' &&
         c != ']' && c != '?' && c != '=' && c != '{' && c != '}';
}

bool parse_digit(char c, int& out) {
  if (c < '0' || c > '9') return false;
  out = c - '0';
  return true;
}

// The end of the header block: the first empty line, with CRLF or (leniently) bare LF line ends.
// Returns {end of the last header line, start of the body}, or npos.
std::pair<std::size_t, std::size_t> find_head_end(std::string_view buf) {
  for (std::size_t i = buf.find('\n'); i != std::string_view::npos; i = buf.find('\n', i + 1)) {
    if (i + 1 < buf.size() && buf[i + 1] == '\n') return {i, i + 2};
    if (i + 2 < buf.size() && buf[i + 1] == '\r' && buf[i + 2] == '\n') return {i, i + 3};
  }
  return {std::string_view::npos, std::string_view::npos};
}

}  // namespace

const std::string* RtspResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return &value;
  return nullptr;
}

std::vector<std::string_view> RtspResponse::headers_named(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) out.emplace_back(value);
  return out;
}

ResponseParser::State ResponseParser::fail(std::string why) {
  error_ = std::move(why);
  state_ = State::error;
  return state_;
}

std::string_view ResponseParser::head(std::size_t n) const {
  return std::string_view(buffer_).substr(0, n);
}

std::string_view ResponseParser::leftover() const {
  if (state_ != State::complete) return {};
  return std::string_view(buffer_).substr(body_start_ + content_length_);
}

ResponseParser::State ResponseParser::feed(std::string_view data) {
  if (state_ != State::need_more) return state_;
  buffer_.append(data);
  if (!head_done_) {
    // Reject early what cannot become an RTSP response, rather than wait for a timeout.
    constexpr std::string_view kPrefix = "RTSP/";
    const std::size_t n = std::min(buffer_.size(), kPrefix.size());
    if (std::string_view(buffer_).substr(0, n) != kPrefix.substr(0, n))
      return fail(buffer_.front() == '$' ? "interleaved RTP data where a response was expected"
                                         : "answer is not RTSP");
    const auto [head_end, body_start] = find_head_end(buffer_);
    if (head_end == std::string_view::npos) {
      if (buffer_.size() > limits_.max_header_bytes)
        return fail("headers larger than " + std::to_string(limits_.max_header_bytes) + " bytes");
      return state_;
    }
    if (body_start > limits_.max_header_bytes)
      return fail("headers larger than " + std::to_string(limits_.max_header_bytes) + " bytes");
    if (parse_head(head_end, body_start) == State::error) return state_;
  }
  if (buffer_.size() - body_start_ >= content_length_) {
    response_.body = buffer_.substr(body_start_, content_length_);
    state_ = State::complete;
  }
  return state_;
}

ResponseParser::State ResponseParser::parse_head(std::size_t head_end, std::size_t body_start) {
  const std::string_view head_text = std::string_view(buffer_).substr(0, head_end);
  std::size_t line_end = head_text.find('\n');
  std::string_view status_line = trim(head_text.substr(0, line_end));

  // "RTSP/1.0 200 OK": the version, a three-digit status, an optional reason phrase.
  if (status_line.size() < 12 || status_line[6] != '.' || status_line[8] != ' ' ||
      !parse_digit(status_line[5], response_.version_major) ||
      !parse_digit(status_line[7], response_.version_minor))
    return fail("malformed status line");
  int d0 = 0, d1 = 0, d2 = 0;
  if (!parse_digit(status_line[9], d0) || !parse_digit(status_line[10], d1) ||
      !parse_digit(status_line[11], d2) || (status_line.size() > 12 && status_line[12] != ' '))
    return fail("malformed status code");
  response_.status = d0 * 100 + d1 * 10 + d2;
  if (response_.status < 100) return fail("malformed status code");
  if (response_.version_major < 1 || response_.version_major > 2)
    return fail("unsupported RTSP version");
  response_.reason =
      std::string(trim(status_line.substr(std::min<std::size_t>(12, status_line.size()))));

  bool have_length = false;
  while (line_end != std::string_view::npos) {
    const std::size_t begin = line_end + 1;
    line_end = head_text.find('\n', begin);
    std::string_view line = head_text.substr(
        begin, line_end == std::string_view::npos ? std::string_view::npos : line_end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {
      // obs-fold (RFC 7230 §3.2.4): a continuation of the previous header's value.
      if (response_.headers.empty()) return fail("header continuation without a header");
      response_.headers.back().second += " ";
      response_.headers.back().second += trim(line);
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return fail("malformed header line");
    const std::string_view name = line.substr(0, colon);
    for (char c : name)
      if (!is_token_char(c)) return fail("malformed header name");
    if (response_.headers.size() >= limits_.max_headers)
      return fail("more than " + std::to_string(limits_.max_headers) + " headers");
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      std::size_t length = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (value.empty() || ec != std::errc{} || end != value.data() + value.size())
        return fail("malformed Content-Length");
      if (have_length && length != content_length_) return fail("conflicting Content-Length");
      if (length > limits_.max_body_bytes)
        return fail("body of " + std::to_string(length) + " bytes exceeds the limit of " +
                    std::to_string(limits_.max_body_bytes));
      content_length_ = length;
      have_length = true;
    }
    response_.headers.emplace_back(std::string(name), std::string(value));
  }
  head_done_ = true;
  body_start_ = body_start;
  return state_;
}

}  // namespace sw::rtsp
