// SPDX-License-Identifier: Apache-2.0
#include "uplink/message_encoder.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sw::uplink {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Text from devices and operators may carry invalid UTF-8: replace it rather than throw.
template <class J>
std::string dump(const J& j) {
  return j.dump(-1, ' ', false, J::error_handler_t::replace);
}

// NaN and infinities have no JSON form.
ordered_json number(double v) {
  return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr);
}

// Appends `s` as a JSON string. Plain printable ASCII (ids, most units) goes in as it is; anything
// else takes nlohmann's escaping, which also replaces invalid UTF-8 from devices.
void append_json_string(std::string& out, const std::string& s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
  });
  if (!plain) {
    out += dump(json(s));
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

// Appends a number as nlohmann writes a double (shortest round-trip form, an integral value with
// ".0"), or null for NaN and infinities, which have no JSON form.
void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc{}) {
    out += dump(json(v));
    return;
  }
  out.append(buf, end);
  if (std::none_of(buf, end, [](char c) { return c == '.' || c == 'e' || c == 'n' || c == 'i'; }))
    out += ".0";
}

// A time value (a string or an integer) for an ordered object.
ordered_json ordered_time(const json& t) {
  return t.is_string() ? ordered_json(t.get<std::string>()) : ordered_json(t.get<std::int64_t>());
}

}  // namespace

MessageEncoder::MessageEncoder(GatewayIdentity identity, MessageFormat format)
    : identity_(std::move(identity)),
      format_(std::move(format)),
      resent_false_(dump(json(format_.name_of("resent"))) + ":false}"),
      resent_true_(dump(json(format_.name_of("resent"))) + ":true}") {}

json MessageEncoder::time_value(WallTime t) const {
  switch (format_.time_format) {
    case TimeFormat::epoch_ms:
      return to_epoch_ms(t);
    case TimeFormat::compact:
      return format_.local_time ? format_compact(t, true)
                                : format_compact(t + format_.offset, false);
    case TimeFormat::iso8601:
      break;
  }
  return format_iso8601(t);
}

void MessageEncoder::append_time(std::string& out, WallTime t) const {
  switch (format_.time_format) {
    case TimeFormat::epoch_ms: {
      char buf[24];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, to_epoch_ms(t));
      out.append(buf, end);
      return;
    }
    case TimeFormat::compact:
      out += '"';
      out +=
          format_.local_time ? format_compact(t, true) : format_compact(t + format_.offset, false);
      out += '"';
      return;
    case TimeFormat::iso8601:
      break;
  }
  out += '"';
  out += format_iso8601(t);
  out += '"';
}

