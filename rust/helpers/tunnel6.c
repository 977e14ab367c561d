// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4-in-IPv6 tunnel handlers of the support layer (rust/support/tunnel6.rs):
 * tunnel6.ko's chain for IPPROTO_IPIP over IPv6 (xfrm6_tunnel_register with
 * AF_INET). Sending is ipv6.c's rsh_ip6_encap_xmit. Included by a module's
 * helpers.c, after ipv6.c.
 */

#include <net/ip.h>
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
	return rsh_skb_tunnel_rx(skb, dev, ETH_P_IP);
}

/*
 * Records @mtu as the path MTU to the destination of the IPv6 packet at
 * @skb->data (the quoted header of an ICMPv6 Packet Too Big a tunnel error
 * handler got), as ip6_tunnel does.
 */
void rsh_tunnel6_update_pmtu(struct sk_buff *skb, u32 mtu)
{
	struct net *net = dev_net(skb->dev);

	ip6_update_pmtu(skb, net, htonl(mtu), 0, 0, sock_net_uid(net, NULL));
}
