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

TEST_CASE("an operator's name is 1..64 bytes without control characters") {
  CHECK_FALSE(operator_name_problem("调度员张三"));
  CHECK(operator_name_problem("").value() == "expected 1..64 bytes, got 0");
  CHECK(operator_name_problem(std::string(65, 'a')).value() == "expected 1..64 bytes, got 65");
  CHECK(operator_name_problem("li\nchief").value() == "control characters are not allowed");
}
