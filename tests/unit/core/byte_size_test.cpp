// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/byte_size.hpp"

using namespace sw;

TEST_CASE("sizes parse with a binary unit and refuse anything else") {
  CHECK(parse_byte_size("1MB") == ByteSize{1 << 20});
  CHECK(parse_byte_size("64MB") == ByteSize{64 << 20});
  CHECK(parse_byte_size("1GB") == ByteSize{std::int64_t{1} << 30});
  CHECK(parse_byte_size("1.5GB") == ByteSize{std::int64_t{3} << 29});
  CHECK(parse_byte_size("512KiB") == ByteSize{512 << 10});
  CHECK(parse_byte_size("100B") == ByteSize{100});
  CHECK_FALSE(parse_byte_size("64"));
  CHECK_FALSE(parse_byte_size("64 MB"));
  CHECK_FALSE(parse_byte_size("-1MB"));
  CHECK_FALSE(parse_byte_size("64mb"));
  CHECK_FALSE(parse_byte_size("1e30TB"));
}

TEST_CASE("sizes print in the largest whole unit") {
  CHECK(format_byte_size(ByteSize{std::int64_t{1} << 30}) == "1GB");
  CHECK(format_byte_size(ByteSize{64 << 20}) == "64MB");
  CHECK(format_byte_size(ByteSize{1536 << 10}) == "1536KB");
  CHECK(format_byte_size(ByteSize{100}) == "100B");
}

TEST_CASE("free space is a share of the filesystem or a size") {
  const auto share = parse_free_space("5%");
  REQUIRE(share);
  CHECK(share->bytes_of(1000) == 50);
  CHECK(format_free_space(*share) == "5%");
  const auto size = parse_free_space("200MB");
  REQUIRE(size);
  CHECK(size->bytes_of(1000) == 200 << 20);
  CHECK(format_free_space(*size) == "200MB");
  CHECK_FALSE(parse_free_space("95%"));
  CHECK_FALSE(parse_free_space("5"));
  CHECK_FALSE(parse_free_space("%"));
}
