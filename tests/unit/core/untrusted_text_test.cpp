// SPDX-License-Identifier: Apache-2.0
// Issue 19, items 2 and 6: an operator's name is checked the same on every path, and untrusted
// text reaches a log line escaped: no forged line, no terminal escape.
#include <catch2/catch.hpp>

#include "core/untrusted_text.hpp"

using namespace sw;

TEST_CASE("newlines, escapes and other control characters are written out, not obeyed") {
  CHECK(escape_for_log("li\n2026-12-07 03:00:00 [info] forged") ==
        "li\\n2026-12-07 03:00:00 [info] forged");
  CHECK(escape_for_log("\x1b[2J\r\t\x7f\\") == "\\x1b[2J\\r\\t\\x7f\\\\");
  CHECK(escape_for_log("调度员") == "调度员");  // UTF-8 text stays readable
  CHECK(escape_for_log(std::string(300, 'x'), 8) == "xxxxxxxx...");
}

TEST_CASE("the limit holds for the escaped text: a reply cannot be inflated by escapes") {
  // 60 DELs would escape to 240 bytes; the fuzzer found an echoed cmd of that kind (stop 23).
  const auto escaped = escape_for_log(std::string(60, '\x7f'), 64);
  CHECK(escaped.size() <= 64 + 3);
  std::string sixteen;
  for (int i = 0; i < 16; ++i) sixteen += "\\x7f";
  CHECK(escaped == sixteen + "...");
  CHECK(escape_for_log("ab\n", 3) == "ab...");    // an escape is not split
  CHECK(escape_for_log("调度员", 4) == "调...");  // nor a UTF-8 character
  CHECK(escape_for_log("调度员", 6) == "调度...");
  CHECK(escape_for_log("调度员", 9) == "调度员");  // fits exactly: no mark
}

TEST_CASE("an operator's name is 1..64 bytes without control characters") {
  CHECK_FALSE(operator_name_problem("调度员张三"));
  CHECK(operator_name_problem("").value() == "expected 1..64 bytes, got 0");
  CHECK(operator_name_problem(std::string(65, 'a')).value() == "expected 1..64 bytes, got 65");
  CHECK(operator_name_problem("li\nchief").value() == "control characters are not allowed");
}
