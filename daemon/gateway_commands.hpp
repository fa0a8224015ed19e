// SPDX-License-Identifier: Apache-2.0
#pragma once
// The commands people and the platform can give the gateway: the console's table (sitewatchctl)
// and the platform's table (…/cmd). Each command is one entry; both read the gateway's published
// state and hand alarm actions to the rules thread.
#include "config/site_config.hpp"
#include "console/command_table.hpp"
#include "uplink/command_dispatcher.hpp"
#include "uplink/resend_governor.hpp"

#include <string>

namespace sw {

namespace config {
struct SiteConfig;
}
class Gateway;

console::CommandTable console_command_table(Gateway& gateway);
// `config`: the one the publisher starts with — at start-up the gateway has published none yet.
uplink::CommandTable platform_command_table(Gateway& gateway, const config::SiteConfig& config);

}  // namespace sw
