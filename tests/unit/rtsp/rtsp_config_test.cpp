// SPDX-License-Identifier: Apache-2.0
// The rtsp bus in the site config: what is accepted, what is refused and where, and that the
// password never shows in an error.
#include <catch2/catch.hpp>

#include <fstream>

#include "drivers/rtsp/camera_settings.hpp"
#include "drivers/rtsp/rtsp_bus_config.hpp"
#include "fake_point_registrar.hpp"

using namespace sw;
using namespace sw::rtsp;
using sw::rtsp::test::FakePointRegistrar;

namespace {

std::unique_ptr<BusDriver> configure(const std::string& text, FakePointRegistrar& points) {
  const toml::table root = toml::parse(std::string_view(text), std::string_view("site.toml"));
  const toml::table& bus = *root["bus"].as_array()->get(0)->as_table();
  return configure_rtsp_bus(bus, config::Context{"site.toml", "bus[0]"}, points);
}

std::string config_error(const std::string& text) {
  FakePointRegistrar points;
  try {
    configure(text, points);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kGate = R"(
[[bus]]
name = "cameras"
driver = "rtsp"
  [[bus.camera]]
  name = "gate-1"
  url = "rtsp://127.0.0.1:8554/gate"
  username = "admin"
  password = "Hunter2-secret"
  period = "10s"
  timeout = "3s"
  point_prefix = "gate1"
  location = "mine entrance"
    [bus.camera.video]
    limits = [{ level = "video_loss", below = 1, priority = 2 }]
  [[bus.camera]]
  name = "tank-farm"
  url = "rtsp://viewer:p%40ss@10.0.0.7/Streaming/Channels/101"
  online = { name = "tank farm camera reachable", limits = [] }
)";

}  // namespace

TEST_CASE("each camera registers four points with quantity, unit, location and period") {
  FakePointRegistrar points;
  auto driver = configure(kGate, points);
  REQUIRE(driver);
  CHECK(driver->bus_name() == "cameras");
  REQUIRE(points.points().size() == 8);

  const PointInfo* online = points.find("gate1.online");
  REQUIRE(online);
  CHECK(online->quantity == "camera_online");
  CHECK(online->unit.empty());
  CHECK(online->is_switch);
  CHECK(online->location == "mine entrance");
  CHECK(online->device == "gate-1");
  CHECK(online->poll_period == Millis{10'000});

  const PointInfo* response = points.find("gate1.response_ms");
  REQUIRE(response);
  CHECK(response->quantity == "response_time");
  CHECK(response->unit == "ms");
  CHECK_FALSE(response->is_switch);

  const PointInfo* video = points.find("gate1.video");
  REQUIRE(video);
  CHECK(video->quantity == "video_signal");
  CHECK(video->is_switch);
  // The user's rule keys reach the core with the point.
  CHECK(points.table_of("gate1.video").get("limits") != nullptr);

  const PointInfo* codec = points.find("gate1.codec");
  REQUIRE(codec);
  CHECK(codec->quantity == "codec");

  // No point_prefix: the camera's name; inline sub-tables work like [bus.camera.online].
  const PointInfo* tank = points.find("tank-farm.online");
  REQUIRE(tank);
  CHECK(tank->name == "tank farm camera reachable");
  CHECK(tank->poll_period == Millis{10'000});  // the default period
  CHECK(points.find("tank-farm.video")->name == "tank-farm video");
}

TEST_CASE("device_status lists every camera before the first poll, offline") {
  FakePointRegistrar points;
  auto driver = configure(kGate, points);
  const auto status = driver->device_status();
  REQUIRE(status.size() == 2);
  CHECK(status[0].bus == "cameras");
  CHECK(status[0].device == "gate-1");
  CHECK_FALSE(status[0].online);
  CHECK(status[1].device == "tank-farm");
}

TEST_CASE("the driver is registered by name") {
  const DriverFactory* f = DriverRegistry::instance().find("rtsp");
  REQUIRE(f);
  CHECK(f->configure);
  const auto docs = f->docs();
  REQUIRE(docs.size() == 3);
  CHECK(docs[1].first == "bus.camera");
}

TEST_CASE("unknown keys are refused with file, line and column") {
  CHECK_THAT(config_error(R"(
[[bus]]
name = "cameras"
driver = "rtsp"
cameras = []
)"),
             Catch::StartsWith("site.toml:5:1: bus[0].cameras: unknown key; allowed are: camera, "
                               "driver, name"));
  CHECK_THAT(config_error(R"(
[[bus]]
name = "c"
driver = "rtsp"
  [[bus.camera]]
  name = "a"
  url = "rtsp://h/"
  perod = "5s"
)"),
             Catch::StartsWith("site.toml:8:3: bus[0].camera[0].perod: unknown key"));
  CHECK_THAT(config_error(R"(
[[bus]]
name = "c"
driver = "rtsp"
  [[bus.camera]]
  name = "a"
  url = "rtsp://h/"
  video = { limit = [] }
)"),
             Catch::StartsWith("site.toml:8:13: bus[0].camera[0].video.limit: unknown key"));
}

TEST_CASE("ids, quantities and units of generated points belong to the driver") {
  CHECK_THAT(config_error(R"(
[[bus]]
name = "c"
driver = "rtsp"
  [[bus.camera]]
  name = "a"
  url = "rtsp://h/"
  online = { id = "x" }
)"),
             Catch::Contains("camera[0].online.id: set by the rtsp driver"));
}

TEST_CASE("an error the core finds in a user's point sub-table keeps its line") {
  // The fake core refuses `limits` that are not an array; the driver copied the table, and must
  // put the error back where the user wrote it.
  CHECK_THAT(
      config_error(R"(
[[bus]]
name = "c"
driver = "rtsp"
  [[bus.camera]]
  name = "a"
  url = "rtsp://h/"
    [bus.camera.video]
    name = "gate video"
    limits = "below 1"
)"),
      Catch::StartsWith("site.toml:10:14: bus[0].camera[0].video.limits: expected an array"));
}

TEST_CASE("duplicate point ids across cameras are refused") {
  CHECK_THAT(config_error(R"(
[[bus]]
name = "c"
driver = "rtsp"
  [[bus.camera]]
  name = "a"
  url = "rtsp://h/"
  point_prefix = "cam"
  [[bus.camera]]
  name = "b"
  url = "rtsp://k/"
  point_prefix = "cam"
)"),
             Catch::Contains("duplicate point id \"cam.online\""));
}

TEST_CASE("bad values are refused, and never with the password in the message") {
  const auto bus = [](const std::string& camera) {
    return "[[bus]]\nname = \"c\"\ndriver = \"rtsp\"\n[[bus.camera]]\nname = \"a\"\n" + camera;
  };
  const std::string secret = "Hunter2-secret";
  struct Case {
    std::string camera;
    std::string expected;
  };
  for (const auto& c : std::vector<Case>{
           {"url = \"http://admin:" + secret + "@h/\"", "camera[0].url: expected rtsp://"},
           {"url = \"rtsps://admin:" + secret + "@h/\"", "rtsps (RTSP over TLS) is not supported"},
           {"url = \"rtsp://admin:" + secret + "@h:99999/\"", "port must be a number"},
           {"url = \"rtsp://admin:" + secret + "@h/\"\nusername = \"other\"",
            "camera[0].username: credentials given twice"},
           {"url = \"rtsp://h/\"\npassword = \"" + secret + "\"",
            "camera[0].password: a password needs a username"},
           {"url = \"rtsp://h/\"\npassword = 12345", "camera[0].password: expected a string"},
           {"url = \"rtsp://h/\"\nperiod = \"5s\"\ntimeout = \"5s\"",
            "camera[0].timeout: must be shorter than the period"},
           {"url = \"rtsp://h/\"\ntimeout = \"10ms\"", "camera[0].timeout: expected a value in"},
           {"url = \"rtsp://h/\"\nperiod = \"10\"", "camera[0].period: expected a duration"},
           {"url = \"rtsp://h/\"\npoint_prefix = \"1gate\"", "camera[0].point_prefix: a point id"},
       }) {
    const std::string error = config_error(bus(c.camera));
    CAPTURE(c.camera);
    CHECK_THAT(error, Catch::Contains(c.expected));
    CHECK_THAT(error, !Catch::Contains(secret) && Catch::StartsWith("site.toml:"));
  }
  CHECK_THAT(config_error("[[bus]]\nname = \"c\"\ndriver = \"rtsp\"\n[[bus.camera]]\n"
                          "name = \"gate 1\"\nurl = \"rtsp://h/\"\n"),
             Catch::Contains("camera[0].name: expected a non-empty name"));
}

TEST_CASE("a bus without cameras, and duplicate camera names, are refused") {
  CHECK_THAT(config_error("[[bus]]\nname = \"c\"\ndriver = \"rtsp\"\n"),
             Catch::Contains("bus[0].camera: an rtsp bus needs at least one [[bus.camera]]"));
  CHECK_THAT(
      config_error("[[bus]]\nname = \"c\"\ndriver = \"rtsp\"\n"
                   "[[bus.camera]]\nname = \"a\"\nurl = \"rtsp://h/\"\npoint_prefix = \"x\"\n"
                   "[[bus.camera]]\nname = \"a\"\nurl = \"rtsp://k/\"\npoint_prefix = \"y\"\n"),
      Catch::Contains("camera[1].name: duplicate camera name \"a\""));
}

TEST_CASE("the shipped sample.toml parses and shows every declared camera key") {
  std::ifstream in(std::string(SITEWATCH_SOURCE_DIR) + "/drivers/rtsp/sample.toml");
  REQUIRE(in);
  const std::string sample((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  FakePointRegistrar points;
  auto driver = configure(sample, points);
  REQUIRE(driver);
  CHECK(points.points().size() == 8);
  CHECK(points.find("gate1.online")->location == "主井口");
  CHECK(points.find("store_cl2_cam.video") != nullptr);
  for (const auto& doc : camera_options().docs()) {
    CAPTURE(doc.key);
    CHECK_THAT(sample, Catch::Contains("  " + doc.key + " = "));
  }
  for (const auto table : kPointTables) {
    CAPTURE(table);
    CHECK_THAT(sample, Catch::Contains("[bus.camera." + std::string(table) + "]") ||
                           Catch::Contains("  " + std::string(table) + " = {"));
  }
}

TEST_CASE("a camera's auth is any or digest, nothing else") {
  const std::string camera = R"(
[[bus]]
name = "c"
driver = "rtsp"
  [[bus.camera]]
  name = "a"
  url = "rtsp://h/"
)";
  CHECK(config_error(camera + "  auth = \"digest\"\n") == "(no error)");
  CHECK_THAT(config_error(camera + "  auth = \"basic\"\n"),
             Catch::StartsWith("site.toml:8:10: bus[0].camera[0].auth: expected \"any\" or "
                               "\"digest\""));
}
