// SPDX-License-Identifier: Apache-2.0
#include "hazard_commands.hpp"

#include <limits>

#include <spdlog/spdlog.h>

#include "console/access.hpp"
#include "console/console_error.hpp"
#include "console/handler_args.hpp"
#include "core/calendar_date.hpp"
#include "core/untrusted_text.hpp"
#include "gateway.hpp"
#include "store/hazard_record_json.hpp"

namespace sw {

namespace {

using console::ConsoleError;
using console::ErrorCode;
using nlohmann::json;
using store::HazardRecord;
using store::HazardRegister;

json text_or_null(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

json record_json(const HazardRecord& r, WallTime now) {
  json out = store::hazard_record_json(r, [](WallTime t) { return json(format_iso8601(t)); });
  out["id"] = r.id;
  out["updated_at"] = format_iso8601(r.updated_at);
  out["deadline"] = text_or_null(r.plan.deadline);
  out["overdue"] = store::is_overdue(r, now);
  return out;
}

std::int64_t id_arg(const json& args) {
  const auto id =
      console::optional_int_arg(args, "id", 1, std::numeric_limits<std::int64_t>::max());
  if (!id) throw ConsoleError(ErrorCode::bad_request, "missing argument \"id\"");
  return *id;
}

// The named person who signs (compared for 销号) and who the kernel says asked.
store::HazardSigner signer(const json& args, const console::Peer& peer) {
  const std::string by = console::optional_string_arg(args, "by").value_or("");
  if (!by.empty())
    if (auto problem = operator_name_problem(by))
      throw ConsoleError(ErrorCode::bad_request, "argument \"by\": " + *problem);
  return {by, console::describe(peer)};
}

std::string text_arg(const json& args, const char* key) {
  return console::optional_string_arg(args, key).value_or("");
}

// One step through the gateway (its message then sent); a refusal changes nothing.
json step(Gateway& g, const char* name, std::int64_t id, const store::HazardSigner& s,
          const GatewayStore::HazardStepFn& fn) {
  try {
    const HazardRecord after = g.hazard_step(fn);
    spdlog::info("[console] hazard {} {} by {} ({}): now {}", name, after.id, escape_for_log(s.by),
                 s.peer, store::to_string(after.state));
    return record_json(after, WallClock::now());
  } catch (const store::HazardRefused& e) {
    spdlog::info("[console] hazard {} {} by {} ({}) refused: {}", name, id, escape_for_log(s.by),
                 s.peer, e.what());
    throw ConsoleError(ErrorCode::refused, e.what());
  }
}

}  // namespace

void add_hazard_commands(console::CommandTable& t, Gateway& g) {
  using console::Access;

  t.add(
      "hazards",
      "records of the 隐患台账: not closed, or all (args: all, state, since: opened since)",
      [&g](const json& args) {
        const bool all = console::bool_arg(args, "all", false);
        const auto state_name = console::optional_string_arg(args, "state");
        std::optional<store::HazardState> state;
        if (state_name) {
          state = store::hazard_state_from_string(*state_name);
          if (!state)
            throw ConsoleError(ErrorCode::bad_request,
                               "argument \"state\" must be one of open, rectifying, rectified, "
                               "closed, not \"" +
                                   *state_name + "\"");
        }
        const auto since = console::optional_time_arg(args, "since");
        std::vector<HazardRecord> records;
        g.store().read_hazards([&](HazardRegister& r) { records = r.list(all || state || since); });
        const WallTime now = WallClock::now();
        json out = json::array();
        for (const auto& r : records) {
          if (state && r.state != *state) continue;
          if (since && r.opened_at < *since) continue;
          out.push_back(record_json(r, now));
        }
        return out;
      });

  t.add("hazard-show", "one record of the 隐患台账 with every step of its life (args: id)",
        [&g](const json& args) {
          const std::int64_t id = id_arg(args);
          std::optional<HazardRecord> record;
          std::vector<store::HazardStep> steps;
          store::HazardChainVerdict chain;
          g.store().read_hazards([&](HazardRegister& r) {
            record = r.find(id);
            if (record) steps = r.steps(id);
            chain = r.verify();
          });
          if (!record)
            throw ConsoleError(ErrorCode::refused, "no hazard with id " + std::to_string(id));
          json out = record_json(*record, WallClock::now());
          json list = json::array();
          for (const auto& s : steps) {
            json hashed = json::parse(s.step_json, nullptr, false);
            if (!hashed.is_object()) hashed = json::object();
            hashed.erase("hazard_id");
            hashed.erase("time_ms");
            hashed["step_seq"] = s.seq;
            hashed["time"] = format_iso8601(s.time);
            list.push_back(std::move(hashed));
          }
          out["steps"] = std::move(list);
          out["chain"] = {{"intact", chain.intact},
                          {"steps", chain.steps},
                          {"problem", text_or_null(chain.problem)}};
          return out;
        });

  t.add("hazard-add",
        "open a record for an inspection finding (args: category, clause, description, point, "
        "by)",
        Access::operate, [&g](const json& args, const console::Peer& peer) {
          const store::HazardSigner s = signer(args, peer);
          store::NewHazard h{store::HazardSource::self_inspection,
                             false,
                             text_arg(args, "category"),
                             text_arg(args, "clause"),
                             text_arg(args, "description"),
                             text_arg(args, "point"),
                             s.by,
                             s.peer};
          return step(g, "add", 0, s,
                      [&](HazardRegister& r) { return r.add(h, WallClock::now()); });
        });

  t.add("hazard-plan",
        "整改方案 for what cannot be fixed at once: now rectifying (args: id, by, responsible, "
        "measures, funds, deadline YYYY-MM-DD, contingency)",
        Access::operate, [&g](const json& args, const console::Peer& peer) {
          const std::int64_t id = id_arg(args);
          const store::HazardSigner s = signer(args, peer);
          const store::HazardPlan p{text_arg(args, "responsible"), text_arg(args, "measures"),
                                    text_arg(args, "funds"), text_arg(args, "deadline"),
                                    text_arg(args, "contingency")};
          return step(g, "plan", id, s,
                      [&](HazardRegister& r) { return r.plan(id, p, s, WallClock::now()); });
        });

  const auto signed_step = [&t, &g](const char* name, const char* description,
                                    HazardRecord (HazardRegister::*fn)(
                                        std::int64_t, const std::string&,
                                        const store::HazardSigner&, WallTime)) {
    t.add(std::string("hazard-") + name, description, Access::operate,
          [&g, name, fn](const json& args, const console::Peer& peer) {
            const std::int64_t id = id_arg(args);
            const store::HazardSigner s = signer(args, peer);
            const std::string note = text_arg(args, "note");
            return step(g, name, id, s,
                        [&](HazardRegister& r) { return (r.*fn)(id, note, s, WallClock::now()); });
          });
  };
  signed_step("rectify", "the record is rectified: what was done (args: id, by, note)",
              &HazardRegister::rectify);
  signed_step("close",
              "销号: accept a rectified record, by someone other than its rectifier (args: id, "
              "by, note)",
              &HazardRegister::close);
  signed_step("reopen", "open a rectified or closed record again, with why (args: id, by, note)",
              &HazardRegister::reopen);
}

}  // namespace sw
