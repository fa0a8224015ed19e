// SPDX-License-Identifier: Apache-2.0
// The console server's side of the protocol on arbitrary request lines: decode_request, the
// argument readers every handler uses, and answer_request as the server calls it per line.
// decode_request may refuse only with ConsoleError; answer_request never throws and always answers
// with one line that sitewatchctl's decode_answer reads, naming the request's id.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "console/command_table.hpp"
#include "console/handler_args.hpp"
#include "console/protocol.hpp"
#include "console/protocol_time.hpp"
#include "console/request_dispatch.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace sw::console;
using nlohmann::json;

// One command that reads its arguments the way the real handlers do (alarms, ack, shelve,
// history), so the argument readers see the fuzzer's values.
const CommandTable& table() {
  static const CommandTable commands = [] {
    CommandTable t;
    t.add("probe", "reads every kind of argument", [](const json& args) {
      json out = json::object();
      if (args.contains("alarm_id")) out["alarm_id"] = string_arg(args, "alarm_id");
      if (auto by = optional_string_arg(args, "by")) out["by"] = *by;
      out["all"] = bool_arg(args, "all", false);
      if (auto limit = optional_int_arg(args, "limit", 1, 100'000)) out["limit"] = *limit;
      if (args.contains("duration")) out["duration_ms"] = duration_arg(args, "duration").count();
      if (auto since = optional_time_arg(args, "since")) {
        // What the daemon writes, it must read back as the same instant.
        const json written = time_json(*since);
        const auto again = parse_rfc3339(written.get<std::string>());
        FUZZ_CHECK(again.has_value(), "parse_rfc3339 refuses what time_json wrote");
        FUZZ_CHECK(*again == std::chrono::time_point_cast<std::chrono::milliseconds>(*since),
                   "a time changed on its way through time_json and parse_rfc3339");
        out["since"] = written;
      }
      return out;
    });
    return t;
  }();
  return commands;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sw::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);

  json id;
  bool decoded = false;
  std::string cmd;
  try {
    const Request request = decode_request(line, id);
    decoded = true;
    cmd = request.cmd;
    FUZZ_CHECK(!request.cmd.empty(), "a request without a command");
    FUZZ_CHECK(request.args.is_object(), "arguments that are not an object");
    // The client's encoding of what the server read must read the same.
    json id2;
    const Request again = decode_request(encode_request(request), id2);
    FUZZ_CHECK(again.cmd == request.cmd && again.args == request.args && id2 == request.id,
               "encode_request(decode_request(line)) reads differently");
  } catch (const ConsoleError&) {
  }

  const std::string answer_line = answer_request(table(), line, Peer{});
  FUZZ_CHECK(!answer_line.empty() && answer_line.back() == '\n', "an answer that is not a line");
  FUZZ_CHECK(answer_line.find('\n') == answer_line.size() - 1, "an answer of several lines");
  try {
    const Answer answer = decode_answer(answer_line);
    // decode_request sets `id` as soon as it is read, so even a refusal names its request.
    FUZZ_CHECK(answer.id == id, "the answer names another request id");
    if (decoded && answer.ok && cmd == "probe")  // (the built-in "help" answers a list)
      FUZZ_CHECK(answer.result.is_object(), "probe answered a non-object");
    if (!answer.ok) FUZZ_CHECK(error_code_from_string(answer.error_code), "an unknown error code");
  } catch (const ProtocolError& e) {
    FUZZ_CHECK(false, e.what());
  }
  return 0;
}
