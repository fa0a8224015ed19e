// SPDX-License-Identifier: Apache-2.0
#pragma once
// The console's commands: a name, one line of description, a handler. Adding a command is one
// add() call where the daemon wires the console; the protocol, the server and the client do not
// change.
//
// Handlers run on the console thread, one at a time, and must be quick: every console client
// waits while one runs. They read the snapshot the rules thread publishes, or post a request to
// the rules thread and wait for it with a timeout. To refuse, they throw ConsoleError; a JSON error
// while reading `args` becomes bad_request, any other exception becomes internal.
//
// Each command needs an access level (access.hpp); a caller below it is refused before the
// handler runs, with the reason and who it is.
#include <sys/types.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "console/access.hpp"
#include "console/peer.hpp"

namespace sw::console {

class CommandTable {
 public:
  using Handler = std::function<nlohmann::json(const nlohmann::json& args)>;
  // For commands that record who asked (ack, shelve): the kernel-verified caller.
  using PeerHandler = std::function<nlohmann::json(const nlohmann::json& args, const Peer& peer)>;

  struct Entry {
    std::string name;
    std::string description;
    Access access = Access::read;
  };

  // Throws std::invalid_argument for an empty, duplicate or reserved ("help") name: a wiring
  // mistake, found when the daemon starts rather than when an operator needs the command.
  // Without an access level: a read, open to every client that can connect.
  void add(std::string name, std::string description, Handler handler);
  void add(std::string name, std::string description, PeerHandler handler);
  void add(std::string name, std::string description, Access access, Handler handler);
  void add(std::string name, std::string description, Access access, PeerHandler handler);

  // The operators' group (gid of the console socket's group); nullopt: only root may operate.
  void set_operators_group(std::optional<gid_t> gid) { operators_ = gid; }

  bool contains(std::string_view name) const;
  // Every command with its description, sorted by name (what the built-in "help" answers).
  std::vector<Entry> entries() const;

  // Runs one command. Throws ConsoleError: unknown_command, refused (the peer's access is too
  // low), or as described above.
  nlohmann::json run(const std::string& name, const nlohmann::json& args, const Peer& peer) const;

 private:
  struct Command {
    std::string description;
    Access access;
    PeerHandler handler;
  };
  std::map<std::string, Command, std::less<>> commands_;
  std::optional<gid_t> operators_;
};

}  // namespace sw::console