std::string MessageEncoder::format_time(WallTime t) const {
  const json v = time_value(t);
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string MessageEncoder::envelope(const std::string& kind, const std::string& id,
                                     std::int64_t seq, WallTime time,
                                     const std::string& data_json) const {
  // Written by hand rather than through a JSON object: the order is part of the format (resent
  // last) and `data` is already encoded.
  std::string out;
  out.reserve(data_json.size() + 256);
  const auto field = [&](const char* name, const std::string& value_json) {
    out += out.empty() ? "{" : ",";
    out += dump(json(format_.name_of(name)));
    out += ':';
    out += value_json;
  };
  field("version", std::to_string(kMessageFormatVersion));
  field("id", dump(json(id)));
  field("seq", std::to_string(seq));
  field("enterprise", dump(json(identity_.enterprise)));
  field("gateway", dump(json(identity_.gateway)));
  field("site_type", dump(json(identity_.site_type)));
  field("kind", dump(json(kind)));
  field("time", dump(time_value(time)));
  field("data", data_json);
  out += ',';
  out += resent_false_;
  return out;
}

std::string MessageEncoder::alarm(const AlarmEvent& e, const std::string& id,
                                  std::int64_t seq) const {
  ordered_json data{
      {"alarm_id", e.alarm_id},
      {"event_id", e.event_id},
      {"event", std::string(to_string(e.kind))},
      {"state", std::string(to_string(e.state))},
      {"shelved", e.shelved},
      {"rule", e.rule},
      {"level", e.level},
      {"priority", e.priority},
      {"point", e.point.id},
      {"point_name", e.point.name},
      {"device", e.point.device},
      {"bus", e.point.bus},
      {"location", e.point.location},
      {"quantity", e.point.quantity},
      {"unit", e.point.unit},
      {"value", number(e.value)},
      {"threshold", e.threshold ? number(*e.threshold) : ordered_json(nullptr)},
      {"peak", number(e.peak)},
      {"major_hazard", e.major_hazard},
      {"hazard_category", e.hazard_category},
      {"clause", e.clause},
      {"message", e.message},
      {"by", e.by},
      {"raised_at", ordered_time(time_value(e.raised_at))},
  };
  // A `chattering` step counts the condition steps held back from the platform (issue 18).
  if (e.chatter)
    data["chatter"] = ordered_json{{"held", e.chatter->held},
                                   {"raised", e.chatter->raised},
                                   {"cleared", e.chatter->cleared},
                                   {"since", ordered_time(time_value(e.chatter->since))},
                                   {"settled", e.chatter->settled}};
  return envelope("alarm", id, seq, e.time, dump(data));
}

std::string MessageEncoder::telemetry(const std::vector<Sample>& samples,
                                      const std::vector<PointInfo>& points, bool snapshot,
                                      const std::string& id, std::int64_t seq,
                                      WallTime time) const {
  // Written straight into one string, not through a JSON tree: telemetry carries every changed
  // point of the site, and building an object per point cost more than the rest of the turn.
  // The same fields and order as the other kinds: point, value, quality, unit, time, reason?, text?
  std::string data;
  data.reserve(64 + samples.size() * 96);
  data += snapshot ? R"({"snapshot":true,"points":[)" : R"({"snapshot":false,"points":[)";
  static const std::string kNoText;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const Sample& s = samples[i];
    const PointInfo* info = s.point < points.size() ? &points[s.point] : nullptr;
    const bool good = s.quality == Quality::good;
    // Past the measuring range on a known side: the range limit, flagged (never a made-up number).
    const bool limit = s.over_range != RangeSide::none;
    data += i == 0 ? R"({"point":)" : R"(,{"point":)";
    append_json_string(data, info != nullptr ? info->id : kNoText);
    data += R"(,"value":)";
    append_json_number(data, good || limit ? s.value : std::nan(""));
    data += R"(,"quality":")";
    data += to_string(s.quality);  // fixed ASCII names
    data += R"(","unit":)";
    append_json_string(data, info != nullptr ? info->unit : kNoText);
    data += R"(,"time":)";
    append_time(data, s.time);
    if (limit) {
      data += R"(,"over_range":")";
      data += to_string(s.over_range);  // "high" or "low"
      data += '"';
    }
    if (!s.reason.empty()) {
      data += R"(,"reason":)";
      append_json_string(data, s.reason);
    }
    if (!s.text.empty() && good) {
      data += R"(,"text":)";
      append_json_string(data, s.text);
    }
    data += '}';
  }
  data += "]}";
  return envelope("telemetry", id, seq, time, data);
}

std::string MessageEncoder::event(const std::string& name, const std::string& message, json detail,
                                  const std::string& id, std::int64_t seq, WallTime time) const {
  if (!detail.is_object()) detail = json{{"value", std::move(detail)}};
  const json data{{"event", name}, {"message", message}, {"detail", std::move(detail)}};
  return envelope("event", id, seq, time, dump(data));
}

std::string MessageEncoder::wrap(const std::string& kind, json body, const std::string& id,
                                 std::int64_t seq, WallTime time) const {
  return envelope(kind, id, seq, time, dump(body));
}

std::string MessageEncoder::mark_resent(const std::string& payload) const {
  if (payload.size() < resent_false_.size() ||
      payload.compare(payload.size() - resent_false_.size(), resent_false_.size(), resent_false_) !=
          0)
    return payload;
  std::string out;
  out.reserve(payload.size() + 1);
  out.append(payload, 0, payload.size() - resent_false_.size());
  out += resent_true_;
  return out;
}

}  // namespace sw::uplink
