// SPDX-License-Identifier: Apache-2.0
// The downlink command parser on arbitrary payloads from …/cmd. Its header promises that nothing
// throws on input: every payload ends in a checked command or a rejection with a reason. Any
// exception, crash, leak or hang is a finding; so is a command that escapes the checks.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "uplink/command_parser.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sw::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte picks how a compact yyyyMMddHHmmss time is read, so both paths are explored.
  if (size == 0) return 0;
  sw::uplink::CommandLimits limits;
  limits.compact_time_is_local = (data[0] & 1) != 0;
  const std::string_view payload(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const auto names = sw::uplink::CommandParser::names();

  const auto result = sw::uplink::CommandParser(limits).parse(payload);
  if (const auto* command = std::get_if<sw::uplink::Command>(&result)) {
    FUZZ_CHECK(!command->id.empty(), "a command without request id");
    FUZZ_CHECK(std::find(names.begin(), names.end(), command->name) != names.end(),
               "a command name the parser does not know");
    FUZZ_CHECK(command->args.is_object(), "arguments that are not an object");
    FUZZ_CHECK(payload.size() <= limits.max_bytes, "an oversized payload was accepted");
    // What is handed on is dumped into replies and logs: it must serialise.
    (void)command->args.dump();
  } else {
    const auto& rejection = std::get<sw::uplink::CommandRejection>(result);
    FUZZ_CHECK(!rejection.reason.empty(), "a rejection without reason");
    FUZZ_CHECK(rejection.cmd.size() <= 64 + 3, "an echoed cmd longer than the echo limit");
  }
  return 0;
}
