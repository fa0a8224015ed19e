// SPDX-License-Identifier: Apache-2.0
#include "core/alarm_event.hpp"

#include <array>
#include <utility>

namespace sw {
namespace {
constexpr std::array<std::pair<AlarmState, std::string_view>, 6> kStates{{
    {AlarmState::normal, "normal"},
    {AlarmState::unacknowledged, "unacknowledged"},
    {AlarmState::acknowledged, "acknowledged"},
    {AlarmState::returned_unacknowledged, "returned_unacknowledged"},
    {AlarmState::shelved, "shelved"},
    {AlarmState::out_of_service, "out_of_service"},
}};
constexpr std::array<std::pair<AlarmEventKind, std::string_view>, 10> kKinds{{
    {AlarmEventKind::raised, "raised"},
    {AlarmEventKind::escalated, "escalated"},
    {AlarmEventKind::deescalated, "deescalated"},
    {AlarmEventKind::cleared, "cleared"},
    {AlarmEventKind::acknowledged, "acknowledged"},
    {AlarmEventKind::shelved, "shelved"},
    {AlarmEventKind::unshelved, "unshelved"},
    {AlarmEventKind::removed_from_service, "removed_from_service"},
    {AlarmEventKind::returned_to_service, "returned_to_service"},
    {AlarmEventKind::chattering, "chattering"},
}};

template <class Table, class E>
std::string_view name_of(const Table& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "unknown";
}
template <class Table, class E = typename Table::value_type::first_type>
std::optional<E> value_of(const Table& table, std::string_view text) {
  for (const auto& [v, name] : table)
    if (name == text) return v;
  return std::nullopt;
}
}  // namespace

std::string_view to_string(AlarmState s) {
  return name_of(kStates, s);
}
std::string_view to_string(AlarmEventKind k) {
  return name_of(kKinds, k);
}
std::optional<AlarmState> alarm_state_from_string(std::string_view s) {
  return value_of(kStates, s);
}
std::optional<AlarmEventKind> alarm_event_kind_from_string(std::string_view s) {
  return value_of(kKinds, s);
}

}  // namespace sw
