// SPDX-License-Identifier: Apache-2.0
#include "uplink/message_format.hpp"

#include <algorithm>
#include <set>

namespace sw::uplink {

namespace {

bool is_envelope_field(std::string_view name) {
  return std::find(kEnvelopeFields.begin(), kEnvelopeFields.end(), name) != kEnvelopeFields.end();
}

std::string envelope_field_list() {
  std::string out;
  for (const auto f : kEnvelopeFields) out += (out.empty() ? "" : ", ") + std::string(f);
  return out;
}

// A JSON key the platform can read back: printable, no quotes or control characters.
bool acceptable_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::none_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || c == '"' || c == '\\' || u == 0x7f;
  });
}

void parse_field_names(const toml::node& node, MessageFormat& out, const config::Context& ctx) {
  const toml::table* fields = node.as_table();
  if (fields == nullptr)
    ctx.fail(node, "fields",
             "expected a table such as { id = \"dataId\", time = \"collectTime\" }");
  const config::Context fctx = ctx.child("fields");
  for (const auto& [key, value] : *fields) {
    const std::string field(key.str());
    if (!is_envelope_field(field))
      fctx.fail(value, field,
                "only envelope fields can be renamed; allowed are: " + envelope_field_list());
    const auto name = value.value_exact<std::string>();
    if (!name) fctx.fail(value, field, "expected the new name as a string");
    if (!acceptable_name(*name))
      fctx.fail(value, field,
                "expected a name of 1..64 characters without quotes, backslashes or control "
                "characters");
    out.field_names[field] = *name;
  }
  // Two fields written under one name would make the message ambiguous.
  std::set<std::string> seen;
  for (const auto f : kEnvelopeFields) {
    const std::string name = out.name_of(std::string(f));
    if (!seen.insert(name).second) {
      const toml::node* at = fields->get(std::string(f));
      fctx.fail(at != nullptr ? *at : node, std::string(f),
                "the name \"" + name + "\" is already used by another envelope field");
    }
  }
}

}  // namespace

std::optional<Millis> parse_utc_offset(std::string_view s) {
  if (s == "Z") return Millis{0};
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return std::nullopt;
  const auto digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (!digit(1) || !digit(2) || !digit(4) || !digit(5)) return std::nullopt;
  const int hours = (s[1] - '0') * 10 + (s[2] - '0');
  const int minutes = (s[4] - '0') * 10 + (s[5] - '0');
  if (hours > 14 || minutes > 59) return std::nullopt;
  const Millis offset = std::chrono::minutes{hours * 60 + minutes};
  return s[0] == '-' ? -offset : offset;
}

const config::Options<MessageFormat>& message_format_options() {
  static const auto opts = [] {
    config::Options<MessageFormat> o("uplink.format");
    o.add("time_format", &MessageFormat::time_format,
          "how times are written: RFC 3339 UTC, epoch milliseconds, or yyyyMMddHHmmss");
    o.add("utc_offset", &MessageFormat::utc_offset,
          "the offset yyyyMMddHHmmss times are written at (\"+08:00\": Beijing time, as "
          "provincial platforms expect; \"Z\" for UTC)")
        .check([](const MessageFormat& f) { return parse_utc_offset(f.utc_offset).has_value(); },
               "expected an offset like \"+08:00\", \"-05:30\" or \"Z\"");
    o.add("local_time", &MessageFormat::local_time,
          "write yyyyMMddHHmmss in the gateway's own time zone instead, whatever utc_offset says")
        .check(
            [](const MessageFormat& f) {
              return !f.local_time || f.time_format == TimeFormat::compact;
            },
            "local_time applies only to time_format = \"yyyyMMddHHmmss\" (RFC 3339 and epoch "
            "milliseconds are always UTC)");
    return o;
  }();
  return opts;
}

MessageFormat parse_message_format(const toml::table& table, const config::Context& ctx) {
  MessageFormat out;
  // local_time's check reads time_format: parse in declaration order regardless of the file's.
  message_format_options().parse(table, out, ctx, {"fields"});
  out.offset = *parse_utc_offset(out.utc_offset);  // checked by the option
  if (const toml::node* fields = table.get("fields")) parse_field_names(*fields, out, ctx);
  return out;
}

}  // namespace sw::uplink
