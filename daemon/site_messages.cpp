// SPDX-License-Identifier: Apache-2.0
#include "site_messages.hpp"

namespace sw {

uplink::MessageEncoder encoder_of(const config::SiteConfig& config) {
  return uplink::MessageEncoder({config.site.enterprise_code, config.site.gateway_id,
                                 config::enum_name(config.site.site_type)},
                                config.format);
}

uplink::Topics topics_of(const config::SiteConfig& config) {
  return uplink::Topics(config.mqtt.topic_prefix, config.site.enterprise_code,
                        config.site.gateway_id);
}

}  // namespace sw
