// SPDX-License-Identifier: Apache-2.0
#pragma once
// One request line in, one answer line out. Never throws: garbage, an unknown command or a failing
// handler all become an error answer, and the connection (and the daemon) go on.
#include <string>
#include <string_view>

#include "console/command_table.hpp"
#include "console/peer.hpp"

namespace sw::console {

std::string answer_request(const CommandTable& commands, std::string_view line, const Peer& peer);

}  // namespace sw::console
