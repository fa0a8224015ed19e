// SPDX-License-Identifier: Apache-2.0
#pragma once
// The console protocol, both ends: one JSON object per line, in both directions.
//
//   request  {"v":1,"id":7,"cmd":"status","args":{...}}
//   answer   {"v":1,"id":7,"ok":true,"result":{...}}
//            {"v":1,"id":7,"ok":false,"error":{"code":"refused","message":"..."}}
//
// `id` is the client's (number, string or null) and comes back unchanged, so a client may send
// several requests before reading. `args` may be left out. Keys this version does not know are
// ignored; an incompatible change gets a new `v`. docs/console.md is the reference.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "console/console_error.hpp"

namespace sw::console {

inline constexpr int kProtocolVersion = 1;

struct Request {
  nlohmann::json id;  // null when the client sent none
  std::string cmd;
  nlohmann::json args = nlohmann::json::object();
};

struct Answer {
  nlohmann::json id;
  bool ok = false;
  nlohmann::json result;      // when ok
  std::string error_code;     // when not ok: a code of ErrorCode, kept as text so a newer
  std::string error_message;  // daemon's codes still reach the operator
};

// A malformed answer (the client's side of a protocol violation).
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Server side. Throws ConsoleError (bad_request, unsupported_version). `id` receives the request's
// id as soon as it is known, so even the error answer names the request it refuses.
Request decode_request(std::string_view line, nlohmann::json& id);
std::string encode_result(const nlohmann::json& id, const nlohmann::json& result);
std::string encode_error(const nlohmann::json& id, ErrorCode code, std::string_view message);

// Client side. decode_answer throws ProtocolError.
std::string encode_request(const Request& request);
Answer decode_answer(std::string_view line);

}  // namespace sw::console
