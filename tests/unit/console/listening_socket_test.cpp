// SPDX-License-Identifier: Apache-2.0
// The console socket says which group it really has: asked for a group that does not exist, the
// file keeps the daemon's own group, and that is what group() (and the "listening" log line)
// reports — not the group that was asked for.
#include <catch2/catch.hpp>

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console/listening_socket.hpp"
#include "support/temp_dir.hpp"

TEST_CASE("a socket asked for a missing group reports the group it really has") {
  sw::test::TempDir dir;
  const std::string path = dir.file("console.sock");
  const sw::console::ListeningSocket socket(path, "no-such-group-sw18");
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  const group* g = ::getgrgid(st.st_gid);
  REQUIRE(g != nullptr);
  CHECK(socket.group() == g->gr_name);
  CHECK(socket.group() != "no-such-group-sw18");
}

TEST_CASE("a socket asked for its process's own group reports it") {
  sw::test::TempDir dir;
  const group* own = ::getgrgid(::getegid());
  REQUIRE(own != nullptr);
  const sw::console::ListeningSocket socket(dir.file("console.sock"), own->gr_name);
  CHECK(socket.group() == own->gr_name);
}
