// SPDX-License-Identifier: Apache-2.0
// Modicon reference numbers, as device manuals print them.
#include <catch2/catch.hpp>

#include "drivers/modbus/modicon_address.hpp"

using namespace sw::modbus;

TEST_CASE("five-digit references name a table and a 0-based address") {
  CHECK(from_modicon(40001) == TableAddress{Table::holding, 0});
  CHECK(from_modicon(40003) == TableAddress{Table::holding, 2});  // Midas concentration
  CHECK(from_modicon(49999) == TableAddress{Table::holding, 9998});
  CHECK(from_modicon(30001) == TableAddress{Table::input, 0});
  CHECK(from_modicon(10001) == TableAddress{Table::discrete, 0});
  CHECK(from_modicon(1) == TableAddress{Table::coil, 0});
  CHECK(from_modicon(9999) == TableAddress{Table::coil, 9998});
}

TEST_CASE("six-digit references reach the whole 16-bit address space") {
  CHECK(from_modicon(400001) == TableAddress{Table::holding, 0});
  CHECK(from_modicon(465536) == TableAddress{Table::holding, 65535});
  CHECK(from_modicon(424577) == TableAddress{Table::holding, 0x6000});  // Chinese module status
  CHECK(from_modicon(300001) == TableAddress{Table::input, 0});
  CHECK(from_modicon(100001) == TableAddress{Table::discrete, 0});
}

TEST_CASE("numbers outside the reference ranges name nothing") {
  CHECK_FALSE(from_modicon(0));
  CHECK_FALSE(from_modicon(20001));
  CHECK_FALSE(from_modicon(50000));
  CHECK_FALSE(from_modicon(465537));
  CHECK_FALSE(from_modicon(-1));
}
