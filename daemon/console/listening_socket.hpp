// SPDX-License-Identifier: Apache-2.0
#pragma once
// The console's socket file: its permissions are the access control (as chronyd's command socket
// is), so it is created with `mode` (bound under a umask that yields it: no chmod by path, which
// would follow a symlink put in its place) and, when the group exists, that group, and only then
// starts listening — no client can connect in between. A stale file from a crashed daemon is
// replaced; a live one (another sitewatchd) or anything that is not a socket is left alone and
// refused. The file is removed when the object goes, unless someone else has replaced it meanwhile.
#include <sys/types.h>

#include <optional>
#include <string>

#include "console/unique_fd.hpp"

namespace sw::console {

class ListeningSocket {
 public:
  // Throws std::runtime_error naming the path and the reason.
  ListeningSocket(std::string path, const std::string& group, mode_t mode = 0660, int backlog = 16);
  ~ListeningSocket();
  ListeningSocket(const ListeningSocket&) = delete;
  ListeningSocket& operator=(const ListeningSocket&) = delete;

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }
  // The configured group's id when it exists (the console's operators), else nullopt.
  std::optional<gid_t> group_id() const { return group_id_; }
  // The group the file really has once set up ("sitewatch", or "root" when the configured one
  // does not exist): what the log says, not what was asked for.
  const std::string& group() const { return group_; }

 private:
  std::string path_;
  std::string group_;
  UniqueFd fd_;
  dev_t dev_ = 0;  // identify the file we bound, to remove only that one
  ino_t ino_ = 0;
  std::optional<gid_t> group_id_;
};

}  // namespace sw::console
