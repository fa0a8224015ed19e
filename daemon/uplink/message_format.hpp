// SPDX-License-Identifier: Apache-2.0
#pragma once
// The envelope every message carries, configurable because provincial platforms differ
// (DOMAIN.md §2): the names of the envelope's fields and the time format. Parsed from
// [uplink.format]; what is inside `data` is fixed and documented in docs/messages.md.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "options/options.hpp"

namespace sw::uplink {

enum class TimeFormat { iso8601, epoch_ms, compact };  // compact = yyyyMMddHHmmss

// The envelope's fields in the order they are written; `resent` is always last so that marking a
// message as re-sent is a rewrite of its tail (MessageEncoder::mark_resent).
inline constexpr std::array<std::string_view, 10> kEnvelopeFields{
    "version", "id", "seq", "enterprise", "gateway", "site_type", "kind", "time", "data", "resent"};

struct MessageFormat {
  TimeFormat time_format = TimeFormat::iso8601;
  // yyyyMMddHHmmss carries no zone: it is written at `utc_offset` (default Beijing time, which
  // provincial platforms expect), or in the gateway's own time zone when `local_time` is set.
  bool local_time = false;
  std::string utc_offset = "+08:00";
  Millis offset{std::chrono::hours(8)};  // utc_offset, parsed
  // Renames of envelope fields: {"id" = "dataId", "time" = "collectTime", ...}
  std::map<std::string, std::string> field_names;
  std::string name_of(const std::string& field) const {
    auto it = field_names.find(field);
    return it == field_names.end() ? field : it->second;
  }

  bool operator==(const MessageFormat&) const = default;
};

const config::Options<MessageFormat>& message_format_options();

// "+08:00", "-05:30", "Z" as an offset from UTC; nullopt for anything else.
std::optional<Millis> parse_utc_offset(std::string_view text);

// Parses [uplink.format]: time_format, local_time, utc_offset, and `fields = { id = "dataId", ...
// }`. Only envelope fields may be renamed; an unknown field, an empty name or two fields sharing
// one name is an error naming file:line:column.
MessageFormat parse_message_format(const toml::table& table, const config::Context& ctx);

}  // namespace sw::uplink

namespace sw::config {
template <>
struct EnumNames<uplink::TimeFormat> {
  static constexpr std::array<std::pair<uplink::TimeFormat, std::string_view>, 3> values{{
      {uplink::TimeFormat::iso8601, "iso8601"},
      {uplink::TimeFormat::epoch_ms, "epoch_ms"},
      {uplink::TimeFormat::compact, "yyyyMMddHHmmss"},
  }};
};
}  // namespace sw::config
