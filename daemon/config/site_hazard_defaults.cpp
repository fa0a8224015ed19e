// SPDX-License-Identifier: Apache-2.0
#include "config/site_hazard_defaults.hpp"

namespace sw::config {

namespace {
// 煤矿重大事故隐患判定标准 (2020, 应急管理部令第4号). Article heads and 第七条's text V
// (third-party copies); the item numbers inside 第五条 and 第十八条 B (DOMAIN.md §1: verify before
// relying).
constexpr const char* kCoal = "煤矿重大事故隐患判定标准 ";
// 第五条(二) (category 二 瓦斯超限作业, every mine): 瓦斯超限后继续作业. Item B.
constexpr const char* kArt5 = "第五条(二) 瓦斯超限后继续作业";
// 第七条(二) (category 四, high-gas and outburst mines):
// 未按照国家规定安设、调校甲烷传感器，人为造成
// 甲烷传感器失效，或者瓦斯超限后不能报警、断电或者断电范围不符合国家规定. V.
constexpr const char* kArt7Cut = "第七条(二) 瓦斯超限后不能断电";
constexpr const char* kArt7Calibration = "第七条(二) 未按照国家规定调校甲烷传感器";
// 第十八条(六) (category 十五 其他, every mine):
// 安全监控系统不能正常运行，对系统数据进行修改、删除及
// 屏蔽，或者煤与瓦斯突出矿井存在第七条第二项情形. Item B.
constexpr const char* kArt18 = "第十八条(六) 安全监控系统不能正常运行";
constexpr const char* kArt18Outburst = "第十八条(六) 突出矿井存在第七条第二项情形";
constexpr const char* kArt18Masked = "第十八条(六) 对系统数据进行屏蔽";
constexpr const char* kArt7Masked = "第七条(二) 人为造成甲烷传感器失效";

HazardTexts coal(GasClass gas) {
  HazardTexts t;
  t.fault_clause = std::string(kCoal) + kArt18;
  t.fault_hazard_category = "其他重大事故隐患";
  t.cut_hazard_category = "瓦斯超限作业";
  t.cut_clause = std::string(kCoal) + kArt5;
  // A sensor held in calibration or inhibit: its data masked, in every mine.
  t.masked_clause = std::string(kCoal) + kArt18Masked;
  t.masked_hazard_category = "其他重大事故隐患";
  if (gas == GasClass::low) return t;  // 第七条 is for high-gas and outburst mines only
  t.cut_clause += std::string(" / ") + kArt7Cut;
  t.masked_clause = std::string(kCoal) + kArt7Masked + " / " + kArt18Masked;
  t.masked_hazard_category = "高瓦斯矿井监控系统不能正常运行";
  t.calibration_clause = std::string(kCoal) + kArt7Calibration;
  t.calibration_hazard_category = "高瓦斯矿井监控系统不能正常运行";
  if (gas == GasClass::outburst) {
    t.cut_clause += std::string(" / ") + kArt18Outburst;
    t.calibration_clause += std::string(" / ") + kArt18Outburst;
  }
  return t;
}
}  // namespace

HazardTexts hazard_defaults(SiteType type, std::optional<GasClass> gas_class) {
  HazardTexts t;
  switch (type) {
    case SiteType::coal_mine:
      return coal(gas_class.value_or(GasClass::high));
    case SiteType::chemical_plant:
      // 化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）(安监总管三〔2017〕121号)
      // item 十二: gas detection alarms not set or not working as national standards require. B.
      t.fault_clause = "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行） 十二";
      t.fault_hazard_category = "可燃和有毒气体检测报警不能正常运行";
      t.calibration_clause = t.fault_clause;
      t.masked_clause = t.fault_clause;
      t.masked_hazard_category = t.fault_hazard_category;
      return t;
    case SiteType::gas_site:
      // 城镇燃气经营安全重大隐患判定标准 (住建部, 2023): leak alarms missing or not working are
      // listed; the item's number is not known to us (B), so the standard is named without one.
      t.fault_clause = "城镇燃气经营安全重大隐患判定标准 (燃气泄漏报警装置不能正常工作)";
      t.fault_hazard_category = "燃气泄漏报警不能正常工作";
      t.masked_clause = t.fault_clause;
      t.masked_hazard_category = t.fault_hazard_category;
      return t;
    case SiteType::non_coal_mine:
      // 金属非金属地下矿山 / 尾矿库重大事故隐患判定标准 (2022): the monitoring system not working
      // is listed; item numbers not known to us (B), so the standard is named without one.
      t.fault_clause = "金属非金属矿山重大事故隐患判定标准 (安全监测监控系统不能正常运行)";
      t.fault_hazard_category = "安全监测监控系统不能正常运行";
      t.masked_clause = t.fault_clause;
      t.masked_hazard_category = t.fault_hazard_category;
      return t;
    case SiteType::other:
      break;  // no major-hazard cite unless the site configures one
  }
  return t;
}

void apply_hazard_defaults(const HazardTexts& d, rules::PointRules& r) {
  const auto fill = [](std::string& field, const std::string& value) {
    if (field.empty()) field = value;
  };
  fill(r.fault_clause, d.fault_clause);
  fill(r.fault_hazard_category, d.fault_hazard_category);
  fill(r.cut_clause, d.cut_clause);
  fill(r.cut_hazard_category, d.cut_hazard_category);
  fill(r.calibration_clause, d.calibration_clause);
  fill(r.calibration_hazard_category, d.calibration_hazard_category);
  fill(r.masked_clause, d.masked_clause);
  fill(r.masked_hazard_category, d.masked_hazard_category);
}

}  // namespace sw::config
