// SPDX-License-Identifier: Apache-2.0
#pragma once
// Who is on the other end of a console connection, as the kernel says (SO_PEERCRED and
// SO_PEERGROUPS), not as the client claims. It decides what the client may do (access.hpp) and is
// recorded next to the operator's `--by` for every action.
#include <sys/types.h>

#include <string>
#include <vector>

namespace sw::console {

struct Peer {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups at connect time (SO_PEERGROUPS)
  std::string user;           // login name of uid, or the number when the uid has no name
};

}  // namespace sw::console
