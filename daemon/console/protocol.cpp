// SPDX-License-Identifier: Apache-2.0
#include "console/protocol.hpp"

#include <cstdint>
#include <string>

namespace sw::console {

namespace {

using nlohmann::json;

// Every line ends with '\n'. Text quoted from devices may not be valid UTF-8: it is replaced
// (U+FFFD) rather than letting the dump throw and lose the whole answer.
std::string to_line(const json& value) {
  std::string line = value.dump(-1, ' ', false, json::error_handler_t::replace);
  line += '\n';
  return line;
}

bool valid_id(const json& id) {
  return id.is_null() || id.is_number() || id.is_string();
}

}  // namespace

Request decode_request(std::string_view line, json& id) {
  id = nullptr;
  json doc;
  try {
    doc = json::parse(line);
  } catch (const json::parse_error& e) {
    throw ConsoleError(ErrorCode::bad_request, "not JSON: " + describe_json_error(e));
  }
  if (!doc.is_object()) throw ConsoleError(ErrorCode::bad_request, "a request is a JSON object");

  if (const auto it = doc.find("id"); it != doc.end()) {
    if (!valid_id(*it))
      throw ConsoleError(ErrorCode::bad_request, "\"id\" must be a number, a string or null");
    id = *it;
  }

  const auto v = doc.find("v");
  if (v == doc.end())
    throw ConsoleError(ErrorCode::bad_request,
                       "missing \"v\" (the protocol version; this daemon speaks " +
                           std::to_string(kProtocolVersion) + ")");
  if (!v->is_number_integer())
    throw ConsoleError(ErrorCode::bad_request, "\"v\" must be an integer");
  if (v->get<std::int64_t>() != kProtocolVersion)
    throw ConsoleError(ErrorCode::unsupported_version,
                       "protocol version " + std::to_string(v->get<std::int64_t>()) +
                           " is not supported; this daemon speaks version " +
                           std::to_string(kProtocolVersion));

  Request request;
  request.id = id;
  const auto cmd = doc.find("cmd");
  if (cmd == doc.end() || !cmd->is_string() || cmd->get_ref<const std::string&>().empty())
    throw ConsoleError(ErrorCode::bad_request, "\"cmd\" must be a non-empty string");
  request.cmd = cmd->get<std::string>();

  if (const auto args = doc.find("args"); args != doc.end() && !args->is_null()) {
    if (!args->is_object())
      throw ConsoleError(ErrorCode::bad_request, "\"args\" must be an object");
    request.args = std::move(*args);
  }
  return request;
}

std::string encode_result(const json& id, const json& result) {
  return to_line({{"v", kProtocolVersion}, {"id", id}, {"ok", true}, {"result", result}});
}

std::string encode_error(const json& id, ErrorCode code, std::string_view message) {
  return to_line({{"v", kProtocolVersion},
                  {"id", id},
                  {"ok", false},
                  {"error", {{"code", to_string(code)}, {"message", message}}}});
}

std::string encode_request(const Request& request) {
  return to_line(
      {{"v", kProtocolVersion}, {"id", request.id}, {"cmd", request.cmd}, {"args", request.args}});
}

Answer decode_answer(std::string_view line) {
  json doc = json::parse(line, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    throw ProtocolError("the answer is not a JSON object");
  const auto v = doc.find("v");
  if (v == doc.end() || !v->is_number_integer())
    throw ProtocolError("the answer carries no protocol version");
  if (v->get<std::int64_t>() != kProtocolVersion)
    throw ProtocolError("the daemon answered in protocol version " +
                        std::to_string(v->get<std::int64_t>()) + "; this client speaks " +
                        std::to_string(kProtocolVersion));
  Answer answer;
  if (const auto id = doc.find("id"); id != doc.end()) answer.id = *id;
  const auto ok = doc.find("ok");
  if (ok == doc.end() || !ok->is_boolean()) throw ProtocolError("the answer has no \"ok\"");
  answer.ok = ok->get<bool>();
  if (answer.ok) {
    const auto result = doc.find("result");
    if (result == doc.end()) throw ProtocolError("the answer has no \"result\"");
    answer.result = std::move(*result);
    return answer;
  }
  const auto error = doc.find("error");
  if (error == doc.end() || !error->is_object()) throw ProtocolError("the answer has no \"error\"");
  const auto code = error->find("code");
  const auto message = error->find("message");
  if (code == error->end() || !code->is_string() || message == error->end() ||
      !message->is_string())
    throw ProtocolError("the answer's error has no code or message");
  answer.error_code = code->get<std::string>();
  answer.error_message = message->get<std::string>();
  return answer;
}

}  // namespace sw::console
