// SPDX-License-Identifier: Apache-2.0
#include "rules/expression.hpp"

#include <cctype>

#include <muParser.h>

namespace sw::rules {

namespace {
constexpr const char* kNameChars =
    "0123456789_.-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

double logical_not(double v) {
  return v == 0 ? 1.0 : 0.0;
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}
}  // namespace

struct Expression::Impl {
  Resolver resolve;
  mu::Parser parser;
  std::vector<std::string> variables;

  // muparser asks for every name it does not know while it compiles; an unknown point is an error.
  static double* factory(const mu::char_type* name, void* self) {
    auto* impl = static_cast<Impl*>(self);
    std::string problem;
    double* slot = impl->resolve(name, problem);
    if (slot == nullptr)
      throw mu::Parser::exception_type(
          problem.empty() ? "unknown name \"" + std::string(name) + "\"" : problem);
    return slot;
  }
};

Expression::Expression(const std::string& text, Resolver resolve)
    : impl_(std::make_unique<Impl>()) {
  impl_->resolve = std::move(resolve);
  try {
    impl_->parser.DefineNameChars(kNameChars);
    impl_->parser.DefineInfixOprt("!", logical_not);
    impl_->parser.SetVarFactory(&Impl::factory, impl_.get());
    impl_->parser.SetExpr(text);
    for (const auto& [name, slot] : impl_->parser.GetUsedVar()) impl_->variables.push_back(name);
    impl_->parser.Eval();  // compiles to bytecode now, so evaluate() never parses
  } catch (const mu::Parser::exception_type& e) {
    throw ExpressionError(e.GetMsg(), static_cast<int>(e.GetPos()));
  }
}

Expression::~Expression() = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;

double Expression::evaluate() const {
  return impl_->parser.Eval();
}

const std::vector<std::string>& Expression::variables() const {
  return impl_->variables;
}

std::vector<std::string> names_in(const std::string& text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && i + 1 < text.size() &&
         std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      // A number (1.5, 2e-3): skip it with its exponent.
      while (i < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '.' ||
              ((text[i] == '-' || text[i] == '+') && (text[i - 1] == 'e' || text[i - 1] == 'E'))))
        ++i;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c))) {  // operators; "_pi" and "_e" constants
      if (c == '_')
        while (i < text.size() && name_char(text[i])) ++i;
      else
        ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && name_char(text[end])) ++end;
    std::size_t next = end;
    while (next < text.size() && std::isspace(static_cast<unsigned char>(text[next]))) ++next;
    const bool function = next < text.size() && text[next] == '(';
    if (!function) out.push_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace sw::rules
