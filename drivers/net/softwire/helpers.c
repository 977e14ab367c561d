// SPDX-License-Identifier: GPL-2.0
/* The support layer's C helpers, built into this module: the common ones and
 * those of the subsystems it uses (IPv6, IPv4-in-IPv6 tunnels,
 * netfilter and NAT). */
#include "../../../rust/helpers/helpers.c"
#include "../../../rust/helpers/ipv6.c"
#include "../../../rust/helpers/tunnel6.c"
#include "../../../rust/helpers/netfilter.c"
#include "../../../rust/helpers/nat.c"
#include "../../../rust/helpers/udp_tunnel.c"
