// SPDX-License-Identifier: Apache-2.0
#pragma once
// Runs downlink commands on a thread of its own (a handler may wait on the rules thread; the MQTT
// library's thread must not), and answers each on …/reply. The daemon supplies the handlers as a
// table — adding a command is one entry here plus its arguments in command_parser.cpp.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/blocking_queue.hpp"
#include "uplink/command_guard.hpp"
#include "uplink/command_parser.hpp"
#include "uplink/status_message.hpp"

namespace sw::uplink {

// A handler's refusal, with the reason the platform reads (e.g. "no active alarm 01J…").
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Gets the checked arguments (times as epoch milliseconds); returns the result for the reply.
using CommandHandler = std::function<nlohmann::json(const nlohmann::json& args)>;
using CommandTable = std::map<std::string, CommandHandler>;

struct CommandStats {
  std::uint64_t received = 0;
  std::uint64_t answered_ok = 0;
  std::uint64_t answered_error = 0;  // rejected or failed, and answered with a reason
  std::uint64_t dropped = 0;         // no usable id, or the queue was full: logged only
  std::uint64_t oversized = 0;       // larger than the limit: refused on arrival, never copied
};

class CommandDispatcher {
 public:
  // `reply` gets the body of each answer (status_message.hpp), on the dispatcher's thread.
  CommandDispatcher(CommandParser parser, CommandTable handlers,
                    std::function<void(nlohmann::json)> reply, std::string log_name,
                    CommandAuthSettings auth = {});
  ~CommandDispatcher();
  CommandDispatcher(const CommandDispatcher&) = delete;
  CommandDispatcher& operator=(const CommandDispatcher&) = delete;

  void start();
  void stop();
  // From the MQTT library's thread: queues a payload, never blocks. False when it is refused on
  // arrival (larger than the parser's limit: not copied) or the queue is full. A retained
  // command is queued to be answered with a refusal: a command is for now, not for every restart.
  bool submit(std::string_view payload, bool retained = false);
  // Parses, runs and answers one command now; returns the reply body, or nullopt when dropped.
  std::optional<nlohmann::json> handle(std::string_view payload, bool retained = false);
  CommandStats stats() const;

 private:
  struct Incoming {
    std::string payload;
    bool retained = false;
  };
  void run();

  const CommandParser parser_;
  const CommandTable handlers_;
  const std::function<void(nlohmann::json)> reply_;
  const std::string log_name_;
  const std::size_t max_bytes_;
  CommandGuard guard_;  // the dispatcher's thread only
  BlockingQueue<Incoming> queue_;
  std::atomic<std::uint64_t> received_{0}, answered_ok_{0}, answered_error_{0}, dropped_{0},
      oversized_{0};
  std::thread thread_;
};

}  // namespace sw::uplink
