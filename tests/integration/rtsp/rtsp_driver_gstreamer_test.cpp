// SPDX-License-Identifier: Apache-2.0
// The rtsp driver against a real RTSP server (GStreamer's gst-rtsp-server): the camera points a
// site sees for a live camera, with Digest and Basic auth, with a wrong password, and across the
// server being killed and restarted.
#include <catch2/catch.hpp>

#include "driver_runner.hpp"
#include "drivers/rtsp/rtsp_driver.hpp"
#include "gst_rtsp_server.hpp"
#include "scripted_rtsp_server.hpp"

using namespace sw;
using namespace sw::rtsp;
using namespace sw::rtsp::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPassword = "Gate-Secret-42";

CameraConfig camera(const std::string& name, const std::string& url, Millis period = 10'000ms,
                    Millis timeout = 3000ms) {
  CameraConfig c;
  c.name = name;
  auto parsed = parse_rtsp_url(url);
  REQUIRE(parsed);
  c.url = *parsed;
  c.period = period;
  c.timeout = timeout;
  c.points = CameraPointIds::with_prefix(name);
  // Every camera's four points get indices of their own, as the site config numbers them.
  static PointIndex next = 0;
  c.points.index = {next, next + 1, next + 2, next + 3};
  next += 4;
  return c;
}

CameraConfig with_user(CameraConfig c, const std::string& user, const std::string& password) {
  c.url.username = user;
  c.url.password = password;
  return c;
}

// One poll of every camera (all are due at start); the samples by point id.
std::map<std::string, Sample> poll_once(RtspDriver& driver) {
  std::vector<Sample> out;
  driver.poll(SteadyClock::now(), out);
  std::map<std::string, Sample> by_point;
  for (auto& s : out) by_point[driver.point_id(s.point)] = s;
  return by_point;
}

const DeviceStatus& status_of(const std::vector<DeviceStatus>& all, const std::string& device) {
  for (const auto& s : all)
    if (s.device == device) return s;
  FAIL("no device status for " << device);
  return all.front();
}

void check_no_secret(const std::map<std::string, Sample>& samples,
                     const std::vector<DeviceStatus>& status, const std::string& logs) {
  for (const auto& [id, s] : samples) {
    CHECK_THAT(s.reason + s.text, !Catch::Contains(kPassword));
  }
  for (const auto& st : status) CHECK_THAT(st.last_error, !Catch::Contains(kPassword));
  CHECK_THAT(logs, !Catch::Contains(kPassword));
}

}  // namespace

TEST_CASE("live cameras: online, video present, codec named, response time measured") {
  GstRtspServer server;
  std::vector<CameraConfig> cams{
      camera("jpeg", server.url("/jpeg")), camera("vp8", server.url("/vp8")),
      camera("audio", server.url("/audio")), camera("missing", server.url("/no-such-mount"))};
  if (server.has_mount("/h264")) cams.push_back(camera("h264", server.url("/h264")));
  RtspDriver driver("cameras", cams);
  auto s = poll_once(driver);

  SECTION("a video camera reports all four points good") {
    CHECK(s["jpeg.online"].quality == Quality::good);
    CHECK(s["jpeg.online"].value == 1);
    CHECK(s["jpeg.response_ms"].quality == Quality::good);
    CHECK(s["jpeg.response_ms"].value > 0);
    CHECK(s["jpeg.video"].value == 1);
    CHECK(s["jpeg.codec"].text == "JPEG");
    CHECK(s["vp8.codec"].text == "VP8");
    if (server.has_mount("/h264")) CHECK(s["h264.codec"].text == "H264");
    const auto st = status_of(driver.device_status(), "jpeg");
    CHECK(st.online);
    CHECK(st.requests == 2);  // OPTIONS and DESCRIBE
    CHECK(st.errors.empty());
    CHECK(st.last_latency_ms > 0);
    CHECK(st.avg_latency_ms == st.last_latency_ms);
    CHECK(st.last_success.has_value());
    CHECK(st.last_error.empty());
  }
  SECTION("an audio-only stream is a camera without video: video is a good 0") {
    CHECK(s["audio.online"].value == 1);
    CHECK(s["audio.video"].quality == Quality::good);
    CHECK(s["audio.video"].value == 0);
    CHECK(s["audio.codec"].text == "none");
    CHECK(status_of(driver.device_status(), "audio").errors.at("no_video") == 1);
  }
  SECTION("a wrong path: the server answers 404, the video is a device fault") {
    CHECK(s["missing.online"].value == 1);
    CHECK(s["missing.video"].quality == Quality::device_fault);
    CHECK(s["missing.video"].reason == "DESCRIBE answered 404 Not Found");
    CHECK(status_of(driver.device_status(), "missing").errors.at("status") == 1);
  }
}

