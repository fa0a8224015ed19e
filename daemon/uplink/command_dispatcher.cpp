#include "uplink/command_dispatcher.hpp"

#include <spdlog/spdlog.h>

namespace sw::uplink {

namespace {
// Commands wait here while one runs; a platform sending faster than this is refused, not queued
// without end.
constexpr std::size_t kQueueCapacity = 64;

// A short, printable excerpt of untrusted bytes for a log line.
std::string excerpt(std::string_view payload) {
  std::string out;
  for (const char c : payload.substr(0, 80)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  if (payload.size() > 80) out += "...";
  return out;
}
}  // namespace

CommandDispatcher::CommandDispatcher(CommandParser parser, CommandTable handlers,
                                     std::function<void(nlohmann::json)> reply,
                                     std::string log_name)
    : parser_(std::move(parser)),
      handlers_(std::move(handlers)),
      reply_(std::move(reply)),
      log_name_(std::move(log_name)),
      queue_(kQueueCapacity) {}

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

bool CommandDispatcher::submit(std::string payload) {
  ++received_;
  if (queue_.push(std::move(payload))) return true;
  ++dropped_;
  spdlog::warn("[mqtt:{}] a command was dropped: the queue ({}) is full or the uplink is stopping",
               log_name_, kQueueCapacity);
  return false;
}

void CommandDispatcher::run() {
  std::vector<std::string> batch;
  while (true) {
    batch.clear();
    if (!queue_.pop_all(batch, SteadyClock::now() + std::chrono::seconds(1))) break;
    for (const auto& payload : batch) {
      if (auto body = handle(payload)) {
        try {
          reply_(std::move(*body));
        } catch (const std::exception& e) {
          spdlog::error("[mqtt:{}] cannot queue a command reply: {}", log_name_, e.what());
        }
      }
    }
  }
}

std::optional<nlohmann::json> CommandDispatcher::handle(std::string_view payload) {
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
    spdlog::warn("[mqtt:{}] command {} {} refused: {}", log_name_, cmd.id, cmd.name, e.what());
    return reply_error(cmd.id, cmd.name, e.what());
  } catch (const std::exception& e) {
    // A bug or a failing subsystem behind the handler: answered, logged, never fatal.
    ++answered_error_;
    spdlog::error("[mqtt:{}] command {} {} failed: {}", log_name_, cmd.id, cmd.name, e.what());
    return reply_error(cmd.id, cmd.name, std::string("internal error: ") + e.what());
  } catch (...) {
    ++answered_error_;
    spdlog::error("[mqtt:{}] command {} {} failed with an unknown exception", log_name_, cmd.id,
                  cmd.name);
    return reply_error(cmd.id, cmd.name, "internal error");
  }
}

CommandStats CommandDispatcher::stats() const {
  return {received_.load(), answered_ok_.load(), answered_error_.load(), dropped_.load()};
}

}  // namespace sw::uplink
