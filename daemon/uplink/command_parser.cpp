// SPDX-License-Identifier: Apache-2.0
#include "uplink/command_parser.hpp"

#include <algorithm>
#include <array>

#include "core/untrusted_text.hpp"
#include "uplink/time_text.hpp"

namespace sw::uplink {

namespace {

using nlohmann::json;

enum class ArgType { text, time, id };  // id: a whole number ≥ 1

struct ArgSpec {
  std::string_view name;
  ArgType type;
  std::size_t max_length = 0;  // for text
};

// Every command and its arguments, declared once; all arguments are required.
struct CommandSpec {
  std::string_view name;
  std::array<ArgSpec, 4> args;
  std::size_t arg_count;
};

constexpr std::array<CommandSpec, 8> kCommands{{
    {"ack_alarm",
     {{{"alarm_id", ArgType::text, 64}, {"by", ArgType::text, kMaxOperatorNameBytes}}},
     2},
    // Maintenance from the platform; past max_out_of_service the alarm book raises `masked`.
    {"remove_from_service",
     {{{"alarm_id", ArgType::text, 64}, {"by", ArgType::text, kMaxOperatorNameBytes}}},
     2},
    {"return_to_service",
     {{{"alarm_id", ArgType::text, 64}, {"by", ArgType::text, kMaxOperatorNameBytes}}},
     2},
    {"request_status", {}, 0},
    {"resend", {{{"from", ArgType::time}, {"to", ArgType::time}}}, 2},
    // The 隐患台账 (issue 14): a supervising department's finding (部门检查), 挂牌督办 of a record,
    // the month's 调度表.
    {"add_department_finding",
     {{{"category", ArgType::text, 128},
       {"clause", ArgType::text, 256},
       {"description", ArgType::text, 1024},
       {"by", ArgType::text, kMaxOperatorNameBytes}}},
     4},
    {"set_supervised",
     {{{"hazard_id", ArgType::id}, {"by", ArgType::text, kMaxOperatorNameBytes}}},
     2},
    {"request_report", {{{"month", ArgType::text, 7}}}, 1},
}};

constexpr std::size_t kMaxIdLength = 128;
constexpr std::size_t kMaxEchoedLength = 64;

// Text of the sender's that goes back into a reason: shortened, so a reply cannot be inflated.
// Escaped as well: the reason is logged, and a key may hold a newline or a terminal escape.
std::string echo(std::string_view text) {
  return escape_for_log(text, kMaxEchoedLength);
}

bool is_signature_text(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string type_name(const json& v) {
  return std::string(v.type_name());
}

std::string known_names() {
  std::string out;
  for (const auto& c : kCommands) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

const CommandSpec* find_spec(const std::string& name) {
  for (const auto& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

// Checks one argument; returns the reason it is refused, or the normalised value in `out`.
std::optional<std::string> check_arg(const ArgSpec& spec, const json& value,
                                     const CommandLimits& limits, json& out) {
  const std::string name(spec.name);
  switch (spec.type) {
    case ArgType::text: {
      if (!value.is_string())
        return "args." + name + ": expected a string, got " + type_name(value);
      const auto& s = value.get_ref<const std::string&>();
      if (s.empty() || s.size() > spec.max_length)
        return "args." + name + ": expected 1.." + std::to_string(spec.max_length) + " bytes";
      if (has_control_characters(s)) return "args." + name + ": control characters";
      out = s;
      return std::nullopt;
    }
    case ArgType::id: {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 1)
        return "args." + name + ": expected a whole number ≥ 1, got " + echo(value.dump());
      out = value.get<std::int64_t>();
      return std::nullopt;
    }
    case ArgType::time: {
      const auto t = parse_time_value(value, limits.compact_time_is_local, limits.compact_offset);
      if (!t)
        return "args." + name +
               ": expected a time: epoch milliseconds, RFC 3339 (2026-11-29T01:55:43Z) or "
               "yyyyMMddHHmmss";
      out = to_epoch_ms(*t);
      return std::nullopt;
    }
  }
  return "args." + name + ": unsupported";
}

// Checks between arguments, once each is valid on its own.
std::optional<std::string> check_command(const std::string& name, const json& args,
                                         const CommandLimits& limits) {
  if (name == "resend") {
    const auto from = args.at("from").get<std::int64_t>();
    const auto to = args.at("to").get<std::int64_t>();
    if (to <= from) return "args: 'to' must be after 'from'";
    if (to - from > limits.max_resend_range.count())
      return "args: the range exceeds the longest allowed (" +
             format_duration(limits.max_resend_range) + ")";
  }
  return std::nullopt;
}

}  // namespace

std::string signed_text(std::string_view id, std::int64_t time_ms, std::string_view cmd,
                        const nlohmann::json& args) {
  std::string out;
  out.append(id).append("\n").append(std::to_string(time_ms)).append("\n").append(cmd);
  // Compact, keys sorted (nlohmann keeps objects sorted): json.dumps(args, sort_keys=True,
  // separators=(",", ":"), ensure_ascii=False) in Python.
  out.append("\n").append(args.dump(-1, ' ', false, json::error_handler_t::strict));
  return out;
}

std::size_t json_nesting_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '{':
      case '[':
        deepest = std::max(deepest, ++depth);
        if (deepest > limit) return deepest;
        break;
      case '}':
      case ']':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

std::vector<std::string> CommandParser::names() {
  std::vector<std::string> out;
  for (const auto& c : kCommands) out.emplace_back(c.name);
  return out;
}

std::variant<Command, CommandRejection> CommandParser::parse(std::string_view payload) const {
  if (payload.size() > limits_.max_bytes)
    return CommandRejection{std::nullopt,
                            {},
                            "payload of " + std::to_string(payload.size()) +
                                " bytes exceeds the limit of " + std::to_string(limits_.max_bytes)};
  // nlohmann's parser recurses per level: refuse deep nesting before it sees the text.
  if (json_nesting_depth(payload, limits_.max_depth) > limits_.max_depth)
    return CommandRejection{
        std::nullopt, {}, "nesting deeper than " + std::to_string(limits_.max_depth)};
  json doc;
  try {
    doc = json::parse(payload.begin(), payload.end(), nullptr, /*allow_exceptions=*/false);
  } catch (const std::exception& e) {
    return CommandRejection{std::nullopt, {}, std::string("not JSON: ") + e.what()};
  }
  if (doc.is_discarded()) return CommandRejection{std::nullopt, {}, "not JSON"};
  if (!doc.is_object())
    return CommandRejection{std::nullopt, {}, "expected a JSON object, got " + type_name(doc)};

  CommandRejection reject;
  const auto id = doc.find("id");
  if (id == doc.end()) return CommandRejection{std::nullopt, {}, "missing 'id'"};
  if (!id->is_string())
    return CommandRejection{std::nullopt, {}, "'id': expected a string, got " + type_name(*id)};
  const auto& id_text = id->get_ref<const std::string&>();
  if (id_text.empty() || id_text.size() > kMaxIdLength || has_control_characters(id_text))
    return CommandRejection{
        std::nullopt,
        {},
        "'id': expected 1.." + std::to_string(kMaxIdLength) + " bytes without control characters"};
  reject.id = id_text;

  for (const auto& [key, value] : doc.items()) {
    if (key != "id" && key != "cmd" && key != "args" && key != "time" && key != "sig") {
      reject.reason = "unknown field '" + echo(key) + "'; allowed are id, cmd, args, time, sig";
      return reject;
    }
  }
  std::optional<std::int64_t> signed_at;
  std::optional<std::string> sig;
  if (const auto t = doc.find("time"); t != doc.end()) {
    if (!t->is_number_integer() || t->get<std::int64_t>() < 0) {
      reject.reason = "'time': expected epoch milliseconds (a whole number)";
      return reject;
    }
    signed_at = t->get<std::int64_t>();
  }
  if (const auto g = doc.find("sig"); g != doc.end()) {
    if (!g->is_string() || !is_signature_text(g->get_ref<const std::string&>())) {
      reject.reason = "'sig': expected 64 lowercase hex digits (HMAC-SHA256)";
      return reject;
    }
    sig = g->get<std::string>();
  }
  if (signed_at.has_value() != sig.has_value()) {
    reject.reason = "'time' and 'sig' come together: a signed command carries both";
    return reject;
  }
  const auto cmd = doc.find("cmd");
  if (cmd == doc.end()) {
    reject.reason = "missing 'cmd'";
    return reject;
  }
  if (!cmd->is_string()) {
    reject.reason = "'cmd': expected a string, got " + type_name(*cmd);
    return reject;
  }
  const auto& name = cmd->get_ref<const std::string&>();
  reject.cmd = echo(name);
  const CommandSpec* spec = find_spec(name);
  if (spec == nullptr) {
    reject.reason = "unknown cmd '" + echo(name) + "'; known are " + known_names();
    return reject;
  }

  json given = json::object();
  if (const auto args = doc.find("args"); args != doc.end()) {
    if (!args->is_object()) {
      reject.reason = "'args': expected an object, got " + type_name(*args);
      return reject;
    }
    given = *args;
  }
  Command out{id_text, name, json::object(), signed_at, sig, {}};
  if (sig) out.signed_text = signed_text(id_text, *signed_at, name, given);
  for (const auto& [key, value] : given.items()) {
    // A copy, not the binding: clang 14 (the fuzz build) cannot capture structured bindings.
    const std::string& name_given = key;
    const auto* arg = std::find_if(spec->args.begin(), spec->args.begin() + spec->arg_count,
                                   [&](const ArgSpec& a) { return a.name == name_given; });
    if (arg == spec->args.begin() + spec->arg_count) {
      std::string allowed;
      for (std::size_t i = 0; i < spec->arg_count; ++i)
        allowed += (allowed.empty() ? "" : ", ") + std::string(spec->args[i].name);
      reject.reason = "unknown argument '" + echo(key) + "' for " + name + "; " +
                      (allowed.empty() ? "it takes none" : "allowed are " + allowed);
      return reject;
    }
    json normalised;
    if (auto problem = check_arg(*arg, value, limits_, normalised)) {
      reject.reason = *problem;
      return reject;
    }
    out.args[key] = std::move(normalised);
  }
  for (std::size_t i = 0; i < spec->arg_count; ++i) {
    const std::string arg_name(spec->args[i].name);
    if (!out.args.contains(arg_name)) {
      reject.reason = "missing argument '" + arg_name + "' for " + name;
      return reject;
    }
  }
  if (auto problem = check_command(name, out.args, limits_)) {
    reject.reason = *problem;
    return reject;
  }
  return out;
}

}  // namespace sw::uplink
