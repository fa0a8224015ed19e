// SPDX-License-Identifier: Apache-2.0
#pragma once
// Qualities and failure reasons in the words of a Chinese alarm text (issue 17 §3: no English
// inside a Chinese alarm): "通信中断（500 ms 超时）", not "comm_loss (timeout after 500ms)".
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/quality.hpp"

namespace sw::rules {

// 正常, 通信中断, 设备故障, 预热中, 调校中, 超量程, 无数据.
std::string_view quality_text(Quality quality);
// A driver's or the engine's reason in Chinese: the patterns we know are translated ("timeout
// after 500ms" → "500 ms 超时"), Chinese text is kept, other English is left out (it stays in
// the telemetry's `reason` and the log). Empty when nothing is left.
std::string reason_text(const std::string& reason);
// A duration for a Chinese alarm text: "30 秒", "1 小时 30 分钟", "500 毫秒".
std::string duration_text(Millis d);
// "通信中断（500 ms 超时）", or just "通信中断".
std::string failure_text(Quality quality, const std::string& reason);

}  // namespace sw::rules