TEST_CASE("Digest auth: the right password gives video, a wrong one a clear auth fault") {
  LogCapture logs;
  GstRtspServer server({"digest", "admin", kPassword});
  const std::string in_url = "rtsp://admin:" + std::string(kPassword) +
                             "@127.0.0.1:" + std::to_string(server.port()) + "/jpeg";
  RtspDriver driver(
      "cameras",
      {with_user(camera("good", server.url("/jpeg")), "admin", kPassword), camera("in-url", in_url),
       with_user(camera("wrong", server.url("/jpeg")), "admin", "not-the-password"),
       camera("none", server.url("/jpeg"))});
  auto s = poll_once(driver);
  const auto status = driver.device_status();

  CHECK(s["good.video"].quality == Quality::good);
  CHECK(s["good.video"].value == 1);
  CHECK(s["good.codec"].text == "JPEG");
  CHECK(status_of(status, "good").errors.empty());
  CHECK(s["in-url.video"].value == 1);  // credentials in the URL work the same

  // Wrong password: reachable (online 1, good) but the video cannot be proven.
  CHECK(s["wrong.online"].quality == Quality::good);
  CHECK(s["wrong.online"].value == 1);
  CHECK(s["wrong.video"].quality == Quality::device_fault);
  CHECK(s["wrong.video"].reason == "authentication failed (401)");
  CHECK(s["wrong.codec"].quality == Quality::device_fault);
  const auto& wrong = status_of(status, "wrong");
  CHECK(wrong.online);
  CHECK(wrong.errors.at("auth") == 1);
  CHECK_THAT(wrong.last_error,
             Catch::StartsWith("authentication failed (401) for DESCRIBE: the camera refused our "
                               "Digest credentials"));
  CHECK_THAT(logs.text(), Catch::Contains("[rtsp:cameras/wrong] authentication failed (401)"));

  CHECK(s["none.video"].quality == Quality::device_fault);
  CHECK(s["none.video"].reason == "authentication required (401)");

  check_no_secret(s, status, logs.text());
  CHECK_THAT(logs.text(), Catch::Contains("rtsp://127.0.0.1:" + std::to_string(server.port()) +
                                          "/jpeg"));  // the URL is logged, without credentials
  CHECK_THAT(logs.text(), !Catch::Contains("not-the-password"));
}

TEST_CASE("Basic auth: the right password gives video, a wrong one a clear auth fault") {
  LogCapture logs;
  GstRtspServer server({"basic", "admin", kPassword});
  RtspDriver driver("cameras",
                    {with_user(camera("good", server.url("/jpeg")), "admin", kPassword),
                     with_user(camera("wrong", server.url("/jpeg")), "admin", "nope-nope")});
  auto s = poll_once(driver);
  CHECK(s["good.video"].value == 1);
  CHECK(s["good.video"].quality == Quality::good);
  CHECK(s["wrong.online"].value == 1);
  CHECK(s["wrong.video"].quality == Quality::device_fault);
  CHECK(s["wrong.video"].reason == "authentication failed (401)");
  CHECK_THAT(status_of(driver.device_status(), "wrong").last_error,
             Catch::Contains("refused our Basic credentials"));
  check_no_secret(s, driver.device_status(), logs.text());
}

