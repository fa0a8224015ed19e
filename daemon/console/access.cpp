// SPDX-License-Identifier: Apache-2.0
#include "console/access.hpp"

#include <algorithm>

namespace sw::console {

std::string_view to_string(Access access) {
  switch (access) {
    case Access::read:
      return "read";
    case Access::operate:
      return "operate";
    case Access::admin:
      return "admin";
  }
  return "read";
}

Access access_of(const Peer& peer, std::optional<gid_t> operators) {
  if (peer.uid == 0) return Access::admin;
  if (operators && (peer.gid == *operators || std::find(peer.groups.begin(), peer.groups.end(),
                                                        *operators) != peer.groups.end()))
    return Access::operate;
  return Access::read;
}

std::string describe(const Peer& peer) {
  const std::string number = "uid " + std::to_string(peer.uid);
  if (peer.user.empty() || peer.user == std::to_string(peer.uid)) return number;
  return peer.user + " (" + number + ")";
}

}  // namespace sw::console
