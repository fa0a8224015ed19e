// SPDX-License-Identifier: Apache-2.0
#pragma once
// OpenSSL's error queue as Paho hands it over —
//   "C0F6FF0F8F7F0000:error:0A000086:SSL routines:tls_post_process_server_certificate:
//    certificate verify failed:../ssl/statem/statem_clnt.c:1889:\n"
// — turned into what an operator can act on: "certificate verify failed
// (tls_post_process_server_certificate)". Lines not in OpenSSL's form are kept, trimmed.
#include <string>
#include <string_view>

namespace sw::uplink {

std::string tls_error_text(std::string_view openssl_errors);

}  // namespace sw::uplink