TEST_CASE("a server that dies is offline with video comm_loss within two periods, then recovers") {
  LogCapture logs;
  GstRtspServer server({"digest", "admin", kPassword});
  constexpr Millis kPeriod = 1000ms;
  RtspDriver driver("cameras", {with_user(camera("gate", server.url("/jpeg"), kPeriod, 800ms),
                                          "admin", kPassword)});
  DriverRunner runner(driver);
  const auto is_good_video = [](const Sample& s) {
    return s.quality == Quality::good && s.value == 1;
  };
  const SteadyTime t0 = SteadyClock::now();
  REQUIRE(sw::test::wait_until(
      [&] { return runner.find("gate.video", t0, is_good_video).has_value(); }, 10s));

  server.kill();
  const SteadyTime killed = SteadyClock::now();
  std::optional<ArrivedSample> offline;
  REQUIRE(sw::test::wait_until(
      [&] {
        offline = runner.find("gate.online", killed, [](const Sample& s) { return s.value == 0; });
        return offline.has_value();
      },
      5s));
  // DESIGN.md: a device that stops answering is comm_loss within two poll periods.
  CHECK(offline->arrived - killed <= 2 * kPeriod);
  CHECK(offline->sample.quality == Quality::good);  // a known offline
  CHECK(offline->sample.reason == "connection refused (connect)");
  const auto video = runner.find("gate.video", killed,
                                 [](const Sample& s) { return s.quality == Quality::comm_loss; });
  REQUIRE(video);
  CHECK(video->sample.reason == "connection refused (connect)");
  CHECK(video->arrived - killed <= 2 * kPeriod);
  CHECK_FALSE(status_of(driver.device_status(), "gate").online);
  CHECK(status_of(driver.device_status(), "gate").errors.at("refused") >= 1);
  CHECK_THAT(logs.text(), Catch::Contains("[rtsp:cameras/gate] offline: connection refused"));

  server.start();  // same port
  const SteadyTime restarted = SteadyClock::now();
  const bool back = sw::test::wait_until(
      [&] { return runner.find("gate.video", restarted, is_good_video).has_value(); }, 10s);
  CHECK(back);
  CHECK(runner.latest("gate.online")->value == 1);
  const auto st = status_of(driver.device_status(), "gate");
  CHECK(st.online);
  CHECK(st.last_error.empty());
  CHECK_THAT(logs.text(), Catch::Contains("[rtsp:cameras/gate] video present (JPEG)"));
  CHECK_THAT(logs.text(), !Catch::Contains(kPassword));
}

TEST_CASE("a dead camera delays the others on the bus by at most its own timeout") {
  GstRtspServer server;
  ScriptedRtspServer silent([](const ScriptedRequest&) { return ScriptedAnswer{"", false, true}; });
  BlackholeListener hole;
  RtspDriver driver(
      "cameras",
      {camera("silent", silent.url(), 5000ms, 500ms),
       camera("blackhole", "rtsp://127.0.0.1:" + std::to_string(hole.port()) + "/x", 5000ms, 500ms),
       camera("live", server.url("/jpeg"), 5000ms, 3000ms)});
  // Warm the server's media pipeline once, so the timing below measures the dead cameras only.
  poll_once(driver);
  RtspDriver timed(
      "cameras",
      {camera("silent", silent.url(), 5000ms, 500ms),
       camera("blackhole", "rtsp://127.0.0.1:" + std::to_string(hole.port()) + "/x", 5000ms, 500ms),
       camera("live", server.url("/jpeg"), 5000ms, 3000ms)});
  const SteadyTime start = SteadyClock::now();
  auto s = poll_once(timed);
  const double took = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
  CHECK(s["silent.online"].value == 0);
  CHECK(s["silent.video"].quality == Quality::comm_loss);
  CHECK(s["blackhole.video"].quality == Quality::comm_loss);
  CHECK(s["blackhole.video"].reason == "no answer within 500ms (connect)");
  CHECK(s["live.video"].value == 1);
  CHECK(s["live.video"].quality == Quality::good);
  // Two dead cameras at 500 ms each, plus one live DESCRIBE: never more than their timeouts.
  CHECK(took >= 1000);
  CHECK(took < 1000 + 1000);
  const auto st = status_of(timed.device_status(), "blackhole");
  CHECK(st.errors.at("timeout") == 1);
}
