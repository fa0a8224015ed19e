// SPDX-License-Identifier: Apache-2.0
#pragma once
// The console's commissioning commands (issue 15 item 4): `probe` reads what a person asks of one
// device and answers the values with every decode side by side; `scan` starts a search for the
// units that answer on a bus, and `scan-status` tells how far it is. Both go through the bus's own
// poller (drivers/bus_errand.hpp), between its regular polls, with read functions only. Reading a
// device on request is an operator's action (Access::operate: root or the [console] group),
// logged with who asked.
#include "console/command_table.hpp"

namespace sw {

class Gateway;

void add_commissioning_commands(console::CommandTable& table, Gateway& gateway);

}  // namespace sw
