// SPDX-License-Identifier: Apache-2.0
#pragma once
// The console's commands on the 隐患台账 (issue 14): list and show records, open one for an
// inspection finding, plan, rectify, close (销号), reopen. Reads go to the
// store's reading connection; steps change the register (Access::operate), each signed by a named
// person with the console's peer recorded beside the name.
#include "console/command_table.hpp"

namespace sw {

class Gateway;

void add_hazard_commands(console::CommandTable& table, Gateway& gateway);

}  // namespace sw
