// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/watch_loop.hpp"

#include <poll.h>

#include <csignal>
#include <memory>
#include <optional>

#include "sitewatchctl/console_client.hpp"
#include "sitewatchctl/result_filters.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/text_width.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_interrupt(int) {
  g_interrupted = 1;
}

// SIGINT/SIGTERM end the loop instead of the process, so the screen is left tidy; the previous
// handlers come back when the loop ends.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted = 0;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: the wait between screens ends at once
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptGuard() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

void pause_for(Millis interval) {
  const auto until = SteadyClock::now() + interval;
  while (!g_interrupted) {
    const auto left = std::chrono::ceil<Millis>(until - SteadyClock::now());
    if (left.count() <= 0) return;
    ::poll(nullptr, 0, static_cast<int>(left.count()));
  }
}

}  // namespace

int run_watch(const WatchSettings& settings, std::ostream& out) {
  InterruptGuard guard;
  std::unique_ptr<ConsoleClient> client;
  int last_code = 0;
  for (std::int64_t shown = 0; !g_interrupted;) {
    std::string screen;
    RenderOptions options{settings.color, settings.utc, WallClock::now()};
    try {
      if (!client) client = std::make_unique<ConsoleClient>(settings.socket_path, settings.timeout);
      const auto status = client->call("status");
      const auto alarms = filter_alarms(client->call("alarms"), false);
      screen = settings.json
                   ? nlohmann::json{{"status", status}, {"alarms", alarms.shown}}.dump(
                         -1, ' ', false, nlohmann::json::error_handler_t::replace) +
                         '\n'
                   : render_watch(status, alarms.shown, alarms.hidden, settings.interval, options);
      last_code = 0;
    } catch (const ClientError& e) {
      client.reset();  // reconnect on the next tick: the daemon may be restarting
      last_code = static_cast<int>(e.exit_code());
      screen = settings.json ? nlohmann::json{{"error", e.what()}, {"exit_code", last_code}}.dump(
                                   -1, ' ', false, nlohmann::json::error_handler_t::replace) +
                                   '\n'
                             : paint(format_clock_time(options.now, settings.utc) + "  " +
                                         printable(e.what()) + "; trying again every " +
                                         format_duration(settings.interval),
                                     Style::alert, settings.color) +
                                   '\n';
    }
    if (settings.redraw) out << "\x1b[H\x1b[2J";  // home, clear: the new screen replaces the old
    out << screen;
    if (!settings.redraw && !settings.json) out << '\n';
    out.flush();
    if (settings.count > 0 && ++shown >= settings.count) return last_code;
    pause_for(settings.interval);
  }
  return 0;
}

}  // namespace sw::console
