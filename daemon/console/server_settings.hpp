// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the console server needs to know, and the limits that keep one misbehaving client from
// costing the daemon or the other clients anything but its own connection.
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/clock.hpp"

namespace sw::console {

struct ServerLimits {
  std::size_t max_line_bytes = 64 * 1024;      // a longer request line drops the client
  std::size_t max_output_bytes = 1024 * 1024;  // answers are made only while less waits unsent
  Millis line_timeout{10'000};                 // a request line begun must be complete within this
  Millis send_timeout{10'000};  // waiting answers must move within this (a client that never reads)
  Millis idle_timeout{300'000};  // a connection with nothing pending is closed after this
  std::size_t max_clients = 32;  // more are answered "refused" and closed; the last is root's
  std::size_t max_clients_per_uid = 8;  // per non-root uid, so one user cannot lock out the rest
};

struct ServerSettings {
  std::string socket_path = "/run/sitewatch/console.sock";
  std::string group = "sitewatch-ops";  // the operators; empty: leave the group as created
  mode_t mode = 0660;
  ServerLimits limits;
};

// Counted, never silent: what the server refused or cut off, for the status page and the logs.
struct ServerStats {
  std::size_t clients = 0;  // connected now
  std::uint64_t accepted = 0;
  std::uint64_t requests = 0;
  std::uint64_t refused_busy = 0;       // max_clients reached
  std::uint64_t dropped_oversized = 0;  // line longer than max_line_bytes
  std::uint64_t dropped_stalled = 0;    // line not completed within line_timeout
  std::uint64_t dropped_unread = 0;     // answers not read within send_timeout
  std::uint64_t closed_idle = 0;        // nothing asked within idle_timeout
};

}  // namespace sw::console
