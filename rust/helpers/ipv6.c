// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 helpers of the support layer (rust/support/ipv6.rs): sending packets a
 * module built itself, ip6ip6 encapsulation and decapsulation (RFC 2473),
 * neighbour discovery on behalf of other nodes, address queries. Included by
 * helpers.c.
 */

#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ip6_tunnel.h>
#include <net/addrconf.h>
#include <net/gso.h>
#include <net/icmp.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#if !RSH_KERNEL_7
#include <net/ipv6_stubs.h>
#endif
#include <net/l3mdev.h>
#include <net/ndisc.h>

struct sk_buff *rsh_ip6_alloc(unsigned int len)
{
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + len, GFP_ATOMIC);

	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	skb->protocol = htons(ETH_P_IPV6);
	return skb;
}

/* Routes @skb by the addresses of its IPv6 header and sets the route. */
static int rsh_ip6_route(struct net *net, struct sk_buff *skb, int oif)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.flowi6_oif = oif,
		.daddr = ip6h->daddr,
		.saddr = ip6h->saddr,
		.flowi6_proto = ip6h->nexthdr,
	};
	struct dst_entry *dst;

	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		int err = dst->error;

		dst_release(dst);
		return err;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	return 0;
}

int rsh_ip6_send(struct net *net, struct sk_buff *skb, int oif)
{
	u8 nexthdr;
	__be16 frag_off;
	int err, off;

	skb_reset_network_header(skb);
	skb->protocol = htons(ETH_P_IPV6);
	/* The upper-layer header, past the extension headers: code on the
	 * way reads it (7.x hashes an ICMPv6 packet's inner flow when its
	 * neighbour fails, and warns if the header was not set). */
	nexthdr = ipv6_hdr(skb)->nexthdr;
	off = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr), &nexthdr, &frag_off);
	skb_set_transport_header(skb, off >= 0 ? off : sizeof(struct ipv6hdr));
	err = rsh_ip6_route(net, skb, oif);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	err = ip6_local_out(net, NULL, skb);
	return net_xmit_eval(err);
}

/*
 * Sends @skb (an IPv6 or IPv4 packet: @inner_proto IPPROTO_IPV6 or
 * IPPROTO_IPIP) in IPv6 from @saddr to @daddr (RFC 2473), with an
 * encapsulation limit option of @encap_limit unless it is negative, the
 * outer hop limit @hop_limit and the outer flow label from the inner flow.
 * *@mtu gets the inner MTU the outer route allows (0 if unknown). @tdev is
 * the tunnel device: a route back into it is a loop. Consumes @skb.
 */
