// SPDX-License-Identifier: Apache-2.0
#include "uplink/command_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "core/thread_name.hpp"
#include "core/untrusted_text.hpp"

namespace sw::uplink {

namespace {
// Commands wait here while one runs; a platform sending faster than this is refused, not queued
// without end.
constexpr std::size_t kQueueCapacity = 64;

// A short, escaped excerpt of untrusted bytes for a log line.
std::string excerpt(std::string_view payload) {
  return escape_for_log(payload, 80);
}
}  // namespace

CommandDispatcher::CommandDispatcher(CommandParser parser, CommandTable handlers,
                                     std::function<void(nlohmann::json)> reply,
                                     std::string log_name, CommandAuthSettings auth)
    : parser_(std::move(parser)),
      handlers_(std::move(handlers)),
      reply_(std::move(reply)),
      log_name_(std::move(log_name)),
      max_bytes_(parser_.limits().max_bytes),
      guard_(std::move(auth)),
      queue_(kQueueCapacity) {
  if (!guard_.has_key())
    spdlog::warn(
        "[mqtt:{}] commands are not signed ([mqtt.commands] key_file is not set): any client the "
        "broker lets publish on the command topic can acknowledge alarms and request resends",
        log_name_);
}

CommandDispatcher::~CommandDispatcher() {
  stop();
}

void CommandDispatcher::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void CommandDispatcher::stop() {
  queue_.close();
  if (thread_.joinable()) thread_.join();
}

bool CommandDispatcher::submit(std::string_view payload, bool retained) {
  ++received_;
  // Before any copy: a flood of large publishes costs the broker's buffer, not ours.
  if (payload.size() > max_bytes_) {
    ++oversized_;
    spdlog::warn("[mqtt:{}] a command of {} bytes was refused on arrival (limit {}): \"{}\"",
                 log_name_, payload.size(), max_bytes_, excerpt(payload));
    return false;
  }
  if (queue_.push(Incoming{std::string(payload), retained})) return true;
  ++dropped_;
  spdlog::warn("[mqtt:{}] a command was dropped: the queue ({}) is full or the uplink is stopping",
               log_name_, kQueueCapacity);
  return false;
}

void CommandDispatcher::run() {
  name_this_thread("sw-commands");
  std::vector<Incoming> batch;
  while (true) {
    batch.clear();
    if (!queue_.pop_all(batch, SteadyClock::now() + std::chrono::seconds(1))) break;
    for (const auto& incoming : batch) {
      if (auto body = handle(incoming.payload, incoming.retained)) {
        try {
          reply_(std::move(*body));
        } catch (const std::exception& e) {
          spdlog::error("[mqtt:{}] cannot queue a command reply: {}", log_name_, e.what());
        }
      }
    }
  }
}

std::optional<nlohmann::json> CommandDispatcher::handle(std::string_view payload, bool retained) {
  auto parsed = parser_.parse(payload);
  if (auto* rejected = std::get_if<CommandRejection>(&parsed)) {
    if (!rejected->id) {
      ++dropped_;
      spdlog::warn("[mqtt:{}] command dropped (no usable id): {}; payload \"{}\"", log_name_,
                   rejected->reason, excerpt(payload));
      return std::nullopt;
    }
    ++answered_error_;
    spdlog::warn("[mqtt:{}] command {} rejected: {}", log_name_, *rejected->id, rejected->reason);
    return reply_error(*rejected->id, rejected->cmd, rejected->reason);
  }
  const Command& cmd = std::get<Command>(parsed);
  auto refusal = retained ? std::optional<std::string>(
                                "a retained command is refused: commands are for the moment they "
                                "are sent, not for every reconnect (publish without retain)")
                          : guard_.refusal(cmd);
  if (refusal) {
    ++answered_error_;
    spdlog::warn("[mqtt:{}] command {} {} refused: {}", log_name_, cmd.id, cmd.name, *refusal);
    return reply_error(cmd.id, cmd.name, *refusal);
  }
  const auto handler = handlers_.find(cmd.name);
  if (handler == handlers_.end() || !handler->second) {
    ++answered_error_;
    spdlog::warn("[mqtt:{}] command {} {}: not supported by this gateway", log_name_, cmd.id,
                 cmd.name);
    return reply_error(cmd.id, cmd.name, "'" + cmd.name + "' is not supported by this gateway");
  }
  spdlog::info("[mqtt:{}] command {} {} {}", log_name_, cmd.id, cmd.name,
               cmd.args.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  try {
    nlohmann::json result = handler->second(cmd.args);
    ++answered_ok_;
    return reply_ok(cmd.id, cmd.name, std::move(result));
  } catch (const CommandError& e) {
    ++answered_error_;
    spdlog::warn("[mqtt:{}] command {} {} refused: {}", log_name_, cmd.id, cmd.name,
                 escape_for_log(e.what(), 1024));
    return reply_error(cmd.id, cmd.name, e.what());
  } catch (const std::exception& e) {
    // A bug or a failing subsystem behind the handler: answered, logged, never fatal.
    ++answered_error_;
    spdlog::error("[mqtt:{}] command {} {} failed: {}", log_name_, cmd.id, cmd.name,
                  escape_for_log(e.what(), 1024));
    return reply_error(cmd.id, cmd.name, std::string("internal error: ") + e.what());
  } catch (...) {
    ++answered_error_;
    spdlog::error("[mqtt:{}] command {} {} failed with an unknown exception", log_name_, cmd.id,
                  cmd.name);
    return reply_error(cmd.id, cmd.name, "internal error");
  }
}

CommandStats CommandDispatcher::stats() const {
  return {received_.load(), answered_ok_.load(), answered_error_.load(), dropped_.load(),
          oversized_.load()};
}

}  // namespace sw::uplink
