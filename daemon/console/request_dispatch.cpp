// SPDX-License-Identifier: Apache-2.0
#include "console/request_dispatch.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "console/protocol.hpp"
#include "core/untrusted_text.hpp"

namespace sw::console {

namespace {
// Every console client waits while a handler runs; one slower than this is worth a warning so a
// handler that blocks on the rules thread is found before it hurts.
constexpr auto kSlowHandler = std::chrono::milliseconds(250);
}  // namespace

std::string answer_request(const CommandTable& commands, std::string_view line, const Peer& peer) {
  nlohmann::json id;
  try {
    const Request request = decode_request(line, id);
    const auto started = std::chrono::steady_clock::now();
    nlohmann::json result = commands.run(request.cmd, request.args, peer);
    const auto took = std::chrono::steady_clock::now() - started;
    if (took > kSlowHandler)
      spdlog::warn("[console] command '{}' took {} ms; handlers should answer within {} ms",
                   escape_for_log(request.cmd),
                   std::chrono::duration_cast<std::chrono::milliseconds>(took).count(),
                   kSlowHandler.count());
    spdlog::debug("[console] {} (uid {} pid {}): ok", escape_for_log(request.cmd), peer.uid,
                  peer.pid);
    return encode_result(id, result);
  } catch (const ConsoleError& e) {
    if (e.code() == ErrorCode::internal)
      spdlog::error("[console] request from uid {} pid {} failed: {}", peer.uid, peer.pid,
                    escape_for_log(e.what(), 1024));
    else
      spdlog::debug("[console] request from uid {} pid {} refused ({}): {}", peer.uid, peer.pid,
                    to_string(e.code()), escape_for_log(e.what(), 1024));
    return encode_error(id, e.code(), e.what());
  } catch (const std::exception& e) {
    // Only encoding the result can get here (e.g. out of memory): still answer.
    spdlog::error("[console] cannot answer uid {} pid {}: {}", peer.uid, peer.pid,
                  escape_for_log(e.what(), 1024));
    return encode_error(id, ErrorCode::internal, e.what());
  }
}

}  // namespace sw::console
