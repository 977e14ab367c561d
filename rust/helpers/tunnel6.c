// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4-in-IPv6 tunnel handlers of the support layer (rust/support/tunnel6.rs):
 * tunnel6.ko's chain for IPPROTO_IPIP over IPv6 (xfrm6_tunnel_register with
 * AF_INET), and IPv4 packets sent in IPv6 (RFC 2473). Included by a module's
 * helpers.c.
 */

#include <linux/ip6_tunnel.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/xfrm.h>
#include <linux/slab.h>

struct xfrm6_tunnel *rsh_tunnel46_register(int (*handler)(struct sk_buff *),
					   int (*err_handler)(struct sk_buff *,
							      struct inet6_skb_parm *,
							      u8, u8, int, __be32),
					   int priority, int *err)
{
	struct xfrm6_tunnel *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t) {
		*err = -ENOMEM;
		return NULL;
	}
	t->handler = handler;
	t->err_handler = err_handler;
	t->priority = priority;
	*err = xfrm6_tunnel_register(t, AF_INET);
	if (*err) {
		kfree(t);
		return NULL;
	}
	return t;
}

/* Deregisters (which waits for running handlers) and frees @t. */
void rsh_tunnel46_deregister(struct xfrm6_tunnel *t)
{
	xfrm6_tunnel_deregister(t, AF_INET);
	kfree(t);
}

/* The outer IPv6 header of a packet a tunnel handler receives. */
void rsh_tunnel6_outer(const struct sk_buff *skb, struct in6_addr *saddr,
		       struct in6_addr *daddr)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);

	*saddr = ip6h->saddr;
	*daddr = ip6h->daddr;
}

/*
 * Receives the inner IPv4 packet at @skb->data on @dev (a tunnel device):
 * the outer headers are dropped, the buffer scrubbed of the outer path's
 * state. Consumes @skb.
 */
int rsh_tunnel6_rx4(struct sk_buff *skb, struct net_device *dev)
{
	if (!pskb_may_pull(skb, sizeof(struct iphdr))) {
		kfree_skb(skb);
		return -EINVAL;
	}
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	skb_reset_mac_header(skb);
	skb->protocol = htons(ETH_P_IP);
	skb->pkt_type = PACKET_HOST;
	/*
	 * The checksum state stays: ip6_input pulled the outer header with
	 * skb_postpull_rcsum (CHECKSUM_COMPLETE), and a CHECKSUM_PARTIAL packet
	 * from a local sender (veth) still has its transport checksum to fill,
	 * which a software check would find wrong. As ip6_tunnel does.
	 */
	skb_scrub_packet(skb, !net_eq(dev_net(skb->dev), dev_net(dev)));
	skb->dev = dev;
	return netif_rx(skb) == NET_RX_SUCCESS ? 0 : -ENOBUFS;
}

/*
 * Sends the IPv4 packet @skb in IPv6 from @saddr to @daddr (RFC 2473,
 * next header 4), with an encapsulation limit option of @encap_limit
 * unless it is negative, the outer hop limit @hop_limit and the outer flow
 * label from the inner flow. Returns the MTU the outer route allows for
 * the inner packet in *@mtu (0 if unknown). @tdev is the tunnel device: a
 * route back into it is a loop. Consumes @skb.
 */
int rsh_tunnel6_xmit4(struct net *net, struct sk_buff *skb,
		      const struct in6_addr *saddr, const struct in6_addr *daddr,
		      u8 hop_limit, int encap_limit,
		      const struct net_device *tdev, unsigned int *mtu)
{
	struct flowi6 fl6 = {
		.daddr = *daddr,
		.saddr = *saddr,
		.flowi6_proto = IPPROTO_IPIP,
	};
	unsigned int hlen = sizeof(struct ipv6hdr) + (encap_limit >= 0 ? 8 : 0);
	struct dst_entry *dst;
	struct ipv6hdr *ip6h;
	__be32 flowlabel;
	int err;

	*mtu = 0;
	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		err = dst->error;
		dst_release(dst);
		goto drop;
	}
	if (dst->dev == tdev) {
		dst_release(dst);
		err = -ELOOP;
		goto drop;
	}
	*mtu = dst_mtu(dst) > hlen ? dst_mtu(dst) - hlen : 0;
	flowlabel = ip6_make_flowlabel(net, skb, 0, true, &fl6);
	skb_scrub_packet(skb, false);
	err = iptunnel_handle_offloads(skb, SKB_GSO_IPXIP6);
	if (err) {
		dst_release(dst);
		goto drop;
	}
	skb_set_inner_ipproto(skb, IPPROTO_IPIP);
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + hlen)) {
		dst_release(dst);
		err = -ENOMEM;
		goto drop;
	}
	if (encap_limit >= 0) {
		/* A destination options header with the tunnel encapsulation
		 * limit option and a PadN (RFC 2473 §5.1). */
		u8 *opt = skb_push(skb, 8);

		opt[0] = IPPROTO_IPIP;
		opt[1] = 0;
		opt[2] = IPV6_TLV_TNL_ENCAP_LIMIT;
		opt[3] = 1;
		opt[4] = encap_limit;
		opt[5] = IPV6_TLV_PADN;
		opt[6] = 1;
		opt[7] = 0;
	}
	ip6h = skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6_flow_hdr(ip6h, 0, flowlabel);
	ip6h->payload_len = 0;
	ip6h->nexthdr = encap_limit >= 0 ? NEXTHDR_DEST : IPPROTO_IPIP;
	ip6h->hop_limit = hop_limit;
	ip6h->saddr = *saddr;
	ip6h->daddr = *daddr;
	skb->protocol = htons(ETH_P_IPV6);
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	/* RFC 2473 §7.1: the entry point may fragment the outer packet. */
	skb->ignore_df = 1;
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	err = ip6_local_out(net, NULL, skb);
	return net_xmit_eval(err);
drop:
	kfree_skb(skb);
	return err;
}
