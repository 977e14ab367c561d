// SPDX-License-Identifier: GPL-2.0
/*
 * UDP tunnel sockets of the support layer (rust/support/udp_tunnel.rs): a
 * kernel UDP/IPv4 socket whose datagrams go to an encap_rcv handler
 * (udp_sock_create4 + setup_udp_tunnel_sock), and sending datagrams from it
 * (udp_tunnel_xmit_skb). Included by a module's helpers.c. Needs
 * CONFIG_NET_UDP_TUNNEL (a module that includes this depends on
 * udp_tunnel.ko).
 */

#include <net/ip_tunnels.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

/* Opens a socket bound to @addr:@port (network order; 0 for any) in @net
 * whose datagrams go to @rcv with @user as sk_user_data. */
struct socket *rsh_udp4_tunnel_open(struct net *net, __be32 addr, __be16 port,
				    int (*rcv)(struct sock *, struct sk_buff *),
				    void *user, int *err)
{
	struct udp_port_cfg cfg = {
		.family = AF_INET,
		.local_ip.s_addr = addr,
		.local_udp_port = port,
	};
	struct udp_tunnel_sock_cfg tcfg = {
		.sk_user_data = user,
		.encap_type = 1,
		.encap_rcv = rcv,
	};
	struct socket *sock;

	*err = udp_sock_create4(net, &cfg, &sock);
	if (*err)
		return NULL;
#if RSH_KERNEL_7
	setup_udp_tunnel_sock(net, sock->sk, &tcfg);
#else
	setup_udp_tunnel_sock(net, sock, &tcfg);
#endif
	return sock;
}

/* Stops the handler and releases the socket; the caller waits for an RCU
 * grace period before freeing what sk_user_data pointed to. */
void rsh_udp_tunnel_close(struct socket *sock)
{
#if RSH_KERNEL_7
	udp_tunnel_sock_release(sock->sk);
#else
	udp_tunnel_sock_release(sock);
#endif
}

void *rsh_udp_tunnel_user(struct sock *sk)
{
	return rcu_dereference_sk_user_data(sk);
}

/* The local port of @sock, host order. */
u16 rsh_udp_tunnel_port(struct socket *sock)
{
	return ntohs(inet_sk(sock->sk)->inet_sport);
}

/*
 * In an encap_rcv handler (data at the UDP header): reads the sender's
 * address and port and the address it was sent to (network order), and
 * pulls the UDP header. Returns -EINVAL when the header is not there.
 */
int rsh_udp_tunnel_pull(struct sk_buff *skb, __be32 *saddr, __be16 *sport,
			__be32 *daddr)
{
	if (!pskb_may_pull(skb, sizeof(struct udphdr)))
		return -EINVAL;
	*saddr = ip_hdr(skb)->saddr;
	*daddr = ip_hdr(skb)->daddr;
	*sport = udp_hdr(skb)->source;
	__skb_pull(skb, sizeof(struct udphdr));
	skb_postpull_rcsum(skb, udp_hdr(skb), sizeof(struct udphdr));
	return 0;
}

/*
 * Sends @skb (the UDP payload at data; may be empty) from @sock to
 * @daddr:@dport (network order) with @ttl and @tos, routed in the socket's
 * namespace (@saddr 0: the route's source). Fragmentation is allowed (no
 * DF). @dev, if not NULL, is the tunnel device: a route back into it is
 * refused (-ELOOP); its counters are the caller's. Consumes @skb.
 */
int rsh_udp4_tunnel_xmit(struct socket *sock, struct sk_buff *skb,
			 struct net_device *dev, __be32 saddr, __be32 daddr,
			 __be16 dport, u8 ttl, u8 tos)
{
	struct sock *sk = sock->sk;
	struct net *net = sock_net(sk);
	struct flowi4 fl4 = {
		.daddr = daddr,
		.saddr = saddr,
		.flowi4_proto = IPPROTO_UDP,
		.fl4_sport = inet_sk(sk)->inet_sport,
		.fl4_dport = dport,
	};
	struct rtable *rt;
	int err;

	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt)) {
		kfree_skb(skb);
		return PTR_ERR(rt);
	}
	if (dev && rt->dst.dev == dev) {
		ip_rt_put(rt);
		kfree_skb(skb);
		return -ELOOP;
	}
	err = skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) + rt->dst.header_len +
				sizeof(struct iphdr) + sizeof(struct udphdr));
	if (err) {
		ip_rt_put(rt);
		kfree_skb(skb);
		return err;
	}
	skb_scrub_packet(skb, false);
	/* iptunnel_xmit() would count it on skb->dev's tstats. */
	skb->dev = NULL;
	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, daddr, tos, ttl, 0,
			    inet_sk(sk)->inet_sport, dport, false, false
#if RSH_KERNEL_7
			    , 0
#endif
			    );
	return 0;
}
