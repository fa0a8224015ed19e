// SPDX-License-Identifier: Apache-2.0
#pragma once
namespace sw::test {
// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int free_port();
// True when something accepts TCP connections on 127.0.0.1:port.
bool port_accepts(int port);
}  // namespace sw::test
