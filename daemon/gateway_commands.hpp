#pragma once
// The commands people and the platform can give the gateway: the console's table (sitewatchctl)
// and the platform's table (…/cmd). Each command is one entry; both read the gateway's published
// state and hand alarm actions to the rules thread.
#include "console/command_table.hpp"
#include "uplink/command_dispatcher.hpp"
#include "uplink/resend_governor.hpp"

namespace sw {

class Gateway;

console::CommandTable console_command_table(Gateway& gateway);
// `resend` is bounded by `policy` (taken from the starting config: the gateway's own is not
// published yet while the publisher is built).
uplink::CommandTable platform_command_table(Gateway& gateway, const uplink::ResendPolicy& policy);

}  // namespace sw
