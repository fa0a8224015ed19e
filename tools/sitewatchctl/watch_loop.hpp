// SPDX-License-Identifier: Apache-2.0
#pragma once
// `sitewatchctl watch`: asks for status and alarms every interval and redraws, like top. No server
// push: each screen is an ordinary request, so the console protocol stays request/answer. A daemon
// that goes away (restart) shows as an error line and the loop reconnects on the next tick.
#include <cstdint>
#include <ostream>
#include <string>

#include "core/clock.hpp"

namespace sw::console {

struct WatchSettings {
  std::string socket_path;
  Millis timeout{5000};
  Millis interval{1000};
  std::int64_t count = 0;  // screens to show; 0: until Ctrl-C
  bool redraw = false;     // a terminal: clear and redraw in place; else one screen after another
  bool color = false;
  bool utc = false;
  bool json = false;  // one JSON object per line: {"status":…, "alarms":…}
};

// Returns the exit code: 0 after Ctrl-C or when the last screen was good, else that screen's
// error code (so `watch --count 1` in a script fails like `status`).
int run_watch(const WatchSettings& settings, std::ostream& out);

}  // namespace sw::console
