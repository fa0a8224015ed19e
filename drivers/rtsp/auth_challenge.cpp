// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/auth_challenge.hpp"

#include <cctype>

#include "drivers/rtsp/ascii_text.hpp"

namespace sw::rtsp {

namespace {

// RFC 7230 §3.2.6 tchar.
bool is_tchar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  std::size_t pos() const { return pos_; }
  void seek(std::size_t p) { pos_ = p; }
  void skip_space() {
    while (!done() && (peek() == ' ' || peek() == '\t')) ++pos_;
  }
  void skip_space_and_commas() {
    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == ',')) ++pos_;
  }
  std::string_view token() {
    const std::size_t begin = pos_;
    while (!done() && is_tchar(peek())) ++pos_;
    return text_.substr(begin, pos_ - begin);
  }
  // A quoted-string with quoted-pairs; an unterminated one runs to the end of the text.
  std::string quoted() {
    std::string out;
    ++pos_;  // the opening quote
    while (!done() && peek() != '"') {
      if (peek() == '\\' && pos_ + 1 < text_.size()) ++pos_;
      out += text_[pos_++];
    }
    if (!done()) ++pos_;  // the closing quote
    return out;
  }
  // A bare value: a token, or for sloppy servers anything up to the next comma or space.
  std::string bare() {
    const std::size_t begin = pos_;
    while (!done() && peek() != ',' && peek() != ' ' && peek() != '\t') ++pos_;
    return std::string(text_.substr(begin, pos_ - begin));
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

const std::string* AuthChallenge::param(std::string_view name) const {
  for (const auto& [key, value] : params)
    if (key == name) return &value;
  return nullptr;
}

void parse_www_authenticate(std::string_view value, std::vector<AuthChallenge>& out) {
  Cursor in(value);
  for (;;) {
    in.skip_space_and_commas();
    if (in.done()) return;
    const std::string_view scheme = in.token();
    if (scheme.empty()) {
      // Not a token where a scheme should start: skip to the next comma and try again.
      while (!in.done() && in.peek() != ',') in.seek(in.pos() + 1);
      continue;
    }
    AuthChallenge challenge;
    challenge.scheme = to_lower(scheme);
    // auth-params until the next challenge (a token NOT followed by '=') or the end.
    for (;;) {
      in.skip_space_and_commas();
      if (in.done()) break;
      const std::size_t param_start = in.pos();
      const std::string_view name = in.token();
      if (name.empty()) {  // stray character: step over it
        in.seek(in.pos() + 1);
        continue;
      }
      in.skip_space();
      if (in.peek() != '=') {
        in.seek(param_start);  // the next challenge's scheme
        break;
      }
      in.seek(in.pos() + 1);
      in.skip_space();
      if (in.peek() == '=' || in.peek() == ',' || in.done()) {
        // token68 (RFC 7235 §2.1, e.g. "Negotiate abc=="): kept as a parameter without a value.
        while (in.peek() == '=') in.seek(in.pos() + 1);
        challenge.params.emplace_back(std::string(name), "");
        continue;
      }
      std::string v = in.peek() == '"' ? in.quoted() : in.bare();
      challenge.params.emplace_back(to_lower(name), std::move(v));
    }
    out.push_back(std::move(challenge));
  }
}

}  // namespace sw::rtsp
