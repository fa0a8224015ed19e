// SPDX-License-Identifier: Apache-2.0
#include "commissioning_commands.hpp"

#include <map>
#include <memory>
#include <mutex>

#include <spdlog/spdlog.h>

#include "console/access.hpp"
#include "console/console_error.hpp"
#include "console/handler_args.hpp"
#include "core/untrusted_text.hpp"
#include "gateway.hpp"

namespace sw {

namespace {

using console::ConsoleError;
using console::ErrorCode;
using nlohmann::json;

// How long the console waits for a probe: the bus first finishes the poll it is in (a slow RTU
// line's cycle), then reads. Under sitewatchctl's default --timeout of 5 s, so the client hears
// why rather than timing out.
constexpr Millis kProbeWait{4000};

// The errand for `bus`, made and queued by the gateway; its refusals become the console's.
std::shared_ptr<BusErrand> start(
    Gateway& g, const std::string& bus,
    const std::function<std::shared_ptr<BusErrand>(BusDriver&)>& make) {
  try {
    return g.start_errand(bus, make);
  } catch (const std::invalid_argument& e) {
    throw ConsoleError(ErrorCode::bad_request, e.what());
  } catch (const ErrandRefused& e) {
    throw ConsoleError(ErrorCode::refused, e.what());
  }
}

// The latest scan of each bus, for scan-status. Console handlers run one at a time; the mutex keeps
// it right should that change.
struct ScanBoard {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<BusErrand>, std::less<>> latest;
};

}  // namespace

void add_commissioning_commands(console::CommandTable& t, Gateway& g) {
  using console::Access;
  t.add("probe",
        "read registers or bits of one device through its bus and decode them every way (args: "
        "bus, unit, table, address, count, type, order, scale)",
        Access::operate, [&g](const json& args, const console::Peer& peer) {
          const auto bus = console::string_arg(args, "bus");
          auto errand = start(g, bus, [&](BusDriver& d) { return d.probe(args); });
          spdlog::info("[console] probe on bus {} by {} (pid {}): {}", escape_for_log(bus),
                       console::describe(peer), peer.pid, escape_for_log(args.dump()));
          if (!errand->wait_finished(kProbeWait)) {
            errand->cancel();
            throw ConsoleError(ErrorCode::refused,
                               "bus \"" + bus + "\" did not get to the probe within " +
                                   format_duration(kProbeWait) +
                                   " (a long poll cycle or a slow line); it was withdrawn");
          }
          json report = errand->report();
          if (report.value("state", "") != "done")
            throw ConsoleError(ErrorCode::refused, "probe on bus \"" + bus +
                                                       "\": " + report.value("error", "not done"));
          return report;
        });

  auto scans = std::make_shared<ScanBoard>();
  t.add("scan",
        "start a search for the units that answer on a bus, between its polls (args: bus, units "
        "as A-B, table, address: the value each unit is asked for); scan-status follows it",
        Access::operate, [&g, scans](const json& args, const console::Peer& peer) {
          const auto bus = console::string_arg(args, "bus");
          auto errand = start(g, bus, [&](BusDriver& d) { return d.scan(args); });
          spdlog::info("[console] scan of bus {} by {} (pid {}): {}", escape_for_log(bus),
                       console::describe(peer), peer.pid, escape_for_log(args.dump()));
          std::lock_guard lock(scans->mutex);
          scans->latest[bus] = errand;
          return errand->report();
        });

  t.add("scan-status", "how far the latest scan of a bus is, and the units found (args: bus)",
        Access::operate, [scans](const json& args) {
          const auto bus = console::string_arg(args, "bus");
          std::lock_guard lock(scans->mutex);
          const auto it = scans->latest.find(bus);
          if (it == scans->latest.end())
            throw ConsoleError(ErrorCode::refused,
                               "no scan of bus \"" + bus + "\" since the daemon started");
          return it->second->report();
        });
}

}  // namespace sw
