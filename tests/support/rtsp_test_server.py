#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A real RTSP server for the rtsp driver's integration tests: GStreamer's gst-rtsp-server.

Mounts (all on 127.0.0.1:<port>):
  /jpeg   videotestsrc -> jpegenc   -> rtpjpegpay  (codec JPEG, from plugins-good)
  /vp8    videotestsrc -> vp8enc    -> rtpvp8pay   (codec VP8, from plugins-good)
  /h264   videotestsrc -> openh264enc -> rtph264pay (codec H264; only when openh264enc exists)
  /audio  audiotestsrc -> rtpL16pay                (no video stream at all)

--auth basic|digest protects every mount with --user/--password. Prints
"READY port=<port> mounts=/jpeg,/vp8,..." on stdout once it accepts connections, so a test awaits
that line instead of sleeping (and learns whether /h264 exists). Runs until SIGTERM/SIGINT.

Use the system interpreter (/usr/bin/python3): python3-gi is a Debian package.
"""
import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

# Small, slow streams: the tests only DESCRIBE, but the server prepares (prerolls) the media to
# answer, so each DESCRIBE starts an encoder.
# format=I420: rtpjpegpay refuses the JPEG that jpegenc makes from videotestsrc's default format
# ("Invalid component"), and the media would never finish preparing.
VIDEO_SRC = "videotestsrc is-live=true ! video/x-raw,format=I420,width=160,height=120,framerate=5/1"
LAUNCH = {
    "/jpeg": f"( {VIDEO_SRC} ! jpegenc ! rtpjpegpay name=pay0 pt=26 )",
    "/vp8": f"( {VIDEO_SRC} ! vp8enc deadline=1 ! rtpvp8pay name=pay0 pt=96 )",
    "/h264": f"( {VIDEO_SRC} ! openh264enc ! rtph264pay name=pay0 pt=96 )",
    "/audio": "( audiotestsrc is-live=true ! audioconvert ! audio/x-raw,rate=8000,channels=1 "
    "! rtpL16pay name=pay0 pt=97 )",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--auth", choices=["none", "basic", "digest"], default="none")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))

    mounts = server.get_mount_points()
    served = []
    for path, launch in LAUNCH.items():
        if path == "/h264" and Gst.ElementFactory.find("openh264enc") is None:
            continue
        served.append(path)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch)
        # Not shared: a shared media being torn down after one client leaves makes the next
        # DESCRIBE answer 503 Service Unavailable, a race the tests must not depend on.
        factory.set_shared(False)
        if args.auth != "none":
            factory.add_role_from_structure(
                Gst.Structure.new_from_string(
                    "user, media.factory.access=(boolean)true, "
                    "media.factory.construct=(boolean)true"
                )
            )
        mounts.add_factory(path, factory)

    if args.auth != "none":
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "user")
        if args.auth == "basic":
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        else:
            auth.add_digest(args.user, args.password, token)
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        server.set_auth(auth)

    if server.attach(None) == 0:
        print(f"FAILED to listen on 127.0.0.1:{args.port}", flush=True)
        return 1

    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print(f"READY port={args.port} mounts={','.join(served)}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
