// SPDX-License-Identifier: Apache-2.0
// The console protocol as both ends see it, without sockets: decoding requests, encoding answers,
// the command table's dispatch and the helpers handlers use to read their arguments.
#include <catch2/catch.hpp>

#include "console/command_table.hpp"
#include "console/handler_args.hpp"
#include "console/protocol.hpp"
#include "console/protocol_time.hpp"
#include "console/request_dispatch.hpp"
#include "fake_console.hpp"

using namespace sw;
using namespace sw::console;
using nlohmann::json;

namespace {

json answer_to(const std::string& line) {
  static const CommandTable table = fixture::fake_commands();
  const std::string answer = answer_request(table, line, Peer{});
  REQUIRE(!answer.empty());
  CHECK(answer.back() == '\n');
  CHECK(answer.find('\n') == answer.size() - 1);  // exactly one line
  return json::parse(answer);
}

ErrorCode code_of(const std::string& line) {
  try {
    json id;
    (void)decode_request(line, id);
  } catch (const ConsoleError& e) {
    return e.code();
  }
  FAIL("no error for " << line);
  return ErrorCode::internal;
}

}  // namespace

TEST_CASE("a request decodes to its id, command and arguments") {
  json id;
  const auto request = decode_request(R"({"v":1,"id":7,"cmd":"ack","args":{"alarm_id":"A"}})", id);
  CHECK(id == 7);
  CHECK(request.id == 7);
  CHECK(request.cmd == "ack");
  CHECK((request.args == json{{"alarm_id", "A"}}));

  const auto bare = decode_request(R"({"v":1,"cmd":"status"})", id);
  CHECK(bare.id.is_null());
  CHECK(bare.args == json::object());
  CHECK(decode_request(R"({"v":1,"id":"x-1","cmd":"status","args":null})", id).id == "x-1");
  // Keys this version does not know are ignored: v stays 1 for compatible additions.
  CHECK(decode_request(R"({"v":1,"cmd":"status","trace":true})", id).cmd == "status");
}

TEST_CASE("anything that is not a version-1 request is refused with a code that says why") {
  CHECK(code_of("garbage") == ErrorCode::bad_request);
  CHECK(code_of("[1,2]") == ErrorCode::bad_request);
  CHECK(code_of(R"({"id":1,"cmd":"status"})") == ErrorCode::bad_request);  // no v
  CHECK(code_of(R"({"v":"1","cmd":"status"})") == ErrorCode::bad_request);
  CHECK(code_of(R"({"v":2,"cmd":"status"})") == ErrorCode::unsupported_version);
  CHECK(code_of(R"({"v":1})") == ErrorCode::bad_request);
  CHECK(code_of(R"({"v":1,"cmd":""})") == ErrorCode::bad_request);
  CHECK(code_of(R"({"v":1,"cmd":7})") == ErrorCode::bad_request);
  CHECK(code_of(R"({"v":1,"cmd":"x","args":[1]})") == ErrorCode::bad_request);
  CHECK(code_of(R"({"v":1,"id":{"a":1},"cmd":"x"})") == ErrorCode::bad_request);
  CHECK(code_of("{\"v\":1,\"cmd\":\"\xff\"}") == ErrorCode::bad_request);  // not UTF-8
}

TEST_CASE("an error answer still names the request when its id could be read") {
  const auto answer = answer_to(R"({"v":2,"id":41,"cmd":"status"})");
  CHECK(answer["v"] == 1);
  CHECK(answer["id"] == 41);
  CHECK(answer["ok"] == false);
  CHECK(answer["error"]["code"] == "unsupported_version");
  CHECK(answer["error"]["message"] ==
        "protocol version 2 is not supported; this daemon speaks version 1");

  const auto garbage = answer_to("{not json");
  CHECK(garbage["id"].is_null());
  CHECK(garbage["error"]["code"] == "bad_request");
  CHECK_THAT(garbage["error"]["message"].get<std::string>(), Catch::StartsWith("not JSON: "));
}

TEST_CASE("the dispatcher runs the command and wraps its result") {
  const auto answer = answer_to(R"({"v":1,"id":"s","cmd":"status"})");
  CHECK(
      (answer == json{{"v", 1}, {"id", "s"}, {"ok", true}, {"result", fixture::canned_status()}}));
}

TEST_CASE("an unknown command is answered with the commands there are") {
  const auto answer = answer_to(R"({"v":1,"id":3,"cmd":"stauts"})");
  CHECK(answer["error"]["code"] == "unknown_command");
  const auto message = answer["error"]["message"].get<std::string>();
  CHECK_THAT(message, Catch::StartsWith("unknown command 'stauts'; known: "));
  CHECK_THAT(message, Catch::Contains("status"));
  CHECK_THAT(message, Catch::Contains("help"));
}

TEST_CASE("help lists every command with its description") {
  const auto answer = answer_to(R"({"v":1,"id":1,"cmd":"help"})");
  REQUIRE(answer["ok"] == true);
  const auto& list = answer["result"];
  REQUIRE(list.is_array());
  CHECK(list.size() == fixture::fake_commands().entries().size());
  CHECK(list[0].contains("name"));
  CHECK(list[0].contains("description"));
}

TEST_CASE("a handler's refusal, bad arguments and unexpected failures become error answers") {
  const auto refused =
      answer_to(R"({"v":1,"id":1,"cmd":"ack","args":{"alarm_id":"nope","by":"x"}})");
  CHECK((refused["error"] == json{{"code", "refused"}, {"message", "no alarm 'nope'"}}));

  const auto missing = answer_to(R"({"v":1,"id":2,"cmd":"ack","args":{}})");
  CHECK((missing["error"] ==
         json{{"code", "bad_request"}, {"message", "missing argument \"alarm_id\""}}));

  const auto boom = answer_to(R"({"v":1,"id":3,"cmd":"boom"})");
  CHECK((boom["error"] == json{{"code", "internal"}, {"message", "disk on fire"}}));
}

