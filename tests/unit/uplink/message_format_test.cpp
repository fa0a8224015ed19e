// SPDX-License-Identifier: Apache-2.0
// [uplink.format]: time formats and envelope field renames, strictly checked.
#include <catch2/catch.hpp>

#include <toml++/toml.h>

#include "uplink/message_format.hpp"

using namespace sw;
using namespace sw::uplink;

namespace {

MessageFormat parse(const std::string& text) {
  const toml::table root = toml::parse(text, std::string("site.toml"));
  return parse_message_format(*root["uplink"]["format"].as_table(),
                              config::Context{"site.toml", "uplink.format"});
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("the default format is RFC 3339 in UTC with the fields' own names", "[format]") {
  const MessageFormat f = parse("[uplink.format]\n");
  CHECK(f.time_format == TimeFormat::iso8601);
  CHECK_FALSE(f.local_time);
  CHECK(f.name_of("id") == "id");
}

TEST_CASE("a provincial format: compact local times and renamed envelope fields", "[format]") {
  const MessageFormat f = parse(R"([uplink.format]
time_format = "yyyyMMddHHmmss"
local_time = true
fields = { id = "dataId", time = "collectTime", data = "datas", resent = "isResend" }
)");
  CHECK(f.time_format == TimeFormat::compact);
  CHECK(f.local_time);
  CHECK(f.name_of("id") == "dataId");
  CHECK(f.name_of("time") == "collectTime");
  CHECK(f.name_of("data") == "datas");
  CHECK(f.name_of("resent") == "isResend");
  CHECK(f.name_of("seq") == "seq");
}

TEST_CASE("only envelope fields may be renamed, to distinct printable names", "[format]") {
  CHECK_THAT(error_of("[uplink.format]\nfields = { value = \"v\" }\n"),
             Catch::Contains("site.toml:2:20: uplink.format.fields.value: only envelope fields can "
                             "be renamed; allowed are: version, id, seq"));
  CHECK_THAT(error_of("[uplink.format]\nfields = { id = \"seq\" }\n"),
             Catch::Contains("already used by another envelope field"));
  CHECK_THAT(error_of("[uplink.format]\nfields = { id = \"x\", seq = \"x\" }\n"),
             Catch::Contains("\"x\" is already used"));
  CHECK_THAT(error_of("[uplink.format]\nfields = { id = \"\" }\n"),
             Catch::Contains("expected a name of 1..64 characters"));
  CHECK_THAT(error_of("[uplink.format]\nfields = { id = \"a\\\"b\" }\n"),
             Catch::Contains("without quotes"));
  CHECK_THAT(error_of("[uplink.format]\nfields = { id = 5 }\n"),
             Catch::Contains("expected the new name as a string"));
  CHECK_THAT(error_of("[uplink.format]\nfields = \"id=dataId\"\n"),
             Catch::Contains("expected a table"));
}

TEST_CASE("bad time settings are refused", "[format]") {
  CHECK_THAT(error_of("[uplink.format]\ntime_format = \"unix\"\n"),
             Catch::Contains("expected one of \"iso8601\", \"epoch_ms\", \"yyyyMMddHHmmss\""));
  CHECK_THAT(error_of("[uplink.format]\nlocal_time = true\n"),
             Catch::Contains("local_time applies only to time_format = \"yyyyMMddHHmmss\""));
  CHECK_THAT(error_of("[uplink.format]\nzone = \"+08\"\n"),
             Catch::Contains(
                 "uplink.format.zone: unknown key; allowed are: fields, local_time, time_format"));
}