int rsh_ip6_encap_xmit(struct net *net, struct sk_buff *skb,
		       const struct in6_addr *saddr,
		       const struct in6_addr *daddr, u8 inner_proto,
		       u8 hop_limit, int encap_limit,
		       const struct net_device *tdev, struct dst_cache *cache,
		       unsigned int *mtu)
{
	struct flowi6 fl6 = {
		.daddr = *daddr,
		.saddr = *saddr,
		.flowi6_proto = inner_proto,
	};
	unsigned int hlen = sizeof(struct ipv6hdr) + (encap_limit >= 0 ? 8 : 0);
	struct dst_entry *dst;
	struct ipv6hdr *ip6h;
	__be32 flowlabel;
	int err;

	*mtu = 0;
	/* A tunnel with one remote end keeps its route per CPU (the caller
	 * passes @cache only for that end and resets it when it changes). */
#if IS_ENABLED(CONFIG_DST_CACHE)
	dst = cache ? dst_cache_get_ip6(cache, &fl6.saddr) : NULL;
#else
	dst = NULL;
#endif
	if (!dst) {
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
#if IS_ENABLED(CONFIG_DST_CACHE)
		if (cache)
			dst_cache_set_ip6(cache, dst, &fl6.saddr);
#endif
	}
	*mtu = dst_mtu(dst) > hlen ? dst_mtu(dst) - hlen : 0;
	/*
	 * An IPv4 packet that may not be fragmented and does not fit the path
	 * (smaller than the device's MTU once a Packet Too Big said so): its
	 * source learns the MTU (icmp_ndo_send undoes a NAT binding first).
	 */
	if (inner_proto == IPPROTO_IPIP && *mtu >= 576 &&
	    skb_headlen(skb) >= sizeof(struct iphdr) &&
	    (((const struct iphdr *)skb->data)->frag_off & htons(IP_DF)) &&
	    (skb_is_gso(skb) ? !skb_gso_validate_network_len(skb, *mtu) :
			       skb->len > *mtu)) {
		dst_release(dst);
		skb_dst_update_pmtu_no_confirm(skb, *mtu);
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(*mtu));
		err = -EMSGSIZE;
		goto drop;
	}
	/* The outer flow label follows the inner flow (RFC 6438). */
	flowlabel = ip6_make_flowlabel(net, skb, 0, true, &fl6);
	skb_scrub_packet(skb, false);
	err = iptunnel_handle_offloads(skb, SKB_GSO_IPXIP6);
	if (err) {
		dst_release(dst);
		goto drop;
	}
	skb_set_inner_ipproto(skb, inner_proto);
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + hlen)) {
		dst_release(dst);
		err = -ENOMEM;
		goto drop;
	}
	if (encap_limit >= 0) {
		/* A destination options header with the tunnel encapsulation
		 * limit option and a PadN (RFC 2473 §5.1). */
		u8 *opt = skb_push(skb, 8);

		opt[0] = inner_proto;
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
	ip6h->nexthdr = encap_limit >= 0 ? NEXTHDR_DEST : inner_proto;
	ip6h->hop_limit = hop_limit;
	ip6h->saddr = *saddr;
	ip6h->daddr = *daddr;
	skb->protocol = htons(ETH_P_IPV6);
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	/* RFC 2473 §7: the tunnel entry point may fragment the outer packet. */
	skb->ignore_df = 1;
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	err = ip6_local_out(net, NULL, skb);
	return net_xmit_eval(err);
drop:
	kfree_skb(skb);
	return err;
}

int rsh_ip6_decap_rx(struct sk_buff *skb, unsigned int off,
		     struct net_device *tdev)
{
	if (!pskb_may_pull(skb, off + sizeof(struct ipv6hdr))) {
		kfree_skb(skb);
		return -EINVAL;
	}
	/* Keeps CHECKSUM_COMPLETE right. */
	skb_pull_rcsum(skb, off);
	return rsh_skb_tunnel_rx(skb, tdev, ETH_P_IPV6);
}

void rsh_ndisc_send_na(struct net_device *dev, const struct in6_addr *daddr,
		       const struct in6_addr *target, bool router,
		       bool solicited, bool override)
{
#if RSH_KERNEL_7
	ndisc_send_na(dev, daddr, target, router, solicited, override, true);
#else
	ipv6_stub->ndisc_send_na(dev, daddr, target, router, solicited,
				 override, true);
#endif
}

int rsh_ndisc_send_dad_ns(struct net_device *dev, const struct in6_addr *target)
{
	struct in6_addr mcaddr;
	struct sk_buff *skb;

	skb = ndisc_ns_create(dev, target, &in6addr_any, 0);
	if (!skb)
		return -ENOMEM;
	addrconf_addr_solict_mult(target, &mcaddr);
	ndisc_send_skb(skb, &mcaddr, &in6addr_any);
	return 0;
}

bool rsh_ipv6_chk_addr(struct net *net, const struct in6_addr *addr,
		       const struct net_device *dev)
{
	return ipv6_chk_addr(net, addr, dev, 0);
}

bool rsh_ipv6_dev_prefix_addr(struct net_device *dev,
			      const struct in6_addr *prefix, unsigned int plen,
			      struct in6_addr *out)
{
	struct inet6_ifaddr *ifp;
	struct inet6_dev *idev;
	bool found = false;

	rcu_read_lock();
	idev = __in6_dev_get(dev);
	if (idev) {
		read_lock_bh(&idev->lock);
		list_for_each_entry(ifp, &idev->addr_list, if_list) {
			if (ifp->scope & (IFA_LINK | IFA_HOST))
				continue;
			if (ifp->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))
				continue;
			if (!ipv6_prefix_equal(&ifp->addr, prefix, plen))
				continue;
			*out = ifp->addr;
			found = true;
			break;
		}
		read_unlock_bh(&idev->lock);
	}
	rcu_read_unlock();
	return found;
}

