// SPDX-License-Identifier: Apache-2.0
#pragma once
// Logging to journald when systemd runs us (it sets JOURNAL_STREAM), to the console otherwise.
#include <string>

namespace sw {
void setup_logging(const std::string& level);
void set_log_level(const std::string& level);
}  // namespace sw
