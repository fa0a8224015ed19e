// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/ctl_app.hpp"

#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "console/protocol_time.hpp"
#include "core/calendar_date.hpp"
#include "core/duration_parse.hpp"
#include "sitewatchctl/console_client.hpp"
#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/result_filters.hpp"
#include "sitewatchctl/terminal.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"
#include "sitewatchctl/watch_loop.hpp"

#ifndef SITEWATCH_VERSION
#define SITEWATCH_VERSION "unknown"
#endif

namespace sw::console {

namespace {

using nlohmann::json;

constexpr const char* kExitCodes = R"(Exit codes:
  0  ok
  1  the daemon refused or answered an error (also: verify-ledger found the ledger
     not intact, reload was refused)
  2  usage: bad command line
  3  sitewatchd is not running (no socket, or nothing listens on it)
  4  permission denied on the socket: join group sitewatch-ops
  5  timeout, or an answer that is not the console protocol

Environment: SITEWATCH_SOCKET (as --socket), NO_COLOR (no colours), SUDO_USER / USER
(the default for --by). See docs/console.md.
)";

struct Globals {
  std::string socket = "/run/sitewatch/console.sock";
  bool json = false;
  std::string timeout = "5s";
  bool utc = false;
};

// Who acts, when --by is not given: the person behind sudo, else the login name.
std::string default_operator() {
  for (const char* name : {"SUDO_USER", "USER", "LOGNAME"})
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return value;
  if (const passwd* entry = ::getpwuid(::geteuid()); entry != nullptr) return entry->pw_name;
  return "uid " + std::to_string(::geteuid());
}

CLI::Validator duration_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const auto d = parse_duration(text);
        if (!d || d->count() <= 0) return "'" + text + "' is not a duration like 30m, 2h or 90s";
        return {};
      },
      "DURATION");
}

CLI::Validator when_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (!parse_when(text, WallClock::now(), false))
          return "'" + text +
                 "' is not a time: use 1h (ago), 2026-11-29 08:00, or 2026-11-29T00:00:00Z";
        return {};
      },
      "TIME");
}

// One run of one subcommand: connects on first use, prints JSON or a view.
class Session {
 public:
  Session(const Globals& globals, std::ostream& out, std::ostream& err)
      : globals_(globals), out_(out), err_(err) {
    timeout_ = *parse_duration(globals_.timeout);  // validated by CLI11
  }

  json call(const std::string& cmd, const json& args = json::object()) {
    if (!client_) client_ = std::make_unique<ConsoleClient>(globals_.socket, timeout_);
    return client_->call(cmd, args);
  }

  RenderOptions options() const {
    return {!globals_.json && color_wanted(STDOUT_FILENO), globals_.utc, WallClock::now()};
  }

  // --json prints the result as the daemon sent it (after the same filtering as the view).
  void show(const json& result, const std::function<std::string(const RenderOptions&)>& view) {
    if (globals_.json)
      out_ << result.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    else
      out_ << view(options());
  }

  // A line of progress for a person, beside the result (stderr: stdout stays the answer).
  void progress(const std::string& line) { err_ << line << '\n' << std::flush; }

  const Globals& globals() const { return globals_; }
  Millis timeout() const { return timeout_; }
  std::ostream& out() { return out_; }

 private:
  const Globals& globals_;
  std::ostream& out_;
  std::ostream& err_;
  Millis timeout_{5000};
  std::unique_ptr<ConsoleClient> client_;
};

using Action = std::function<int(Session&)>;

}  // namespace

