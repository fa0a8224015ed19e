// The 隐患台账 through the real daemon and sitewatchctl (issue 14): bad input is refused with its
// reason, exit 1, and changes nothing.
#include <catch2/catch.hpp>

#include "console_site.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

// `sitewatchctl ARGS` must be refused: exit 1 and the daemon's reason on stderr.
void require_refused(ConsoleSite& site, const std::vector<std::string>& args,
                     const std::string& reason) {
  const auto run = site.ctl(args);
  INFO("sitewatchctl " << ConsoleSite::join(args) << "\nstdout: " << run.out
                       << "\nstderr: " << run.err);
  CHECK(run.code == 1);
  CHECK_THAT(run.err, Catch::Contains(reason));
}

std::vector<std::string> step_actions(const json& shown) {
  std::vector<std::string> out;
  for (const auto& s : shown["steps"]) out.push_back(s.value("action", ""));
  return out;
}

}  // namespace

TEST_CASE(
    "bad hazard steps are refused with their reason and exit 1, and change nothing: unknown id, "
    "missing 责任人 or 期限, a date in the wrong format, closing by the rectifier") {
  ConsoleSite site;
  const json added = site.ctl_json({"hazard", "add", "--category", "瓦斯超限作业", "--clause",
                                    "煤矿安全规程 第498条", "--description",
                                    "回风隅角甲烷传感器悬挂位置不当", "--by", "张三"});
  const std::int64_t id = added.value("id", std::int64_t{0});
  REQUIRE(id > 0);
  CHECK(added["state"] == "open");
  CHECK(added["source"] == "self_inspection");
  const std::string sid = std::to_string(id);

  require_refused(site, {"hazard", "rectify", "99999", "--by", "李四", "--note", "x"},
                  "no hazard with id 99999");
  require_refused(
      site,
      {"hazard", "plan", sid, "--by", "张三", "--measures", "调整位置", "--deadline", "2026-12-31"},
      "responsible (责任人) is required");
  require_refused(site, {"hazard", "plan", sid, "--by", "张三", "--responsible", "李四"},
                  "deadline (期限) is required");
  require_refused(
      site,
      {"hazard", "plan", sid, "--by", "张三", "--responsible", "李四", "--deadline", "2026/12/31"},
      "deadline (期限) must be a date YYYY-MM-DD");
  require_refused(
      site,
      {"hazard", "plan", sid, "--by", "张三", "--responsible", "李四", "--deadline", "2026-02-30"},
      "must be a date YYYY-MM-DD");
  require_refused(site, {"hazard", "close", sid, "--by", "王五", "--note", "验收"},
                  "it cannot be closed (only rectified ones)");
  require_refused(site, {"hazard", "rectify", sid, "--by", "李四"}, "note is required");
  // None of it changed the record: still open, one step.
  json shown = site.ctl_json({"hazard", "show", sid});
  CHECK(shown["state"] == "open");
  CHECK(shown["plan"].is_null());
  CHECK(step_actions(shown) == std::vector<std::string>{"opened"});

  const json planned =
      site.ctl_json({"hazard", "plan", sid, "--by", "张三", "--responsible", "李四", "--measures",
                     "调整传感器位置", "--funds", "0.5万元", "--deadline", "2026-12-31",
                     "--contingency", "瓦斯超限撤人预案"});
  CHECK(planned["state"] == "rectifying");
  CHECK(planned["deadline"] == "2026-12-31");
  site.ctl_json({"hazard", "rectify", sid, "--by", "李四", "--note", "传感器移至距顶板300mm处"});
  require_refused(site, {"hazard", "close", sid, "--by", "李四", "--note", "自验"},
                  "must be accepted and closed by someone else");
  shown = site.ctl_json({"hazard", "show", sid});
  CHECK(shown["state"] == "rectified");
  CHECK(shown["closed"].is_null());
  CHECK(step_actions(shown) == std::vector<std::string>{"opened", "planned", "rectified"});
  CHECK(shown["chain"]["intact"] == true);
}
