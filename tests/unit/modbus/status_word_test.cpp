// SPDX-License-Identifier: Apache-2.0
// Status registers → quality, for the two register maps of DOMAIN.md §5.
#include <catch2/catch.hpp>

#include "drivers/modbus/status_word.hpp"

using namespace sw;
using namespace sw::modbus;

namespace {
// Honeywell Midas 40001: bits 0-3 monitoring state, bits 4-5 fault state.
StatusSpec midas() {
  StatusSpec s;
  s.where = {Table::holding, 0};
  StatusField state;
  state.mask = 0x000F;
  state.warming_up = {0};
  state.calibrating = {2, 3, 4, 5, 6, 7, 8};
  StatusField fault;
  fault.mask = 0x0030;
  fault.device_fault = {1, 2};
  // Fault first: an instrument fault outranks any monitoring state.
  s.fields = {fault, state};
  return s;
}

// A common Chinese module 0x6000: bit 15 clear = warming up (bits 0-14 count down), set = running
// with bit 4 over range and bit 5 sensor lost.
StatusSpec chinese_module() {
  StatusSpec s;
  s.where = {Table::holding, 0x6000};
  StatusField running;
  running.mask = 0x8000;
  running.warming_up = {0};
  StatusField over_range;
  over_range.mask = 0x0010;
  over_range.out_of_range = {1};
  StatusField sensor_lost;
  sensor_lost.mask = 0x0020;
  sensor_lost.device_fault = {1};
  s.fields = {running, sensor_lost, over_range};
  return s;
}
}  // namespace

TEST_CASE("a field's value is the masked bits shifted down") {
  CHECK(field_value(0x0030, 0x0030) == 3);
  CHECK(field_value(0x0021, 0x0030) == 2);
  CHECK(field_value(0x8000, 0x8000) == 1);
  CHECK(field_value(0x1234, 0xFFFF) == 0x1234);
  CHECK(field_max(0x0007) == 7);
  CHECK(field_max(0x00F0) == 15);
}

TEST_CASE("Midas in monitor mode without faults reads good") {
  CHECK(evaluate_status(midas(), 0x0001).quality == Quality::good);
  // Alarm bits 6-7 and the heartbeat bit 11 say nothing about the reading's validity.
  CHECK(evaluate_status(midas(), 0x08C1).quality == Quality::good);
}

TEST_CASE("Midas warming up, inhibited or calibrating suppresses the reading") {
  CHECK(evaluate_status(midas(), 0x0000).quality == Quality::warming_up);
  CHECK(evaluate_status(midas(), 0x0002).quality == Quality::calibrating);
  CHECK(evaluate_status(midas(), 0x0008).quality == Quality::calibrating);
}

TEST_CASE("Midas maintenance or instrument fault is a device fault, whatever the state") {
  const auto v = evaluate_status(midas(), 0x0021);
  CHECK(v.quality == Quality::device_fault);
  CHECK(v.reason.find("0x0021") != std::string::npos);
  CHECK(v.reason.find("device_fault") != std::string::npos);
  CHECK(evaluate_status(midas(), 0x0010).quality == Quality::device_fault);
}

TEST_CASE("a Chinese module warming up is warming up even when its countdown looks like faults") {
  // 0x0030 left to count down: bits 4 and 5 set, but bit 15 clear means they are a number.
  const auto v = evaluate_status(chinese_module(), 0x0030);
  CHECK(v.quality == Quality::warming_up);
  CHECK(evaluate_status(chinese_module(), 0x0000).quality == Quality::warming_up);
}

TEST_CASE("a running Chinese module reports sensor lost and over range") {
  CHECK(evaluate_status(chinese_module(), 0x8000).quality == Quality::good);
  CHECK(evaluate_status(chinese_module(), 0x8003).quality == Quality::good);  // alarm bits only
  CHECK(evaluate_status(chinese_module(), 0x8020).quality == Quality::device_fault);
  CHECK(evaluate_status(chinese_module(), 0x8010).quality == Quality::out_of_range);
  CHECK(evaluate_status(chinese_module(), 0x8030).quality == Quality::device_fault);
}

TEST_CASE("a status without fields, or a value no field names, is good") {
  CHECK(evaluate_status(StatusSpec{}, 0xFFFF).quality == Quality::good);
  CHECK(evaluate_status(midas(), 0x000F).quality == Quality::good);
  CHECK(evaluate_status(midas(), 0x000F).reason.empty());
}