TEST_CASE("a handler reading arguments with plain nlohmann calls gets bad_request, not internal") {
  CommandTable table;
  table.add("raw", "", [](const json& args) { return args.at("n").get<int>() + 1; });
  const auto answer =
      json::parse(answer_request(table, R"({"v":1,"id":1,"cmd":"raw","args":{"n":"x"}})", {}));
  CHECK(answer["error"]["code"] == "bad_request");
  CHECK_THAT(answer["error"]["message"].get<std::string>(), Catch::StartsWith("bad arguments: "));
  CHECK_THAT(answer["error"]["message"].get<std::string>(), !Catch::Contains("[json.exception"));
}

TEST_CASE("the command table refuses wiring mistakes when the daemon starts") {
  CommandTable table;
  table.add("status", "", [](const json&) { return json{}; });
  CHECK_THROWS_AS(table.add("status", "", [](const json&) { return json{}; }),
                  std::invalid_argument);
  CHECK_THROWS_AS(table.add("help", "", [](const json&) { return json{}; }), std::invalid_argument);
  CHECK_THROWS_AS(table.add("", "", [](const json&) { return json{}; }), std::invalid_argument);
  CHECK_THROWS_AS(table.add("x", "", CommandTable::Handler{}), std::invalid_argument);
}

TEST_CASE("answers with text that is not UTF-8 are still sent, the bad bytes replaced") {
  const std::string line = encode_result(1, json{{"reason", std::string("bad \xff byte")}});
  const auto answer = json::parse(line);
  CHECK(answer["result"]["reason"] == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("the client decodes answers and refuses what is not one") {
  const auto ok = decode_answer(encode_result(5, json{{"a", 1}}));
  CHECK(ok.ok);
  CHECK(ok.id == 5);
  CHECK((ok.result == json{{"a", 1}}));
  const auto error = decode_answer(encode_error(6, ErrorCode::refused, "no"));
  CHECK_FALSE(error.ok);
  CHECK(error.error_code == "refused");
  CHECK(error.error_message == "no");
  json id;
  const auto round_trip = decode_request(encode_request({9, "points", json{{"x", 1}}}), id);
  CHECK(round_trip.cmd == "points");
  CHECK((round_trip.args == json{{"x", 1}}));
  CHECK(id == 9);

  CHECK_THROWS_AS(decode_answer("hello"), ProtocolError);
  CHECK_THROWS_AS(decode_answer(R"({"v":2,"id":1,"ok":true,"result":{}})"), ProtocolError);
  CHECK_THROWS_AS(decode_answer(R"({"v":1,"id":1,"ok":true})"), ProtocolError);
  CHECK_THROWS_AS(decode_answer(R"({"v":1,"id":1,"ok":false,"error":{"code":1}})"), ProtocolError);
}

TEST_CASE("handler arguments are read strictly, with messages naming the argument") {
  const json args{
      {"id", "A"},           {"empty", ""}, {"flag", true},  {"n", 5},
      {"neg", -1},           {"d", "30m"},  {"bad_d", "30"}, {"t", "2025-11-29T01:55:43Z"},
      {"bad_t", "yesterday"}};
  CHECK(string_arg(args, "id") == "A");
  CHECK_FALSE(optional_string_arg(args, "absent"));
  CHECK_THROWS_WITH(string_arg(args, "absent"), "missing argument \"absent\"");
  CHECK_THROWS_WITH(string_arg(args, "empty"), "argument \"empty\" must be a non-empty string");
  CHECK(bool_arg(args, "flag", false));
  CHECK_FALSE(bool_arg(args, "absent", false));
  CHECK_THROWS_AS(bool_arg(args, "n", false), ConsoleError);
  CHECK(optional_int_arg(args, "n", 1, 10) == 5);
  CHECK_THROWS_WITH(optional_int_arg(args, "neg", 0, 10),
                    "argument \"neg\" must be a whole number from 0 to 10");
  CHECK(duration_arg(args, "d") == Millis{30 * 60'000});
  CHECK_THROWS_AS(duration_arg(args, "bad_d"), ConsoleError);
  CHECK(optional_time_arg(args, "t") == from_epoch_ms(1'764'381'343'000));
  CHECK_THROWS_AS(optional_time_arg(args, "bad_t"), ConsoleError);
}

TEST_CASE("protocol times are RFC 3339 and read back exactly") {
  const WallTime t = from_epoch_ms(1'764'381'343'123);
  CHECK(time_json(t) == "2025-11-29T01:55:43.123Z");
  CHECK(time_json(std::nullopt).is_null());
  CHECK(parse_rfc3339("2025-11-29T01:55:43.123Z") == t);
  CHECK(parse_rfc3339("2025-11-29 09:55:43.123+08:00") == t);
  CHECK(parse_rfc3339("2025-11-29t01:55:43.123456z") == t);
  CHECK(parse_rfc3339("2025-11-28T21:55:43.123-04:00") == t);
  CHECK_FALSE(parse_rfc3339("2025-11-29T01:55:43"));  // no zone
  CHECK_FALSE(parse_rfc3339("2025-02-30T00:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2025-11-29T24:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2025-11-29T01:55:43Zjunk"));
  CHECK_FALSE(parse_rfc3339("2025-11-29T01:55:43.Z"));
  CHECK_FALSE(parse_rfc3339(""));
}
