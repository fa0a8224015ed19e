// SPDX-License-Identifier: Apache-2.0
#include "console/listening_socket.hpp"

#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <vector>

namespace sw::console {

namespace {

std::runtime_error failure(const std::string& path, const std::string& what) {
  return std::runtime_error("console socket " + path + ": " + what);
}

sockaddr_un address_of(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path)
    throw failure(
        path, "the path must be 1 to " + std::to_string(sizeof addr.sun_path - 1) + " bytes long");
  path.copy(addr.sun_path, path.size());
  return addr;
}

std::optional<gid_t> find_group(const std::string& name) {
  std::vector<char> buffer(16384);
  group entry{};
  group* found = nullptr;
  if (::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 ||
      found == nullptr)
    return std::nullopt;
  return found->gr_gid;
}

// "sitewatch", or "gid 1234" for a group without a name.
std::string group_name(gid_t gid) {
  std::vector<char> buffer(16384);
  group entry{};
  group* found = nullptr;
  if (::getgrgid_r(gid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr)
    return "gid " + std::to_string(gid);
  return found->gr_name;
}

// A socket file left by a daemon that died without removing it accepts no connections. One that
// does accept belongs to a running daemon, which must not lose its console to a second one.
void remove_if_stale(const std::string& path, const sockaddr_un& addr) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw failure(path, std::strerror(errno));
  }
  if (!S_ISSOCK(st.st_mode))
    throw failure(path, "exists and is not a socket; not replacing it (check [console] socket)");
  UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!probe.valid()) throw failure(path, std::string("socket: ") + std::strerror(errno));
  const int r = ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  if (r == 0 || errno == EAGAIN)  // EAGAIN: someone listens, its backlog is full
    throw failure(path, "another process is serving it (is sitewatchd already running?)");
  if (errno != ECONNREFUSED)
    throw failure(path, std::string("cannot tell whether it is stale: ") + std::strerror(errno));
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    throw failure(path, std::string("cannot remove the stale socket: ") + std::strerror(errno));
  spdlog::info("[console] removed stale socket {} (left by a daemon that did not stop cleanly)",
               path);
}

// chown only when needed: under the unit the socket's directory is setgid to the console group,
// so the socket gets that group as it is made, and the system-call filter (~@privileged) turns
// chown into EPERM anyway. lchown: never follows a symlink.
void apply_group(const std::string& path, const std::string& group, std::optional<gid_t> gid,
                 const struct stat& st, mode_t mode) {
  if (group.empty()) return;
  if (!gid) {
    spdlog::warn(
        "[console] group '{}' does not exist: {} keeps mode {:04o} with group id {}, and only "
        "root may ack or shelve (create the group: see systemd/sitewatch.sysusers)",
        group, path, mode, st.st_gid);
    return;
  }
  if (st.st_gid == *gid) return;
  if (::lchown(path.c_str(), static_cast<uid_t>(-1), *gid) != 0)
    spdlog::warn(
        "[console] cannot give {} to group '{}': {}; it keeps mode {:04o} with group id {} (the "
        "unit makes its directory setgid '{}'; see docs/deploying.md)",
        path, group, std::strerror(errno), mode, st.st_gid, group);
}

// Binds `fd` to `addr` with a umask that gives the file `mode` and nothing more; the process's
// umask is put back at once (other threads only ever see a stricter one for that moment).
int bind_with_mode(int fd, const sockaddr_un& addr, mode_t mode) {
  const mode_t previous = ::umask(static_cast<mode_t>(~mode & 0777));
  const int r = ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  const int e = errno;
  ::umask(previous);
  errno = e;
  return r;
}

}  // namespace

ListeningSocket::ListeningSocket(std::string path, const std::string& group, mode_t mode,
                                 int backlog)
    : path_(std::move(path)) {
  const sockaddr_un addr = address_of(path_);
  remove_if_stale(path_, addr);

  fd_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd_.valid()) throw failure(path_, std::string("socket: ") + std::strerror(errno));
  if (bind_with_mode(fd_.get(), addr, mode) != 0) {
    const int e = errno;
    throw failure(path_, std::string("bind: ") + std::strerror(e) +
                             (e == ENOENT ? " (the directory must exist; the unit's "
                                            "RuntimeDirectory= creates /run/sitewatch)"
                                          : ""));
  }
  // From here on the file is ours: remove it again if anything below fails.
  struct stat st {};
  if (::lstat(path_.c_str(), &st) != 0) {
    const int e = errno;
    ::unlink(path_.c_str());
    throw failure(path_, std::string("stat after bind: ") + std::strerror(e));
  }
  dev_ = st.st_dev;
  ino_ = st.st_ino;
  // Bound under a umask that gave it `mode` already (no chmod by path: that follows a symlink put
  // in its place). Not listening yet, so nobody can connect before the group is right.
  if (!group.empty()) group_id_ = find_group(group);
  apply_group(path_, group, group_id_, st, mode);
  struct stat now {};
  group_ = group_name(::lstat(path_.c_str(), &now) == 0 ? now.st_gid : st.st_gid);
  if (::listen(fd_.get(), backlog) != 0) {
    const int e = errno;
    ::unlink(path_.c_str());
    throw failure(path_, std::string("listen: ") + std::strerror(e));
  }
}

ListeningSocket::~ListeningSocket() {
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_)
    ::unlink(path_.c_str());
}

}  // namespace sw::console
