// SPDX-License-Identifier: Apache-2.0
#pragma once
// The console: a Unix-socket server on its own thread, speaking console/protocol.hpp to any number
// of sitewatchctl clients at once. poll() over non-blocking sockets; commands from a CommandTable.
// Nothing a client does — garbage, a huge line, a half-sent line, never reading — costs more
// than its own connection (see ServerLimits).
//
//   sw::console::CommandTable commands;
//   commands.add("status", "gateway health", [&](const nlohmann::json&) { return status(); });
//   sw::console::ConsoleServer console({.socket_path = cfg.console.socket,
//                                       .group = cfg.console.group}, std::move(commands));
//   console.start();  // throws when the socket cannot be made
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "console/command_table.hpp"
#include "console/server_settings.hpp"
#include "console/unique_fd.hpp"
#include "core/clock.hpp"

namespace sw::console {

class ClientConnection;
class ListeningSocket;
enum class ClientVerdict;

class ConsoleServer {
 public:
  ConsoleServer(ServerSettings settings, CommandTable commands);
  ~ConsoleServer();  // stop()
  ConsoleServer(const ConsoleServer&) = delete;
  ConsoleServer& operator=(const ConsoleServer&) = delete;

  // Makes the socket (replacing a stale one) and starts the thread. Throws std::runtime_error
  // naming the path and the reason; nothing is left running then.
  void start();
  // Closes every connection, ends the thread and removes the socket file. Idempotent.
  void stop();

  const ServerSettings& settings() const { return settings_; }
  ServerStats stats() const;

 private:
  void run();
  void turn();
  void accept_clients(SteadyTime now);
  // Why a new client from `peer` is turned away (the slot kept for root, the per-uid limit).
  std::optional<std::string> refusal_for(const Peer& peer) const;
  void finish(ClientConnection& client, ClientVerdict verdict);

  ServerSettings settings_;
  CommandTable commands_;
  std::unique_ptr<ListeningSocket> socket_;
  UniqueFd wake_;  // eventfd: stop() wakes the thread out of poll()
  std::atomic<bool> stopping_{false};
  std::thread thread_;

  // Console thread only.
  std::vector<std::unique_ptr<ClientConnection>> clients_;
  std::uint64_t next_client_number_ = 1;
  SteadyTime accept_paused_until_{};

  mutable std::mutex stats_mutex_;
  ServerStats stats_;
};

}  // namespace sw::console
