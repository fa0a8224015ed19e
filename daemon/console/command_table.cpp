// SPDX-License-Identifier: Apache-2.0
#include "console/command_table.hpp"

#include <stdexcept>

#include "console/console_error.hpp"

namespace sw::console {

void CommandTable::add(std::string name, std::string description, Handler handler) {
  add(std::move(name), std::move(description), Access::read, std::move(handler));
}

void CommandTable::add(std::string name, std::string description, PeerHandler handler) {
  add(std::move(name), std::move(description), Access::read, std::move(handler));
}

void CommandTable::add(std::string name, std::string description, Access access, Handler handler) {
  if (!handler) throw std::invalid_argument("console command '" + name + "' has no handler");
  add(std::move(name), std::move(description), access,
      PeerHandler(
          [h = std::move(handler)](const nlohmann::json& args, const Peer&) { return h(args); }));
}

void CommandTable::add(std::string name, std::string description, Access access,
                       PeerHandler handler) {
  if (name.empty()) throw std::invalid_argument("a console command needs a name");
  if (name == "help")
    throw std::invalid_argument("console command 'help' is built in (it lists the table)");
  if (!handler) throw std::invalid_argument("console command '" + name + "' has no handler");
  if (commands_.count(name) != 0)
    throw std::invalid_argument("console command '" + name + "' is added twice");
  commands_.emplace(std::move(name), Command{std::move(description), access, std::move(handler)});
}

bool CommandTable::contains(std::string_view name) const {
  return commands_.find(name) != commands_.end();
}

std::vector<CommandTable::Entry> CommandTable::entries() const {
  std::vector<Entry> out;
  out.reserve(commands_.size());
  for (const auto& [name, command] : commands_)
    out.push_back({name, command.description, command.access});
  return out;
}

nlohmann::json CommandTable::run(const std::string& name, const nlohmann::json& args,
                                 const Peer& peer) const {
  if (name == "help") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : entries())
      list.push_back({{"name", entry.name},
                      {"description", entry.description},
                      {"access", std::string(to_string(entry.access))}});
    return list;
  }
  const auto it = commands_.find(name);
  if (it == commands_.end()) {
    std::string known;
    for (const auto& [known_name, command] : commands_)
      known += (known.empty() ? "" : ", ") + known_name;
    throw ConsoleError(ErrorCode::unknown_command, "unknown command '" + name + "'; known: " +
                                                       (known.empty() ? "help" : known + ", help"));
  }
  const Access granted = access_of(peer, operators_);
  if (granted < it->second.access)
    throw ConsoleError(
        ErrorCode::refused,
        std::string("'") + name + "' is not permitted for " + describe(peer) + ": it needs " +
            (it->second.access == Access::admin ? "root (uid 0)"
                                                : "root or the console operators' group") +
            "; this connection may " + std::string(to_string(granted)));
  try {
    return it->second.handler(args, peer);
  } catch (const ConsoleError&) {
    throw;
  } catch (const nlohmann::json::exception& e) {
    // A handler reading args.at("alarm_id").get<std::string>() on a bad request lands here.
    throw ConsoleError(ErrorCode::bad_request, "bad arguments: " + describe_json_error(e));
  } catch (const std::exception& e) {
    throw ConsoleError(ErrorCode::internal, e.what());
  } catch (...) {
    throw ConsoleError(ErrorCode::internal, "unknown exception in command '" + name + "'");
  }
}

}  // namespace sw::console
