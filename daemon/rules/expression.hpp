// SPDX-License-Identifier: Apache-2.0
#pragma once
// The expression language of composite rules: muparser, with point ids as variable names
// ("face3.ch4 >= 1.5 && face3.feed.ok"), '.', '-' and '_' allowed in names, and '!' for not.
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sw::rules {

// A compile error: what is wrong, and where in the text (0-based; -1 when muparser does not say).
class ExpressionError : public std::runtime_error {
 public:
  ExpressionError(const std::string& message, int position)
      : std::runtime_error(message), position_(position) {}
  int position() const { return position_; }

 private:
  int position_;
};

class Expression {
 public:
  // Where a variable lives, or an empty optional-like nullptr with `problem` set when the name is
  // not allowed (an unknown point).
  using Resolver = std::function<double*(const std::string& name, std::string& problem)>;

  // Compiles `text`; names are bound through `resolve` once, here. Throws ExpressionError.
  Expression(const std::string& text, Resolver resolve);
  ~Expression();
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;

  // Evaluates with the current values of the bound variables. No allocation.
  double evaluate() const;
  // The variable names the expression uses, sorted.
  const std::vector<std::string>& variables() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The names in an expression that stand for points or "<point>.ok", in order of appearance
// (functions and constants left out), without compiling it.
std::vector<std::string> names_in(const std::string& text);

}  // namespace sw::rules
