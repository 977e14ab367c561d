# rmnet_add.py NAME LINK MUX FLAGS: creates an rmnet device with data_format FLAGS
# (iproute2 6.1 cannot set IFLA_RMNET_FLAGS). Test helper only.
import os, socket, struct, sys

def attr(t, data):
    l = 4 + len(data)
    return struct.pack('=HH', l, t) + data + b'\0' * ((4 - l % 4) % 4)

name, link, mux, flags = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4], 0)
data = attr(1, struct.pack('=H', mux)) + attr(2, struct.pack('=II', flags, 0x3f))
info = attr(1, b'rmnet\0') + attr(2 | 0x8000, data)
body = (struct.pack('=BxHiII', 0, 0, 0, 0, 0) + attr(3, name.encode() + b'\0')
        + attr(5, struct.pack('=I', socket.if_nametoindex(link))) + attr(18 | 0x8000, info))
msg = struct.pack('=IHHII', 16 + len(body), 16, 1 | 4 | 0x400 | 0x200, 1, 0) + body
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
s.send(msg)
r = s.recv(4096)
err = struct.unpack('=i', r[16:20])[0]
if err:
    sys.exit('rmnet_add: ' + os.strerror(-err))