void rsh_icmpv6_send(struct sk_buff *skb, u8 type, u8 code, u32 info)
{
	icmpv6_send(skb, type, code, info);
}

u64 rsh_ktime_get_real_ns(void)
{
	return ktime_get_real_ns();
}

#if RSH_KERNEL_7
/*
 * 7.x exports neither ip6_del_rt() nor fib6_table_lookup() (IPv6 is built in
 * or absent, the IPv6 stubs are gone). A route is deleted there as `ip -6
 * route del` would: an RTM_DELROUTE naming it exactly (table, destination,
 * gateway, device, metric, protocol) on a kernel rtnetlink socket of its
 * namespace, sent from a work item (the request takes RTNL; the callers may
 * run in softirq context). rsh_ip6_route_work_flush() waits for them.
 */
#define RSH_RT6_DEL_MAX 16

struct rsh_rt6_key {
	struct in6_addr dst, gw;
	u32 table, metric;
	int oif;
	u8 plen, protocol;
};

struct rsh_rt6_del {
	struct work_struct work;
	struct net *net;
	int n;
	struct rsh_rt6_key key[RSH_RT6_DEL_MAX];
};

static atomic_t rsh_rt6_del_pending = ATOMIC_INIT(0);

static void rsh_rt6_key_of(struct rsh_rt6_key *k, const struct fib6_info *rt)
{
	k->dst = rt->fib6_dst.addr;
	k->plen = rt->fib6_dst.plen;
	k->gw = rt->fib6_nh->fib_nh_gw6;
	k->oif = rt->fib6_nh->fib_nh_dev ? rt->fib6_nh->fib_nh_dev->ifindex : 0;
	k->table = rt->fib6_table->tb6_id;
	k->metric = rt->fib6_metric;
	k->protocol = rt->fib6_protocol;
}

/* Appends attribute @type (@size bytes at @data) to the message at @req. */
static void rsh_rta_put(void *req, u32 *len, int type, const void *data, int size)
{
	struct rtattr *rta = req + NLMSG_ALIGN(*len);

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(size);
	memcpy(RTA_DATA(rta), data, size);
	*len = NLMSG_ALIGN(*len) + RTA_ALIGN(rta->rta_len);
}

static void rsh_rt6_del_work(struct work_struct *work)
{
	struct rsh_rt6_del *d = container_of(work, struct rsh_rt6_del, work);
	struct socket *sock;
	struct file *file;
	int i;

	if (sock_create_kern(d->net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock))
		goto out;
	/*
	 * rtnetlink checks the sender's capability on its socket's file
	 * (netlink_net_capable): a kernel socket has none. The file carries
	 * this worker's credentials, the kernel's; releasing it releases the
	 * socket (on failure sock_alloc_file() does).
	 */
	file = sock_alloc_file(sock, 0, NULL);
	if (IS_ERR(file))
		goto out;
	for (i = 0; i < d->n; i++) {
		const struct rsh_rt6_key *k = &d->key[i];
		struct {
			struct nlmsghdr nh;
			struct rtmsg rtm;
			char attrs[5 * RTA_SPACE(16)];
		} req = {};
		u32 len = NLMSG_LENGTH(sizeof(req.rtm));
		struct msghdr msg = {};
		struct kvec iov;

		req.nh.nlmsg_type = RTM_DELROUTE;
		req.nh.nlmsg_flags = NLM_F_REQUEST;
		req.rtm.rtm_family = AF_INET6;
		req.rtm.rtm_dst_len = k->plen;
		req.rtm.rtm_table = k->table < 256 ? k->table : RT_TABLE_UNSPEC;
		req.rtm.rtm_protocol = k->protocol;
		req.rtm.rtm_scope = RT_SCOPE_UNIVERSE;
		req.rtm.rtm_type = RTN_UNICAST;
		if (k->plen)
			rsh_rta_put(&req, &len, RTA_DST, &k->dst, sizeof(k->dst));
		if (!ipv6_addr_any(&k->gw))
			rsh_rta_put(&req, &len, RTA_GATEWAY, &k->gw, sizeof(k->gw));
		rsh_rta_put(&req, &len, RTA_OIF, &k->oif, sizeof(k->oif));
		rsh_rta_put(&req, &len, RTA_PRIORITY, &k->metric, sizeof(k->metric));
		rsh_rta_put(&req, &len, RTA_TABLE, &k->table, sizeof(k->table));
		req.nh.nlmsg_len = len;
		iov.iov_base = &req;
		iov.iov_len = len;
		/* Processed before it returns; no ack asked for. */
		kernel_sendmsg(sock, &msg, &iov, 1, len);
	}
	fput(file);
out:
	put_net(d->net);
	kfree(d);
	if (atomic_dec_and_test(&rsh_rt6_del_pending))
		wake_up_var(&rsh_rt6_del_pending);
}