int run_sitewatchctl(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"The console of sitewatchd, the major-accident-hazard monitoring gateway.",
               "sitewatchctl"};
  app.footer(kExitCodes);
  app.set_version_flag("--version", std::string(SITEWATCH_VERSION));
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the subcommand

  Globals globals;
  app.add_option("--socket", globals.socket, "the daemon's console socket")
      ->envname("SITEWATCH_SOCKET")
      ->capture_default_str();
  app.add_flag("--json", globals.json, "print the result as JSON (for scripts)");
  app.add_option("--timeout", globals.timeout, "how long to wait for the daemon")
      ->check(duration_check())
      ->capture_default_str();
  app.add_flag("--utc", globals.utc, "show times in UTC instead of local time");

  Action action;
  const auto simple = [&](const char* name, const char* description,
                          std::string (*view)(const json&, const RenderOptions&)) {
    app.add_subcommand(name, description)->callback([&action, name, view] {
      action = [name, view](Session& s) {
        const json result = s.call(name);
        s.show(result, [&](const RenderOptions& o) { return view(result, o); });
        return 0;
      };
    });
  };
  simple("status", "gateway health: uplink, outbox, devices, alarms, storage", render_status);
  simple("devices", "polled devices: online, last read, errors by kind, latency", render_devices);

  std::string pattern;
  bool with_limits = false;
  auto* points = app.add_subcommand("points", "live values, quality and active alarm per point");
  points->add_option("PATTERN", pattern, "only points whose id matches this glob, e.g. 'face3.*'");
  points->add_flag("--limits", with_limits,
                   "each point's effective limits instead: profile and overrides, levels, "
                   "delays, clauses");
  points->callback([&] {
    action = [&pattern, &with_limits](Session& s) {
      const json result = filter_points(s.call(with_limits ? "limits" : "points"), pattern);
      s.show(result, [&](const RenderOptions& o) {
        if (!pattern.empty() && result.is_array() && result.empty())
          return "no points match '" + pattern + "'\n";
        return with_limits ? render_limits(result, o) : render_points(result, o);
      });
      return 0;
    };
  });

  bool all_alarms = false;
  bool closed_alarms = false;
  std::string closed_since = "24h";
  std::size_t closed_limit = 500;
  auto* alarms = app.add_subcommand("alarms", "alarms not back to normal");
  alarms->add_flag("--all", all_alarms, "also shelved and out-of-service alarms");
  auto* closed_flag = alarms->add_flag(
      "--closed", closed_alarms,
      "alarms back to normal instead (returned and acknowledged), from the ledger");
  alarms->add_option("--since", closed_since, "with --closed: closed since 24h (ago), 2026-11-01")
      ->check(when_check())
      ->capture_default_str()
      ->needs(closed_flag);
  alarms->add_option("--limit", closed_limit, "with --closed: at most this many")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str()
      ->needs(closed_flag);
  alarms->callback([&] {
    action = [&](Session& s) {
      if (closed_alarms) {
        const json args{
            {"since", time_json(parse_when(closed_since, WallClock::now(), s.globals().utc))},
            {"limit", closed_limit}};
        const json result = s.call("closed-alarms", args);
        s.show(result, [&](const RenderOptions& o) {
          return render_closed_alarms(result, o, closed_limit);
        });
        return 0;
      }
      const auto filtered = filter_alarms(s.call("alarms"), all_alarms);
      s.show(filtered.shown, [&](const RenderOptions& o) {
        return render_alarms(filtered.shown, o, filtered.hidden);
      });
      return 0;
    };
  });

  std::string alarm_id;
  std::string by = default_operator();
  std::string shelve_for;
  std::string shelve_reason;
  const auto alarm_action = [&](const char* name, const char* description, const char* verb,
                                bool with_duration) {
    auto* sub = app.add_subcommand(name, description);
    sub->add_option("ID", alarm_id, "the alarm's id (ALARM ID in `sitewatchctl alarms`)")
        ->required();
    if (with_duration)
      sub->add_option("DURATION", shelve_for, "how long, e.g. 30m or 2h")
          ->required()
          ->check(duration_check());
    sub->add_option("--by", by, "who does it (default: $SUDO_USER, else $USER)")
        ->capture_default_str();
    if (with_duration)
      sub->add_option("--reason", shelve_reason, "why (required for a priority-1 alarm)");
    sub->callback(
        [&action, &alarm_id, &by, &shelve_for, &shelve_reason, name, verb, with_duration] {
          action = [&, name, verb, with_duration](Session& s) {
            json args{{"alarm_id", alarm_id}, {"by", by}};
            if (with_duration) args["duration"] = shelve_for;
            if (with_duration && !shelve_reason.empty()) args["reason"] = shelve_reason;
            const json result = s.call(name, args);
            s.show(result,
                   [&](const RenderOptions& o) { return render_alarm_action(verb, result, o); });
            return 0;
          };
        });
  };
  alarm_action("ack", "acknowledge an alarm", "acknowledged", false);
  alarm_action("shelve", "hide an alarm from annunciation for a while", "shelved", true);
  alarm_action("unshelve", "end an alarm's shelving", "unshelved", false);
  alarm_action("remove-from-service",
               "take an alarm out of service for maintenance (past max_out_of_service it raises "
               "`masked`)",
               "removed from service", false);
  alarm_action("return-to-service", "return an alarm to service", "returned to service", false);

  bool requeue = false;
  auto* outbox = app.add_subcommand(
      "outbox", "messages waiting for the platform, by lane, and the dead letters set aside");
  outbox->add_flag("--requeue", requeue,
                   "put every dead letter back in the outbox (once what refused it is mended)");
  outbox->add_option("--by", by, "with --requeue: who does it (default: $SUDO_USER, else $USER)")
      ->capture_default_str();
  outbox->callback([&] {
    action = [&](Session& s) {
      if (requeue) {
        const json result = s.call("requeue-dead-letters", json{{"by", by}});
        s.show(result, [&](const RenderOptions&) {
          return count_text(count_of(result, "requeued").value_or(0), "dead letter",
                            "dead letters") +
                 " put back in the outbox\n";
        });
        return 0;
      }
      const json result = s.call("outbox");
      s.show(result, [&](const RenderOptions& o) { return render_outbox(result, o); });
      return 0;
    };
  });

  std::string history_point;
  std::string since = "1h";
  std::string until;
  std::size_t limit = 1000;
  auto* history = app.add_subcommand("history", "stored values of one point");
  history->add_option("POINT", history_point, "the point's id")->required();
  history->add_option("--since", since, "from: 1h (ago), 2026-11-29 08:00 or RFC 3339")
      ->check(when_check())
      ->capture_default_str();
  history->add_option("--until", until, "to (default: now)")->check(when_check());
  history->add_option("--limit", limit, "at most this many samples")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  history->callback([&] {
    action = [&](Session& s) {
      const auto now = WallClock::now();
      json args{{"point", history_point},
                {"since", time_json(parse_when(since, now, s.globals().utc))},
                {"limit", limit}};
      if (!until.empty()) args["until"] = time_json(parse_when(until, now, s.globals().utc));
      const json result = s.call("history", args);
      s.show(result, [&](const RenderOptions& o) { return render_history(result, o, limit); });
      return 0;
    };
  });

  // The 隐患台账 (issue 14). Missing or malformed values (责任人, 期限 YYYY-MM-DD, a note) are the
  // daemon's to refuse, with its reason and exit 1, so the client and the platform path agree.
  bool all_hazards = false;
  std::string hazard_state;
  std::string hazard_since;
  auto* hazards_cmd =
      app.add_subcommand("hazards", "the 隐患台账: records not closed, with age and deadline");
  hazards_cmd->add_flag("--all", all_hazards, "closed records too");
  hazards_cmd->add_option("--state", hazard_state, "only records in this state")
      ->check(CLI::IsMember({"open", "rectifying", "rectified", "closed"}));
  hazards_cmd->add_option("--since", hazard_since, "only records opened since: 30d, 2026-11-01")
      ->check(when_check());
  hazards_cmd->callback([&] {
    action = [&](Session& s) {
      json args{{"all", all_hazards}};
      if (!hazard_state.empty()) args["state"] = hazard_state;
      if (!hazard_since.empty())
        args["since"] = time_json(parse_when(hazard_since, WallClock::now(), s.globals().utc));
      const json result = s.call("hazards", args);
      s.show(result, [&](const RenderOptions& o) { return render_hazards(result, o); });
      return 0;
    };
  });

  std::int64_t hazard_id = 0;
  json hazard_args = json::object();
  auto* hazard =
      app.add_subcommand("hazard", "one record of the 隐患台账: show it, or sign a step");
  hazard->require_subcommand(1);
  const auto hazard_id_option = [&](CLI::App* sub) {
    sub->add_option("ID", hazard_id, "the record's id (ID in `sitewatchctl hazards`)")
        ->required()
        ->check(CLI::PositiveNumber);
  };
  // --NAME TEXT options whose values go to the daemon as they are, under NAME.
  const auto text_options =
      [&](CLI::App* sub, std::initializer_list<std::pair<const char*, const char*>> options) {
        for (const auto& [name, description] : options)
          sub->add_option_function<std::string>(
              std::string("--") + name,
              [&hazard_args, key = std::string(name)](const std::string& v) {
                hazard_args[key] = v;
              },
              description);
        sub->add_option("--by", by, "who signs (default: $SUDO_USER, else $USER)")
            ->capture_default_str();
      };
  const auto hazard_step = [&](std::string name, std::string verb, bool with_id) {
    return [&, name, verb, with_id] {
      action = [&, name, verb, with_id](Session& s) {
        json args = hazard_args;
        if (with_id) args["id"] = hazard_id;
        if (name != "show") args["by"] = by;
        const json result = s.call("hazard-" + name, args);
        s.show(result, [&](const RenderOptions& o) {
          return name == "show" ? render_hazard(result, o) : render_hazard_step(verb, result, o);
        });
        return 0;
      };
    };
  };

  auto* show = hazard->add_subcommand("show", "a record with every step of its life");
  hazard_id_option(show);
  show->callback(hazard_step("show", "", true));

  auto* add = hazard->add_subcommand("add", "record what an inspection found (企业自查)");
  text_options(add, {{"category", "the 判定标准 category, e.g. 瓦斯超限作业"},
                     {"clause", "the article and item, e.g. 第五条(二)"},
                     {"description", "what was found"},
                     {"point", "the point it concerns, if any"}});
  add->callback(hazard_step("add", "opened", false));

  auto* plan = hazard->add_subcommand(
      "plan", "整改方案 for what cannot be fixed at once (then: rectifying)");
  hazard_id_option(plan);
  text_options(plan, {{"responsible", "责任人 (required)"},
                      {"measures", "措施"},
                      {"funds", "资金, as written: 2万元"},
                      {"deadline", "期限 YYYY-MM-DD (required)"},
                      {"contingency", "应急预案"}});
  plan->callback(hazard_step("plan", "planned", true));

  for (const auto& [name, description, verb] :
       {std::tuple{"rectify", "rectified: what was done", "rectified"},
        std::tuple{"close", "销号: accepted, by someone other than the rectifier", "closed"},
        std::tuple{"reopen", "open again a rectified or closed record, with why", "reopened"}}) {
    auto* sub = hazard->add_subcommand(name, description);
    hazard_id_option(sub);
    text_options(sub, {{"note", "what was done, or why (required)"}});
    sub->callback(hazard_step(name, verb, true));
  }

  std::string report_month;
  bool report_csv = false;
  auto* report = app.add_subcommand("report", "the month's 调度表 counts from the 隐患台账");
  report->add_option("--month", report_month, "YYYY-MM (default: this month)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            if (text.size() == 7 && text[4] == '-' && is_calendar_date(text + "-01")) return {};
            return "'" + text + "' is not a month YYYY-MM";
          },
          "YYYY-MM"));
  report->add_flag("--csv", report_csv, "CSV for a spreadsheet (instead of the table or --json)");
  report->callback([&] {
    action = [&](Session& s) {
      const std::string month =
          report_month.empty() ? local_month_of(WallClock::now()) : report_month;
      const json result = s.call("report", {{"month", month}});
      if (report_csv) {
        s.out() << render_report_csv(result);
        return 0;
      }
      s.show(result, [&](const RenderOptions& o) { return render_report(result, o); });
      return 0;
    };
  });

  // Commissioning (issue 15 item 4): the daemon checks the arguments (unit 1-247, address and
  // count inside 0-65535, count up to 125, the type and order names), so the console and any other
  // client of the socket get the same answers; the client only shapes them.
  struct ProbeArgs {
    std::string bus;
    int unit = 0;
    std::string table = "holding";
    std::int64_t address = -1;
    int count = 1;
    std::string type;
    std::string order;
    std::optional<double> scale;
  };
  ProbeArgs probe_args;
  auto* probe = app.add_subcommand(
      "probe", "read a device through its bus and decode the values every way (commissioning)");
  probe->add_option("BUS", probe_args.bus, "the bus's name ([[bus]] name)")->required();
  probe->add_option("--unit", probe_args.unit, "the device's unit id, 1-247")->required();
  probe->add_option("--table", probe_args.table, "holding, input, coil or discrete")
      ->capture_default_str();
  probe->add_option("--address", probe_args.address, "the first 0-based wire address, 0-65535")
      ->required();
  probe->add_option("--count", probe_args.count, "how many registers or bits, 1-125")
      ->capture_default_str();
  probe->add_option("--type", probe_args.type,
                    "mark this decode: int16, uint16, int32, uint32, float32, int64, uint64, "
                    "float64");
  probe->add_option("--order", probe_args.order, "mark this byte order: ABCD, CDAB, BADC, DCBA");
  probe->add_option("--scale", probe_args.scale, "multiply the decoded values by this");
  probe->callback([&] {
    action = [&](Session& s) {
      json args{{"bus", probe_args.bus},
                {"unit", probe_args.unit},
                {"table", probe_args.table},
                {"address", probe_args.address},
                {"count", probe_args.count}};
      if (!probe_args.type.empty()) args["type"] = probe_args.type;
      if (!probe_args.order.empty()) args["order"] = probe_args.order;
      if (probe_args.scale) args["scale"] = *probe_args.scale;
      const json result = s.call("probe", args);
      s.show(result, [&](const RenderOptions& o) { return render_probe(result, o); });
      return result.is_object() && result.value("answered", false) ? 0 : 1;
    };
  });

  std::string scan_bus;
  std::string scan_units = "1-247";
  std::string scan_table;
  std::optional<std::int64_t> scan_address;
  auto* scan = app.add_subcommand(
      "scan", "list the unit ids that answer on a bus, between its regular polls (commissioning)");
  scan->add_option("BUS", scan_bus, "the bus's name ([[bus]] name)")->required();
  scan->add_option("--units", scan_units, "the unit ids to try: N or A-B within 1-247")
      ->capture_default_str();
  scan->add_option("--table", scan_table,
                   "what each unit is asked for: holding (default), input, coil or discrete");
  scan->add_option("--address", scan_address,
                   "the 0-based wire address asked of each unit, 0-65535 (default 0)");
  scan->callback([&] {
    action = [&](Session& s) {
      json args{{"bus", scan_bus}, {"units", scan_units}};
      // Only when given: the daemon's defaults are holding register 0, and the plain scan stays
      // the request it always was.
      if (!scan_table.empty()) args["table"] = scan_table;
      if (scan_address) args["address"] = *scan_address;
      json progress_report = s.call("scan", args);
      // The scan runs in the daemon, a few units per turn of the bus; follow it to the end.
      std::string last_line;
      while (progress_report.value("state", "") == "running" ||
             progress_report.value("state", "") == "queued") {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        progress_report = s.call("scan-status", {{"bus", scan_bus}});
        if (!s.globals().json) {
          const std::string line = scan_progress_line(progress_report);
          if (line != last_line) s.progress(line);
          last_line = line;
        }
      }
      s.show(progress_report,
             [&](const RenderOptions& o) { return render_scan(progress_report, o); });
      return progress_report.value("state", "") == "done" ? 0 : 1;
    };
  });

  app.add_subcommand("verify-ledger", "check the alarm ledger's hash chain (exit 1 if broken)")
      ->callback([&] {
        action = [](Session& s) {
          const json result = s.call("verify-ledger");
          s.show(result, [&](const RenderOptions& o) { return render_ledger(result, o); });
          return result.is_object() && result.value("intact", false) ? 0 : 1;
        };
      });

  app.add_subcommand("reload", "re-read the config; a bad one is refused (exit 1), the old runs on")
      ->callback([&] {
        action = [](Session& s) {
          const json result = s.call("reload");
          s.show(result, [&](const RenderOptions& o) { return render_reload(result, o); });
          return result.is_object() && result.value("ok", false) ? 0 : 1;
        };
      });

  std::string interval = "1s";
  std::int64_t count = 0;
  auto* watch =
      app.add_subcommand("watch", "status and alarms, redrawn every second (Ctrl-C stops)");
  watch->add_option("--interval", interval, "time between screens")
      ->check(duration_check())
      ->capture_default_str();
  watch->add_option("--count", count, "stop after this many screens (0: never)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  watch->callback([&] {
    action = [&](Session& s) {
      WatchSettings settings;
      settings.socket_path = s.globals().socket;
      settings.timeout = s.timeout();
      settings.interval = *parse_duration(interval);
      settings.count = count;
      settings.redraw = !s.globals().json && is_terminal(STDOUT_FILENO);
      settings.color = !s.globals().json && color_wanted(STDOUT_FILENO);
      settings.utc = s.globals().utc;
      settings.json = s.globals().json;
      return run_watch(settings, s.out());
    };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }

  try {
    Session session(globals, out, err);
    return action ? action(session) : static_cast<int>(ExitCode::usage);
  } catch (const ClientError& e) {
    out.flush();
    err << "sitewatchctl: " << e.what() << '\n';
    return static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    // A view tripping over an answer it cannot read: the daemon speaks something else.
    out.flush();
    err << "sitewatchctl: unexpected answer from sitewatchd: " << e.what() << '\n';
    return static_cast<int>(ExitCode::timeout_or_protocol);
  }
}

}  // namespace sw::console
