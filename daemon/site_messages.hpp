// SPDX-License-Identifier: Apache-2.0
#pragma once
// How this site's messages are made, from its configuration: the encoder (the gateway's identity
// and [uplink.format]) and the topics. One place, so the rules thread, the publisher, the monthly
// report and a resend cannot disagree.
#include "config/site_config.hpp"
#include "uplink/message_encoder.hpp"
#include "uplink/topics.hpp"

namespace sw {

uplink::MessageEncoder encoder_of(const config::SiteConfig& config);
uplink::Topics topics_of(const config::SiteConfig& config);

}  // namespace sw
