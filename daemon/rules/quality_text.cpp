// SPDX-License-Identifier: Apache-2.0
#include "rules/quality_text.hpp"

#include <algorithm>
#include <cstdint>
#include <regex>

namespace sw::rules {

std::string_view quality_text(Quality quality) {
  switch (quality) {
    case Quality::good:
      return "正常";
    case Quality::comm_loss:
      return "通信中断";
    case Quality::device_fault:
      return "设备故障";
    case Quality::warming_up:
      return "预热中";
    case Quality::calibrating:
      return "调校中";
    case Quality::out_of_range:
      return "超量程";
    case Quality::stale:
      return "无数据";
  }
  return "未知";
}

std::string reason_text(const std::string& reason) {
  if (reason.empty()) return {};
  // Made once; alarms are rare, so the regex cost is off the hot path.
  static const std::regex timeout(R"(timeout after (\d+)\s*ms)");
  static const std::regex silent(R"(no sample for (\d+)(ms|s|m|h))");
  std::smatch m;
  if (std::regex_search(reason, m, timeout)) return m[1].str() + " ms 超时";
  if (std::regex_search(reason, m, silent)) {
    static const std::pair<const char*, const char*> units[] = {
        {"ms", " 毫秒"}, {"s", " 秒"}, {"m", " 分钟"}, {"h", " 小时"}};
    for (const auto& [unit, word] : units)
      if (m[2] == unit) return m[1].str() + word + "无数据";
  }
  const bool ascii_letters = std::any_of(reason.begin(), reason.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  return ascii_letters ? std::string() : reason;
}

std::string duration_text(Millis d) {
  static const std::pair<std::int64_t, const char*> units[] = {
      {3'600'000, " 小时"}, {60'000, " 分钟"}, {1000, " 秒"}, {1, " 毫秒"}};
  std::int64_t left = d.count();
  if (left <= 0) return "0 秒";
  std::string out;
  for (const auto& [ms, word] : units) {
    if (left < ms) continue;
    if (!out.empty()) out += ' ';
    out += std::to_string(left / ms) + word;
    left %= ms;
  }
  return out;
}

std::string failure_text(Quality quality, const std::string& reason) {
  std::string out(quality_text(quality));
  const std::string why = reason_text(reason);
  if (!why.empty()) out += "（" + why + "）";
  return out;
}

}  // namespace sw::rules
