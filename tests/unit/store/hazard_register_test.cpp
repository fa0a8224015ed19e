// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "store/hazard_register.hpp"
#include "store_test_data.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;
namespace data = sw::store::test;

namespace {

const WallTime kNow = from_epoch_ms(1'764'500'000'000);

struct RegisterFixture {
  sw::test::TempDir dir;
  Database db{dir.file("s.db")};
  HazardRegister hazards{db};

  std::int64_t count(const std::string& table) {
    auto s = db.prepare("SELECT count(*) FROM " + table);
    s.step();
    return s.column_int64(0);
  }
  HazardRecord inspection_finding() {
    return hazards.add({HazardSource::self_inspection, false, "瓦斯超限作业",
                        "煤矿安全规程 第498条", "回风隅角甲烷传感器位置不当", "", "张三", "root"},
                       kNow);
  }
};

HazardPlan full_plan() {
  return {"李四", "调整传感器位置", "0.5万元", "2026-12-31", "瓦斯超限撤人预案"};
}

}  // namespace

TEST_CASE(
    "a major-hazard alarm opens one monitoring record, and its worst value follows the alarm") {
  RegisterFixture f;
  AlarmEvent raised = data::methane_event(1);  // escalated into power_cut: a major hazard
  raised.kind = AlarmEventKind::raised;
  raised.value = 1.52;
  raised.peak = 1.52;
  f.hazards.on_alarm_events({raised});
  AlarmEvent worse = raised;
  worse.kind = AlarmEventKind::escalated;
  worse.value = worse.peak = 1.81;
  f.hazards.on_alarm_events({worse});

  const auto open = f.hazards.list(false);
  REQUIRE(open.size() == 1);
  const HazardRecord& r = open[0];
  CHECK(r.source == HazardSource::monitoring);
  CHECK(r.alarm_id == raised.alarm_id);
  CHECK(r.point == "face3.ch4");
  CHECK(r.clause == "煤矿安全规程 第498条");
  CHECK(r.category == "瓦斯超限作业");
  CHECK(r.first_value == 1.52);
  CHECK(r.worst_value == 1.81);
  CHECK(r.state == HazardState::open);
  CHECK(f.hazards.steps(r.id).size() == 1);
}

TEST_CASE("an alarm that is not a major hazard opens no record") {
  RegisterFixture f;
  f.hazards.on_alarm_events({data::methane_event(0)});  // level "alarm", not major
  CHECK(f.hazards.list(true).empty());
}

TEST_CASE("the closed loop: plan, rectify, close by someone else, every step chained") {
  RegisterFixture f;
  const auto opened = f.inspection_finding();
  CHECK(opened.source == HazardSource::self_inspection);

  const auto planned = f.hazards.plan(opened.id, full_plan(), {"王五", "root"}, kNow);
  CHECK(planned.state == HazardState::rectifying);
  CHECK(planned.plan.responsible == "李四");
  CHECK(planned.plan.deadline == "2026-12-31");

  const auto rectified =
      f.hazards.rectify(opened.id, "传感器移至距切顶线 ≤1 m", {"李四", "root"}, kNow);
  CHECK(rectified.state == HazardState::rectified);
  CHECK(rectified.rectified_by == "李四");

  const auto closed = f.hazards.close(opened.id, "验收合格", {"赵六", "root"}, kNow);
  CHECK(closed.state == HazardState::closed);
  CHECK(closed.closed_by == "赵六");
  CHECK(closed.closed_note == "验收合格");
  CHECK(f.hazards.list(false).empty());
  CHECK(f.hazards.list(true).size() == 1);

  const auto steps = f.hazards.steps(opened.id);
  REQUIRE(steps.size() == 4);
  CHECK(steps[0].action == "opened");
  CHECK(steps[3].action == "closed");
  CHECK(f.hazards.verify().intact);
}

