// SPDX-License-Identifier: Apache-2.0
#include "message_seq.hpp"

#include <spdlog/spdlog.h>

#include "gateway_store.hpp"

namespace sw {

MessageSeq::MessageSeq(GatewayStore& store, std::int64_t block)
    : store_(store), block_(block), seq_(store.last_seq()), reserved_(seq_.load()) {}

std::int64_t MessageSeq::next() {
  const std::int64_t n = ++seq_;
  if (n <= reserved_.load()) return n;
  std::lock_guard lock(reserving_);
  if (n <= reserved_.load()) return n;  // another thread reserved meanwhile
  const std::int64_t up_to = n + block_ - 1;
  try {
    store_.reserve_seq(up_to);
    reserved_ = up_to;
  } catch (const std::exception& e) {
    spdlog::error("[gateway] cannot reserve message numbers up to {}: {}", up_to, e.what());
  }
  return n;
}

}  // namespace sw
