#pragma once
// Who is on the other end of a console connection, as the kernel says (SO_PEERCRED), not as the
// client claims. Handlers that change alarm state can record it next to the operator's `--by`.
#include <sys/types.h>

#include <string>

namespace sw::console {

struct Peer {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  std::string user;  // login name of uid, or the number when the uid has no name
};

}  // namespace sw::console