TEST_CASE("an immediate fix goes from open straight to rectified, and reopening needs a reason") {
  RegisterFixture f;
  const auto r = f.inspection_finding();
  f.hazards.rectify(r.id, "当场断电", {"李四", ""}, kNow);
  CHECK_THROWS_WITH(f.hazards.reopen(r.id, "", {"赵六", ""}, kNow), "note is required");
  const auto again = f.hazards.reopen(r.id, "复查仍超限", {"赵六", ""}, kNow);
  CHECK(again.state == HazardState::open);
  CHECK(again.rectified_by.empty());
  CHECK(f.hazards.steps(r.id).size() == 3);
}

TEST_CASE("bad steps are refused and change nothing") {
  RegisterFixture f;
  const auto r = f.inspection_finding();
  const auto steps_before = f.count("hazard_steps");

  SECTION("unknown id") {
    CHECK_THROWS_WITH(f.hazards.rectify(999, "x", {"李四", ""}, kNow), "no hazard with id 999");
  }
  SECTION("rectifying without 责任人") {
    HazardPlan p = full_plan();
    p.responsible = "";
    CHECK_THROWS_WITH(f.hazards.plan(r.id, p, {"王五", ""}, kNow),
                      "responsible (责任人) is required");
  }
  SECTION("rectifying without 期限") {
    HazardPlan p = full_plan();
    p.deadline = "";
    CHECK_THROWS_WITH(f.hazards.plan(r.id, p, {"王五", ""}, kNow), "deadline (期限) is required");
  }
  SECTION("a deadline in the wrong format, or not a date") {
    for (const char* bad : {"31.12.2026", "2026-12-1", "2026-02-30", "2026-13-01"}) {
      HazardPlan p = full_plan();
      p.deadline = bad;
      CHECK_THROWS_WITH(f.hazards.plan(r.id, p, {"王五", ""}, kNow),
                        Catch::Contains("must be a date YYYY-MM-DD"));
    }
  }
  SECTION("closing by the one who rectified it") {
    f.hazards.rectify(r.id, "当场处理", {"李四", ""}, kNow);
    const auto steps_rectified = f.count("hazard_steps");
    CHECK_THROWS_WITH(f.hazards.close(r.id, "验收", {"李四", ""}, kNow),
                      Catch::Contains("must be accepted and closed by someone else"));
    CHECK(f.hazards.find(r.id)->state == HazardState::rectified);
    CHECK(f.count("hazard_steps") == steps_rectified);
    return;
  }
  SECTION("closing one that is not rectified") {
    CHECK_THROWS_WITH(f.hazards.close(r.id, "验收", {"赵六", ""}, kNow),
                      Catch::Contains("is open: it cannot be closed"));
  }
  CHECK(f.hazards.find(r.id)->state == HazardState::open);
  CHECK(f.count("hazard_steps") == steps_before);
}

TEST_CASE("records are never deleted and steps never changed") {
  RegisterFixture f;
  const auto r = f.inspection_finding();
  CHECK_THROWS_AS(f.db.exec("DELETE FROM hazards"), StoreError);
  CHECK_THROWS_AS(f.db.exec("DELETE FROM hazard_steps"), StoreError);
  CHECK_THROWS_AS(f.db.exec("UPDATE hazard_steps SET action = 'x'"), StoreError);
  CHECK(f.hazards.find(r.id).has_value());
}

TEST_CASE("an edited step breaks the chain") {
  RegisterFixture f;
  const auto r = f.inspection_finding();
  f.hazards.rectify(r.id, "当场处理", {"李四", ""}, kNow);
  f.hazards.close(r.id, "验收合格", {"赵六", ""}, kNow);
  f.db.exec("DROP TRIGGER hazard_steps_no_update");
  f.db.exec("UPDATE hazard_steps SET step_json = replace(step_json, '赵六', '李四') WHERE seq = 3");
  const auto v = f.hazards.verify();
  CHECK_FALSE(v.intact);
  CHECK(v.problem == "step 3: hash mismatch (edited)");
}

TEST_CASE("deadlines are real calendar dates in YYYY-MM-DD") {
  CHECK(is_calendar_date("2026-12-31"));
  CHECK(is_calendar_date("2028-02-29"));
  CHECK_FALSE(is_calendar_date("2026-02-29"));
  CHECK_FALSE(is_calendar_date("2026/12/31"));
  CHECK_FALSE(is_calendar_date("20261231"));
}
