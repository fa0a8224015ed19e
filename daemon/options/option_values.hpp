// SPDX-License-Identifier: Apache-2.0
#pragma once
// How each C++ type reads from a TOML node, is named in errors and docs, and prints as a default.
// A value of the wrong type is an error; it never turns into a default.
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "options/config_error.hpp"
#include "core/byte_size.hpp"
#include "core/clock.hpp"
#include "core/duration_parse.hpp"

namespace sw::config {

struct Context;
[[noreturn]] void fail_at(const Context& ctx, const toml::node& at, const std::string& key,
                          const std::string& problem);

// Specialise for an enum to make it a config value: names are what the config file spells.
//   template <> struct EnumNames<Parity> { static constexpr std::array<std::pair<Parity,
//   std::string_view>, 3> values{{{Parity::none, "none"}, ...}}; };
template <class E>
struct EnumNames;

template <class V>
inline constexpr bool is_duration_v = false;
template <class R, class P>
inline constexpr bool is_duration_v<std::chrono::duration<R, P>> = true;

// How a bound of a range reads in messages: "1", "0.5", "2s".
template <class V>
std::string bound_text(const V& v) {
  if constexpr (is_duration_v<V>)
    return format_duration(std::chrono::duration_cast<Millis>(v));
  else
    return fmt::format("{}", v);
}

template <class V>
double numeric_value(const V& v) {
  if constexpr (is_duration_v<V>)
    return static_cast<double>(std::chrono::duration_cast<Millis>(v).count());
  else
    return static_cast<double>(v);
}

template <class V, class Enable = void>
struct ValueTraits;

template <>
struct ValueTraits<std::string> {
  static constexpr std::string_view type_name() { return "string"; }
  static std::string describe(const std::string& v) { return "\"" + v + "\""; }
  static std::string parse(const toml::node& n, const Context& ctx, const std::string& key) {
    if (auto v = n.value_exact<std::string>()) return *v;
    fail_at(ctx, n, key, "expected a string");
  }
};

template <>
struct ValueTraits<bool> {
  static constexpr std::string_view type_name() { return "boolean"; }
  static std::string describe(bool v) { return v ? "true" : "false"; }
  static bool parse(const toml::node& n, const Context& ctx, const std::string& key) {
    if (auto v = n.value_exact<bool>()) return *v;
    fail_at(ctx, n, key, "expected true or false");
  }
};

template <class I>
struct ValueTraits<I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>> {
  static constexpr std::string_view type_name() { return "integer"; }
  static std::string describe(I v) { return std::to_string(v); }
  static I parse(const toml::node& n, const Context& ctx, const std::string& key) {
    auto v = n.value_exact<std::int64_t>();
    if (!v) fail_at(ctx, n, key, "expected an integer");
    if (*v < static_cast<std::int64_t>(std::numeric_limits<I>::min()) ||
        (*v > 0 && static_cast<std::uint64_t>(*v) >
                       static_cast<std::uint64_t>(std::numeric_limits<I>::max())))
      fail_at(ctx, n, key,
              fmt::format("integer {} out of range {}..{}", *v, std::numeric_limits<I>::min(),
                          std::numeric_limits<I>::max()));
    return static_cast<I>(*v);
  }
};

template <>
struct ValueTraits<double> {
  static constexpr std::string_view type_name() { return "number"; }
  static std::string describe(double v) { return fmt::format("{}", v); }
  static double parse(const toml::node& n, const Context& ctx, const std::string& key) {
    if (auto v = n.value_exact<double>()) return *v;
    if (auto i = n.value_exact<std::int64_t>()) return static_cast<double>(*i);
    fail_at(ctx, n, key, "expected a number");
  }
};

template <>
struct ValueTraits<Millis> {
  static constexpr std::string_view type_name() { return "duration"; }
  static std::string describe(Millis v) {
    std::string out = "\"";
    out += format_duration(v);
    out += '"';
    return out;
  }
  static Millis parse(const toml::node& n, const Context& ctx, const std::string& key) {
    if (auto s = n.value_exact<std::string>()) {
      if (auto d = parse_duration(*s)) return *d;
      fail_at(ctx, n, key,
              "expected a duration such as \"500ms\", \"2s\", \"5m\", \"1h\", \"90d\"; got \"" +
                  *s + "\"");
    }
    fail_at(ctx, n, key, "expected a duration string such as \"2s\" (a unit is required)");
  }
};

template <>
struct ValueTraits<ByteSize> {
  static constexpr std::string_view type_name() { return "size"; }
  static std::string describe(ByteSize v) { return "\"" + format_byte_size(v) + "\""; }
  static ByteSize parse(const toml::node& n, const Context& ctx, const std::string& key) {
    if (auto s = n.value_exact<std::string>()) {
      if (auto v = parse_byte_size(*s)) return *v;
      fail_at(ctx, n, key,
              "expected a size such as \"512KB\", \"64MB\", \"1GB\"; got \"" + *s + "\"");
    }
    fail_at(ctx, n, key, "expected a size string such as \"64MB\" (a unit is required)");
  }
};

template <>
struct ValueTraits<FreeSpace> {
  static constexpr std::string_view type_name() { return "percentage or size"; }
  static std::string describe(const FreeSpace& v) { return "\"" + format_free_space(v) + "\""; }
  static FreeSpace parse(const toml::node& n, const Context& ctx, const std::string& key) {
    if (auto s = n.value_exact<std::string>()) {
      if (auto v = parse_free_space(*s)) return *v;
      fail_at(ctx, n, key,
              "expected a percentage of the filesystem (\"0%\"..\"90%\") or a size such as "
              "\"200MB\"; got \"" +
                  *s + "\"");
    }
    fail_at(ctx, n, key, "expected a string such as \"5%\" or \"200MB\"");
  }
};

template <class V>
struct ValueTraits<std::optional<V>> {
  static constexpr std::string_view type_name() { return ValueTraits<V>::type_name(); }
  static std::string describe(const std::optional<V>& v) {
    return v ? ValueTraits<V>::describe(*v) : "(none)";
  }
  static std::optional<V> parse(const toml::node& n, const Context& ctx, const std::string& key) {
    return ValueTraits<V>::parse(n, ctx, key);
  }
};

template <class V>
struct ValueTraits<std::vector<V>> {
  static std::string_view type_name() {
    static const std::string name = "array of " + std::string(ValueTraits<V>::type_name());
    return name;
  }
  static std::string describe(const std::vector<V>& v) {
    std::string out = "[";
    for (const auto& e : v) out += (out.size() > 1 ? ", " : "") + ValueTraits<V>::describe(e);
    return out + "]";
  }
  static std::vector<V> parse(const toml::node& n, const Context& ctx, const std::string& key) {
    const auto* arr = n.as_array();
    if (arr == nullptr) fail_at(ctx, n, key, "expected an array");
    std::vector<V> out;
    for (const auto& e : *arr) out.push_back(ValueTraits<V>::parse(e, ctx, key));
    return out;
  }
};

// The name the config file spells for an enum value, without quotes ("coal_mine").
template <class E>
std::string enum_name(E v) {
  for (const auto& [value, text] : EnumNames<E>::values)
    if (value == v) return std::string(text);
  return "?";
}

template <class E>
struct ValueTraits<E, std::enable_if_t<std::is_enum_v<E>>> {
  static std::string_view type_name() {
    static const std::string name = [] {
      std::string out = "one of ";
      bool first = true;
      for (const auto& [v, text] : EnumNames<E>::values) {
        out += (first ? "\"" : ", \"") + std::string(text) + "\"";
        first = false;
      }
      return out;
    }();
    return name;
  }
  static std::string describe(E v) {
    for (const auto& [value, text] : EnumNames<E>::values)
      if (value == v) return "\"" + std::string(text) + "\"";
    return "?";
  }
  static E parse(const toml::node& n, const Context& ctx, const std::string& key) {
    auto s = n.value_exact<std::string>();
    if (s)
      for (const auto& [value, text] : EnumNames<E>::values)
        if (text == *s) return value;
    fail_at(ctx, n, key, "expected " + std::string(type_name()));
  }
};

}  // namespace sw::config