/* Queues the deletion of the routes in @d (consumed). */
static void rsh_rt6_del_queue(struct net *net, struct rsh_rt6_del *d)
{
	if (!d->n) {
		kfree(d);
		return;
	}
	/* A device of a namespace being dismantled: nothing to delete. */
	d->net = maybe_get_net(net);
	if (!d->net) {
		kfree(d);
		return;
	}
	INIT_WORK(&d->work, rsh_rt6_del_work);
	atomic_inc(&rsh_rt6_del_pending);
	schedule_work(&d->work);
}

void rsh_ip6_route_work_flush(void)
{
	wait_var_event(&rsh_rt6_del_pending, !atomic_read(&rsh_rt6_del_pending));
}

bool rsh_ip6_del_ra_prefix_route(struct net *net, struct net_device *dev,
				 const struct in6_addr *prefix, int plen)
{
	struct rsh_rt6_del *d;
	struct fib6_info *f6i;
	struct rt6_info *rt;

	d = kzalloc(sizeof(*d), GFP_ATOMIC);
	if (!d)
		return false;
	rcu_read_lock();
	rt = rt6_lookup(net, prefix, NULL, dev->ifindex, NULL, RT6_LOOKUP_F_IFACE);
	if (rt) {
		f6i = rcu_dereference(rt->from);
		if (f6i && f6i != net->ipv6.fib6_null_entry && !f6i->nh &&
		    f6i->fib6_dst.plen == plen &&
		    ipv6_prefix_equal(&f6i->fib6_dst.addr, prefix, plen) &&
		    f6i->fib6_nh->fib_nh_dev == dev &&
		    !f6i->fib6_nh->fib_nh_gw_family &&
		    (f6i->fib6_flags & RTF_ADDRCONF))
			rsh_rt6_key_of(&d->key[d->n++], f6i);
		ip6_rt_put(rt);
	}
	rcu_read_unlock();
	rsh_rt6_del_queue(net, d);
	return !!d->n;
}

int rsh_ip6_del_ra_default_routes(struct net *net, struct net_device *dev,
				  const struct in6_addr *keep)
{
	u32 tb_id = l3mdev_fib_table(dev) ? : RT6_TABLE_DFLT;
	struct fib6_table *table;
	struct rsh_rt6_del *d;
	struct fib6_info *rt;
	int n;

	table = fib6_get_table(net, tb_id);
	if (!table)
		return 0;
	d = kzalloc(sizeof(*d), GFP_ATOMIC);
	if (!d)
		return 0;
	rcu_read_lock();
	for_each_fib6_node_rt_rcu(&table->tb6_root) {
		struct fib6_nh *nh;

		if (rt->nh || d->n == RSH_RT6_DEL_MAX)
			continue;
		nh = rt->fib6_nh;
		if (nh->fib_nh_dev == dev &&
		    (rt->fib6_flags & (RTF_ADDRCONF | RTF_DEFAULT)) ==
			    (RTF_ADDRCONF | RTF_DEFAULT) &&
		    !ipv6_addr_equal(&nh->fib_nh_gw6, keep))
			rsh_rt6_key_of(&d->key[d->n++], rt);
	}
	rcu_read_unlock();
	n = d->n;
	rsh_rt6_del_queue(net, d);
	return n;
}
#else
void rsh_ip6_route_work_flush(void)
{
}

/*
 * Deletes the on-link route to @prefix/@plen through @dev that router
 * advertisements installed (RTF_ADDRCONF, no gateway), as an RA with a zero
 * valid lifetime would. Returns whether there was one. Any context.
 */
