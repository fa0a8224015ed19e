// SPDX-License-Identifier: Apache-2.0
#pragma once
// Declare each config option once — key, type, default, description, check — and derive parsing,
// unknown-key errors, defaults and documentation from that one table (after Fluent Bit's config
// maps, with member pointers so the compiler checks types).
//
//   Options<MqttConfig> opts("mqtt");
//   opts.add("port", &MqttConfig::port, "broker TCP port").between(1, 65535);
//   opts.parse(table, cfg, ctx);   // throws ConfigError naming file:line:column
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "options/config_error.hpp"
#include "options/option_values.hpp"

namespace sw::config {

// Where a table sits in the file, for messages: the file name and the dotted path
// ("bus[1].device[0]").
struct Context {
  std::string file;
  std::string path;

  Context child(const std::string& key) const {
    return {file, path.empty() ? key : path + "." + key};
  }
  Context element(const std::string& key, std::size_t index) const {
    return child(key + "[" + std::to_string(index) + "]");
  }
  std::string key_path(const std::string& key) const {
    return path.empty() ? key : path + "." + key;
  }
  [[noreturn]] void fail(const toml::node& at, const std::string& key,
                         const std::string& problem) const {
    throw ConfigError(position_of(at), key_path(key), problem);
  }
  SourcePosition position_of(const toml::node& at) const {
    const auto& src = at.source();
    return {file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)};
  }
  // Where a key itself stands (for "unknown key" the key, not its value, is the mistake).
  SourcePosition position_of(const toml::key& at) const {
    const auto& src = at.source();
    return {file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)};
  }
};

// One line of generated documentation.
struct OptionDoc {
  std::string key;
  std::string type;
  std::string default_text;  // empty when required
  std::string description;
  bool required = false;
};

template <class T>
class Options {
  struct Option {
    OptionDoc doc;
    std::function<void(T&, const toml::node&, const Context&)> parse;
    std::vector<std::function<void(const T&, const toml::node&, const Context&)>> checks;
  };

 public:
  class Declared {
   public:
    Declared(Options& owner, std::size_t index) : owner_(owner), index_(index) {}
    // The value must lie in [lo, hi].
    template <class N>
    Declared& between(N lo, N hi) {
      auto& opt = owner_.options_[index_];
      const std::string range = bound_text(lo) + ".." + bound_text(hi);
      opt.doc.type += " (" + range + ")";
      auto member = member_getter_;
      opt.checks.push_back([lo_v = numeric_value(lo), hi_v = numeric_value(hi), range,
                            key = opt.doc.key,
                            member](const T& obj, const toml::node& at, const Context& ctx) {
        const double v = member(obj);
        if (v < lo_v || v > hi_v) ctx.fail(at, key, "expected a value in " + range);
      });
      return *this;
    }
    // A custom check on the parsed value; `problem` is what the user reads when it fails.
    Declared& check(std::function<bool(const T&)> ok, std::string problem) {
      auto& opt = owner_.options_[index_];
      opt.checks.push_back([ok = std::move(ok), problem = std::move(problem), key = opt.doc.key](
                               const T& obj, const toml::node& at, const Context& ctx) {
        if (!ok(obj)) ctx.fail(at, key, problem);
      });
      return *this;
    }

   private:
    friend class Options;
    Options& owner_;
    std::size_t index_;
    std::function<double(const T&)> member_getter_;
  };

  explicit Options(std::string section) : section_(std::move(section)) {}

  // An optional key; the member's initial value in a default-constructed T is the default.
  template <class V>
  Declared add(std::string key, V T::*member, std::string description) {
    return declare(std::move(key), member, std::move(description), false);
  }
  // A key that must be present.
  template <class V>
  Declared require(std::string key, V T::*member, std::string description) {
    return declare(std::move(key), member, std::move(description), true);
  }

  // Fills `out` from `table`. Keys in `also_allowed` belong to someone else (e.g. a driver's keys
  // in a point table) and are skipped; any other unknown key is an error listing what is allowed.
  void parse(const toml::table& table, T& out, const Context& ctx,
             const std::set<std::string>& also_allowed = {}) const {
    for (const auto& [key, node] : table) {
      const std::string k(key.str());
      if (find(k) == nullptr && !also_allowed.count(k))
        throw ConfigError(ctx.position_of(key), ctx.key_path(k),
                          "unknown key; allowed are: " + allowed_list(also_allowed));
    }
    for (const auto& opt : options_) {
      const toml::node* node = table.get(opt.doc.key);
      if (node == nullptr) {
        if (opt.doc.required)
          throw ConfigError(ctx.position_of(table), ctx.key_path(opt.doc.key),
                            "missing required key (" + opt.doc.description + ")");
        continue;
      }
      opt.parse(out, *node, ctx);
      for (const auto& check : opt.checks) check(out, *node, ctx);
    }
  }

  std::set<std::string> keys() const {
    std::set<std::string> out;
    for (const auto& opt : options_) out.insert(opt.doc.key);
    return out;
  }
  std::vector<OptionDoc> docs() const {
    std::vector<OptionDoc> out;
    for (const auto& opt : options_) out.push_back(opt.doc);
    return out;
  }
  const std::string& section() const { return section_; }

 private:
  template <class V>
  Declared declare(std::string key, V T::*member, std::string description, bool required) {
    Option opt;
    opt.doc.key = key;
    opt.doc.type = std::string(ValueTraits<V>::type_name());
    opt.doc.description = std::move(description);
    opt.doc.required = required;
    if (!required) opt.doc.default_text = ValueTraits<V>::describe(T{}.*member);
    opt.parse = [member, key](T& obj, const toml::node& node, const Context& ctx) {
      obj.*member = ValueTraits<V>::parse(node, ctx, key);
    };
    options_.push_back(std::move(opt));
    Declared d(*this, options_.size() - 1);
    if constexpr (std::is_arithmetic_v<V> || is_duration_v<V>) {
      d.member_getter_ = [member](const T& obj) { return numeric_value(obj.*member); };
    }
    return d;
  }

  const Option* find(const std::string& key) const {
    for (const auto& opt : options_)
      if (opt.doc.key == key) return &opt;
    return nullptr;
  }

  std::string allowed_list(const std::set<std::string>& extra) const {
    std::set<std::string> all = keys();
    all.insert(extra.begin(), extra.end());
    std::string out;
    for (const auto& k : all) out += (out.empty() ? "" : ", ") + k;
    return out;
  }

  std::string section_;
  std::vector<Option> options_;
};

// Parses an array of tables at `key` (e.g. [[bus]]); calls `each(table, ctx_of_element)`.
// A present key that is not an array of tables is an error, never silently ignored.
void for_each_table(const toml::table& parent, const std::string& key, const Context& ctx,
                    const std::function<void(const toml::table&, const Context&)>& each);

// The table at `key`, or nullptr when absent; an error when present but not a table.
const toml::table* table_at(const toml::table& parent, const std::string& key, const Context& ctx);

}  // namespace sw::config
