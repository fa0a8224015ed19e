// SPDX-License-Identifier: Apache-2.0
#pragma once
// AlarmRecord ⇄ JSON text: the form store::AlarmStateTable keeps per source. Every field is
// written, times as epoch milliseconds, absent optionals as null, under a format version so a later
// build can still read what an older one left behind before a restart.
#include <string>

#include "alarms/alarm_record.hpp"

namespace sw::alarms {

std::string to_json_text(const AlarmRecord& record);
// Throws std::invalid_argument naming the key when the text is not JSON, a key is missing or has
// the wrong type, or the version is newer than this build understands.
AlarmRecord record_from_json_text(const std::string& text);

}  // namespace sw::alarms
