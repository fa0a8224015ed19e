// SPDX-License-Identifier: Apache-2.0
#pragma once
// Who may do what on the console (docs/deploying.md "Roles"). The socket's mode and group decide
// who may connect at all; once connected, the kernel-verified peer decides what it may do:
//   read     status, alarms, points, history, ledger checks: every client that got in
//   operate  ack, shelve, unshelve, hazard steps, probe and scan (reading a device on request):
//            root and members of the operators' group ([console] group)
//   admin    reload and anything else that changes the configuration: uid 0 only
#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "console/peer.hpp"

namespace sw::console {

enum class Access { read, operate, admin };

std::string_view to_string(Access access);

// What `peer` may do when `operators` is the operators' group id (nullopt: the group does not
// exist, so only root may operate).
Access access_of(const Peer& peer, std::optional<gid_t> operators);

// "alice (uid 1000)": how a log line or ledger record names the peer.
std::string describe(const Peer& peer);

}  // namespace sw::console
