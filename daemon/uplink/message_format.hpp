#pragma once
// The envelope every message carries, configurable because provincial platforms differ (DOMAIN.md §2):
// field names and the time format. Parsed from [uplink.format].
#include <map>
#include <string>

#include "config/options.hpp"

namespace sw::uplink {

enum class TimeFormat { iso8601, epoch_ms, compact };  // compact = yyyyMMddHHmmss

struct MessageFormat {
  TimeFormat time_format = TimeFormat::iso8601;
  bool local_time = false;               // for compact: local time instead of UTC
  // Renames of envelope fields: {"id" = "dataId", "time" = "collectTime", ...}
  std::map<std::string, std::string> field_names;
  std::string name_of(const std::string& field) const {
    auto it = field_names.find(field);
    return it == field_names.end() ? field : it->second;
  }
};

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