bool rsh_ip6_del_ra_prefix_route(struct net *net, struct net_device *dev,
				 const struct in6_addr *prefix, int plen)
{
	struct flowi6 fl6 = { .daddr = *prefix, .flowi6_oif = dev->ifindex };
	struct fib6_result res = {};
	struct fib6_info *f6i = NULL;
	struct fib6_table *table;

	table = ipv6_stub->fib6_get_table(net, RT6_TABLE_PREFIX);
	if (!table)
		return false;
	rcu_read_lock();
	if (ipv6_stub->fib6_table_lookup(net, table, dev->ifindex, &fl6, &res,
					 RT6_LOOKUP_F_IFACE) == 0 &&
	    res.f6i && res.f6i != net->ipv6.fib6_null_entry && !res.f6i->nh &&
	    res.f6i->fib6_dst.plen == plen &&
	    ipv6_prefix_equal(&res.f6i->fib6_dst.addr, prefix, plen) &&
	    res.f6i->fib6_nh->fib_nh_dev == dev &&
	    !res.f6i->fib6_nh->fib_nh_gw_family &&
	    (res.f6i->fib6_flags & RTF_ADDRCONF) &&
	    fib6_info_hold_safe(res.f6i))
		f6i = res.f6i;
	rcu_read_unlock();
	if (!f6i)
		return false;
	/* Drops our reference. */
	ipv6_stub->ip6_del_rt(net, f6i, false);
	return true;
}

/*
 * Deletes the default routes through @dev that router advertisements
 * installed (RTF_ADDRCONF | RTF_DEFAULT), except the one through router
 * @keep, as rt6_purge_dflt_routers() (not exported) does for all of them.
 * Returns how many went. Any context.
 */
int rsh_ip6_del_ra_default_routes(struct net *net, struct net_device *dev,
				  const struct in6_addr *keep)
{
	u32 tb_id = l3mdev_fib_table(dev) ? : RT6_TABLE_DFLT;
	struct fib6_table *table;
	int n;

	table = ipv6_stub->fib6_get_table(net, tb_id);
	if (!table)
		return 0;
	/* One at a time: deleting takes the table lock, not held here. */
	for (n = 0; n < 16; n++) {
		struct fib6_info *rt, *found = NULL;

		rcu_read_lock();
		for_each_fib6_node_rt_rcu(&table->tb6_root) {
			struct fib6_nh *nh;

			/* RA routes do not use nexthop objects. */
			if (rt->nh)
				continue;
			nh = rt->fib6_nh;
			if (nh->fib_nh_dev == dev &&
			    (rt->fib6_flags & (RTF_ADDRCONF | RTF_DEFAULT)) ==
				    (RTF_ADDRCONF | RTF_DEFAULT) &&
			    !ipv6_addr_equal(&nh->fib_nh_gw6, keep) &&
			    fib6_info_hold_safe(rt)) {
				found = rt;
				break;
			}
		}
		rcu_read_unlock();
		if (!found)
			break;
		/* Drops our reference. */
		ipv6_stub->ip6_del_rt(net, found, false);
	}
	return n;
}
#endif


/*
 * Puts @addr/@plen on @dev as the kernel does for an address learnt from a
 * router advertisement (no DAD, lifetimes @valid and @preferred in
 * seconds, 0xffffffff for infinite), or sets the lifetimes of the one
 * there: valid 0 removes it. For a device that learns its address from a
 * protocol of its own (a 6bed4 peer's /114, which SLAAC cannot take). Any
 * context.
 */
int rsh_ip6_ra_addr(struct net_device *dev, const struct in6_addr *addr,
		    u8 plen, u32 valid, u32 preferred)
{
	struct prefix_info pinfo = { .prefix_len = plen };
	struct inet6_dev *idev;
	int err;

	rcu_read_lock();
	idev = __in6_dev_get(dev);
	if (!idev) {
		rcu_read_unlock();
		return -ENODEV;
	}
	/* Lifetimes as given (RFC 4862 would keep a valid one for two hours),
	 * and no temporary addresses beside it. */
	WRITE_ONCE(idev->cnf.ra_honor_pio_life, 1);
	WRITE_ONCE(idev->cnf.use_tempaddr, 0);
	err = addrconf_prefix_rcv_add_addr(dev_net(dev), dev, &pinfo, idev, addr,
					   ipv6_addr_type(addr), IFA_F_NODAD,
					   false, false, valid, preferred);
	rcu_read_unlock();
	return err ? -ENOMEM : 0;
}
