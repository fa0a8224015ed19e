// SPDX-License-Identifier: Apache-2.0
// Times in commands: the three forms the envelope can use, read back exactly.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "uplink/time_text.hpp"

using namespace sw;
using namespace sw::uplink;

TEST_CASE("RFC 3339 with Z, fractions and offsets", "[time]") {
  CHECK(to_epoch_ms(*parse_rfc3339("2026-11-29T01:55:43.123Z")) == 1795917343123);
  CHECK(to_epoch_ms(*parse_rfc3339("2026-11-29T01:55:43Z")) == 1795917343000);
  CHECK(to_epoch_ms(*parse_rfc3339("2026-11-29T09:55:43.5+08:00")) == 1795917343500);
  CHECK(to_epoch_ms(*parse_rfc3339("2026-11-28T20:55:43-05:00")) == 1795917343000);
  CHECK(to_epoch_ms(*parse_rfc3339("2026-11-29T01:55:43.123456789Z")) == 1795917343123);
  CHECK(to_epoch_ms(*parse_rfc3339("2024-02-29T00:00:00Z")) == 1709164800000);
}

TEST_CASE("malformed or impossible times are refused", "[time]") {
  for (const char* bad :
       {"", "2026-11-29", "2026-11-29T01:55:43", "2026-11-29 01:55:43Z", "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29T23:60:00Z",
        "2026-11-29T23:59:60Z", "2026-11-29T01:55:43.Z", "2026-11-29T01:55:43+0800",
        "2026-11-29T01:55:43Zjunk", "2O26-11-29T01:55:43Z"})
    CHECK_FALSE(parse_rfc3339(bad));
}

TEST_CASE("yyyyMMddHHmmss in UTC or local time", "[time]") {
  CHECK(to_epoch_ms(*parse_compact_time("20261129015543", false)) == 1795917343000);
  CHECK_FALSE(parse_compact_time("20261129015543Z", false));
  CHECK_FALSE(parse_compact_time("20261131000000", false));
  ::setenv("TZ", "Asia/Shanghai", 1);
  ::tzset();
  CHECK(to_epoch_ms(*parse_compact_time("20261129095543", true)) == 1795917343000);
  ::unsetenv("TZ");
  ::tzset();
}

TEST_CASE("a JSON time value: epoch milliseconds or text", "[time]") {
  CHECK(to_epoch_ms(*parse_time_value(1795917343123, false)) == 1795917343123);
  CHECK(to_epoch_ms(*parse_time_value("20261129015543", false)) == 1795917343000);
  // Beijing time, as the default format writes it: 09:55:43 there is 01:55:43 UTC.
  CHECK(to_epoch_ms(*parse_time_value("20261129095543", false, std::chrono::hours(8))) ==
        1795917343000);
  CHECK(to_epoch_ms(*parse_time_value("2026-11-29T01:55:43.123Z", false)) == 1795917343123);
  CHECK_FALSE(parse_time_value(-1, false));
  CHECK_FALSE(parse_time_value(1.5, false));
  CHECK_FALSE(parse_time_value(nlohmann::json::array(), false));
  CHECK_FALSE(parse_time_value(std::numeric_limits<std::uint64_t>::max(), false));
}
