// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "uplink/tls_error_text.hpp"

using sw::uplink::tls_error_text;

TEST_CASE("OpenSSL's error lines become a reason an operator can act on", "[tls]") {
  CHECK(
      tls_error_text("C0F6FF0F8F7F0000:error:0A000086:SSL routines:tls_post_process_server_"
                     "certificate:certificate verify failed:../ssl/statem/statem_clnt.c:1889:\n") ==
      "certificate verify failed (tls_post_process_server_certificate)");
  CHECK(tls_error_text("4097:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake "
                       "failure:../ssl/record/rec_layer_s3.c:1584:SSL alert number 40\n") ==
        "sslv3 alert handshake failure (ssl3_read_bytes): SSL alert number 40");
  CHECK(tls_error_text("x:error:1:BIO routines:BIO_new_file:no such file:f.c:1:\n"
                       "x:error:1:BIO routines:BIO_new_file:no such file:f.c:1:\n") ==
        "no such file (BIO_new_file)");
  CHECK(tls_error_text("  plain text from somewhere \n\n") == "plain text from somewhere");
  CHECK(tls_error_text("") == "");
}
