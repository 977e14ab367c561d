// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-line wrappers for static inline functions and macros. Built into
 * every module that uses the Rust support layer: the module's folder holds
 * a one-line helpers.c that includes this file.
 */

#include "helpers.h"

void *rsh_netdev_priv(const struct net_device *dev)
{
	return netdev_priv(dev);
}

void rsh_dev_hold(struct net_device *dev)
{
	dev_hold(dev);
}

void rsh_dev_put(struct net_device *dev)
{
	dev_put(dev);
}

struct net *rsh_dev_net(const struct net_device *dev)
{
	return dev_net(dev);
}

void rsh_dev_net_set(struct net_device *dev, struct net *net)
{
	dev_net_set(dev, net);
}

void rsh_netif_start_queue(struct net_device *dev)
{
	netif_start_queue(dev);
}

void rsh_netif_stop_queue(struct net_device *dev)
{
	netif_stop_queue(dev);
}

void rsh_netif_tx_disable(struct net_device *dev)
{
	netif_tx_disable(dev);
}

void rsh_netif_wake_queue(struct net_device *dev)
{
	netif_wake_queue(dev);
}

bool rsh_netif_queue_stopped(const struct net_device *dev)
{
	return netif_queue_stopped(dev);
}

bool rsh_netif_running(const struct net_device *dev)
{
	return netif_running(dev);
}

void rsh_eth_hw_addr_random(struct net_device *dev)
{
	eth_hw_addr_random(dev);
}

/*
 * The device with the lowest ifindex >= *ifindex in @net, or NULL. On
 * return *ifindex is that device's index. Caller holds RCU or RTNL.
 */
struct net_device *rsh_netdev_next(struct net *net, unsigned long *ifindex)
{
	return xa_find(&net->dev_by_index, ifindex, ULONG_MAX, XA_PRESENT);
}

void rsh_set_needs_free_netdev(struct net_device *dev)
{
	dev->needs_free_netdev = true;
}

void rsh_netdev_add_priv_flags(struct net_device *dev, u64 flags)
{
	dev->priv_flags |= flags;
}

void rsh_netdev_add_flags(struct net_device *dev, unsigned int flags)
{
	dev->flags |= flags;
}

void rsh_netdev_set_tunnel_features(struct net_device *dev)
{
	netdev_features_t f = NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA |
			      NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM;

	dev->features |= f;
	dev->hw_features |= f;
}

void rsh_netif_keep_dst(struct net_device *dev)
{
	netif_keep_dst(dev);
}

void rsh_netdev_set_netns_immutable(struct net_device *dev)
{
	dev->netns_immutable = true;
}

void rsh_rcu_read_lock(void)
{
	rcu_read_lock();
}

void rsh_rcu_read_unlock(void)
{
	rcu_read_unlock();
}

void rsh_synchronize_net(void)
{
	synchronize_net();
}

bool rsh_rtnl_is_locked(void)
{
	return rtnl_is_locked();
}

/*
 * The checks behind the support layer's lock tokens (`Rtnl`, `Rcu` in
 * rust/support/net.rs): a token made from a claim that the caller holds the
 * lock asserts the claim. With lockdep (CONFIG_PROVE_LOCKING) the RTNL check
 * asks whether this task holds the mutex; without, whether anyone does
 * (ASSERT_RTNL). The RCU check is the kernel's own RCU_LOCKDEP_WARN (a
 * "suspicious RCU usage" splat, once per boot) and compiles to nothing
 * without CONFIG_PROVE_RCU; any RCU reader flavour counts (rcu_read_lock,
 * _bh, _sched, or preemption or bottom halves disabled), as
 * rcu_dereference_check() accepts for the networking core's callbacks.
 */
void rsh_rtnl_assert_held(void)
{
#ifdef CONFIG_PROVE_LOCKING
	WARN_ONCE(!lockdep_rtnl_is_held(),
		  "support: Rtnl token made without holding RTNL\n");
#else
	ASSERT_RTNL();
#endif
}

void rsh_rcu_assert_held(void)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_any_held(),
			 "support: Rcu token made outside an RCU read-side critical section");
}

u16 rsh_skb_protocol(const struct sk_buff *skb)
{
	return (__force u16)skb->protocol;
}

void rsh_skb_set_protocol(struct sk_buff *skb, u16 proto_be)
{
	skb->protocol = (__force __be16)proto_be;
}

void rsh_kfree_skb(struct sk_buff *skb)
{
	kfree_skb(skb);
}

void rsh_consume_skb(struct sk_buff *skb)
{
	consume_skb(skb);
}

unsigned int rsh_skb_headroom(const struct sk_buff *skb)
{
	return skb_headroom(skb);
}

int rsh_skb_tailroom(const struct sk_buff *skb)
{
	return skb_tailroom(skb);
}

unsigned char *rsh_skb_tail_pointer(const struct sk_buff *skb)
{
	return skb_tail_pointer(skb);
}

bool rsh_skb_cloned(const struct sk_buff *skb)
{
	return skb_cloned(skb);
}

bool rsh_skb_header_cloned(const struct sk_buff *skb)
{
	return skb_header_cloned(skb);
}

int rsh_skb_linearize(struct sk_buff *skb)
{
	return skb_linearize(skb);
}

void rsh_skb_reset_mac_header(struct sk_buff *skb)
{
	skb_reset_mac_header(skb);
}

void rsh_skb_reset_network_header(struct sk_buff *skb)
{
	skb_reset_network_header(skb);
}

struct sk_buff *rsh_skb_share_check(struct sk_buff *skb)
{
	return skb_share_check(skb, GFP_ATOMIC);
}

int rsh_skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	return skb_cow_head(skb, headroom);
}

void rsh_skb_set_dev(struct sk_buff *skb, struct net_device *dev)
{
	skb->dev = dev;
}

struct net_device *rsh_skb_dev(const struct sk_buff *skb)
{
	return skb->dev;
}

/* Bytes between the MAC header and the data: what eth_type_trans pulled. */
unsigned int rsh_skb_mac_header_len(const struct sk_buff *skb)
{
	if (!skb_mac_header_was_set(skb) || skb_mac_header(skb) > skb->data)
		return 0;
	return skb->data - skb_mac_header(skb);
}

void rsh_skb_set_csum_none(struct sk_buff *skb)
{
	skb->ip_summed = CHECKSUM_NONE;
}

void *rsh_rx_handler_data(const struct net_device *dev)
{
	return rcu_dereference(dev->rx_handler_data);
}

bool rsh_netdev_has_rx_handler(const struct net_device *dev)
{
	return rcu_access_pointer(dev->rx_handler) != NULL;
}

bool rsh_rx_handler_is(const struct net_device *dev, rx_handler_func_t *fn)
{
	return rcu_access_pointer(dev->rx_handler) == fn;
}

struct net_device *rsh_netdev_notifier_info_to_dev(void *ptr)
{
	return netdev_notifier_info_to_dev(ptr);
}

void rsh_netdev_set_lltx(struct net_device *dev)
{
	dev->lltx = true;
}

void rsh_hrtimer_init_soft(struct hrtimer *timer,
			   enum hrtimer_restart (*fn)(struct hrtimer *))
{
#if RSH_KERNEL_7
	hrtimer_setup(timer, fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
#else
	hrtimer_init(timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	timer->function = fn;
#endif
}

void rsh_hrtimer_start_soft(struct hrtimer *timer, u64 ns)
{
	hrtimer_start(timer, ns_to_ktime(ns), HRTIMER_MODE_REL_SOFT);
}

struct sk_buff *rsh_genlmsg_new(size_t payload, gfp_t flags)
{
	return genlmsg_new(payload, flags);
}

void rsh_genlmsg_end(struct sk_buff *skb, void *hdr)
{
	genlmsg_end(skb, hdr);
}

void rsh_genlmsg_cancel(struct sk_buff *skb, void *hdr)
{
	genlmsg_cancel(skb, hdr);
}

int rsh_genlmsg_reply(struct sk_buff *skb, struct genl_info *info)
{
	return genlmsg_reply(skb, info);
}

int rsh_genlmsg_multicast_netns(const struct genl_family *family,
				struct net *net, struct sk_buff *skb,
				u32 portid, unsigned int group, gfp_t flags)
{
	return genlmsg_multicast_netns(family, net, skb, portid, group, flags);
}

bool rsh_genl_has_listeners(const struct genl_family *family,
			    struct net *net, unsigned int group)
{
	return genl_has_listeners(family, net, group);
}

void rsh_nlmsg_free(struct sk_buff *skb)
{
	nlmsg_free(skb);
}

struct net *rsh_genl_info_net(const struct genl_info *info)
{
	return genl_info_net(info);
}

void rsh_genl_set_err_msg(struct genl_info *info, const char *msg)
{
	if (info->extack)
		info->extack->_msg = msg;
}

void rsh_genl_set_bad_attr(struct genl_info *info, int attr, const char *msg)
{
	if (!info->extack)
		return;
	info->extack->_msg = msg;
	if (attr > 0 && info->attrs && info->attrs[attr])
		info->extack->bad_attr = info->attrs[attr];
	else if (attr > 0)
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, attr);
}

u32 rsh_dump_portid(const struct netlink_callback *cb)
{
	return NETLINK_CB(cb->skb).portid;
}

u32 rsh_dump_seq(const struct netlink_callback *cb)
{
	return cb->nlh->nlmsg_seq;
}

u8 rsh_dump_cmd(const struct netlink_callback *cb)
{
	return ((struct genlmsghdr *)nlmsg_data(cb->nlh))->cmd;
}

const struct genl_family *rsh_dump_family(const struct netlink_callback *cb)
{
	return genl_dumpit_info((struct netlink_callback *)cb)->info.family;
}

struct net *rsh_dump_net(const struct netlink_callback *cb)
{
	return sock_net(cb->skb->sk);
}

int rsh_nla_put_u32(struct sk_buff *skb, int attrtype, u32 value)
{
	return nla_put_u32(skb, attrtype, value);
}

int rsh_nla_put_string(struct sk_buff *skb, int attrtype, const char *str)
{
	return nla_put_string(skb, attrtype, str);
}

void *rsh_nla_data(const struct nlattr *nla)
{
	return nla_data(nla);
}

int rsh_nla_len(const struct nlattr *nla)
{
	return nla_len(nla);
}

/*
 * Whether the pages holding @skb's data may be referenced from other
 * buffers: no frag list, no page-pool or user (zero-copy, shared) pages,
 * all of it readable by the CPU.
 */
bool rsh_skb_pages_shareable(struct sk_buff *skb)
{
	return !skb_has_frag_list(skb) && !skb->pp_recycle && !skb_zcopy(skb) &&
	       !skb_has_shared_frag(skb) && skb_frags_readable(skb);
}

unsigned int rsh_skb_nr_frags(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->nr_frags;
}

/*
 * Fragment @i of @skb: its address (NULL when not mapped: high memory, or
 * not readable), size, page (NULL when not page-backed) and offset in it.
 */
const void *rsh_skb_frag(const struct sk_buff *skb, unsigned int i,
			 unsigned int *size, struct page **page, unsigned int *off)
{
	const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

	*size = skb_frag_size(frag);
	*page = skb_frag_page(frag);
	*off = skb_frag_off(frag);
	if (!*page)
		return NULL;
	return skb_frag_address_safe(frag);
}

/*
 * The page holding @skb's linear data when the head is a page fragment
 * (NULL when it is kmalloc'ed), and the offset of skb->data in it.
 */
struct page *rsh_skb_head_page(const struct sk_buff *skb, unsigned int *off)
{
	struct page *page;

	if (!skb->head_frag)
		return NULL;
	page = virt_to_head_page(skb->head);
	*off = skb->data - (unsigned char *)page_address(page);
	return page;
}

/*
 * Appends @size bytes at @off in @page to @skb as a new fragment, taking a
 * reference on the page; -EMSGSIZE when @skb has no fragment slot left.
 */
int rsh_skb_add_shared_frag(struct sk_buff *skb, struct page *page,
			    unsigned int off, unsigned int size)
{
	unsigned int i = skb_shinfo(skb)->nr_frags;

	if (i >= MAX_SKB_FRAGS)
		return -EMSGSIZE;
	get_page(page);
	/* skb_add_rx_frag(), inline */
	skb_fill_page_desc(skb, i, page, off, size);
	skb->len += size;
	skb->data_len += size;
	skb->truesize += size;
	return 0;
}

/*
 * Appends the @len bytes at @data to @skb's linear part; -ENOSPC when the
 * tailroom is too small or the data is shared with a clone.
 */
int rsh_skb_put_data(struct sk_buff *skb, const void *data, unsigned int len)
{
	if (skb_tailroom(skb) < len || skb_cloned(skb) || skb_is_nonlinear(skb))
		return -ENOSPC;
	skb_put_data(skb, data, len);
	return 0;
}

/*
 * A receive buffer with @len bytes of room after NET_SKB_PAD. In softirq
 * context (receive paths) its sk_buff comes from the per-CPU NAPI cache
 * and its head from the NAPI page-fragment cache, as napi_alloc_skb's do;
 * kmalloc'ed otherwise, or when that fails.
 */
struct sk_buff *rsh_alloc_skb_rx(unsigned int len)
{
	int flags = SKB_ALLOC_RX;
	struct sk_buff *skb;

	if (in_softirq()) {
		unsigned int size = SKB_HEAD_ALIGN(len + NET_SKB_PAD);
		void *data = napi_alloc_frag(size);

		if (data) {
			skb = napi_build_skb(data, size);
			if (skb) {
				skb_reserve(skb, NET_SKB_PAD);
				return skb;
			}
			skb_free_frag(data);
		}
		flags |= SKB_ALLOC_NAPI;
	}
	skb = __alloc_skb(len + NET_SKB_PAD, GFP_ATOMIC, flags, NUMA_NO_NODE);
	if (skb)
		skb_reserve(skb, NET_SKB_PAD);
	return skb;
}

/*
 * Makes @skb a packet of @proto received on @dev: MAC and network header at
 * the data start, addressed to this host, transport checksum verified or
 * not known.
 */
void rsh_skb_set_rx(struct sk_buff *skb, struct net_device *dev, u16 proto_be,
		    bool csum_unnecessary)
{
	skb->protocol = (__force __be16)proto_be;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb->dev = dev;
	skb->pkt_type = PACKET_HOST;
	skb->ip_summed = csum_unnecessary ? CHECKSUM_UNNECESSARY : CHECKSUM_NONE;
	skb->csum_level = 0;
}

/*
 * A received buffer holding a copy of the @len bytes at @data, made as by
 * rsh_alloc_skb_rx() and rsh_skb_set_rx(), in one call (a packet path's
 * per-packet work); NULL when out of memory.
 */
struct sk_buff *rsh_skb_copy_rx(const void *data, unsigned int len,
				struct net_device *dev, u16 proto_be,
				bool csum_unnecessary)
{
	struct sk_buff *skb = rsh_alloc_skb_rx(len);

	if (skb) {
		skb_put_data(skb, data, len);
		rsh_skb_set_rx(skb, dev, proto_be, csum_unnecessary);
	}
	return skb;
}

/* Receives @n buffers as one list (netif_receive_skb_list). */
void rsh_netif_receive_skb_array(struct sk_buff **skbs, unsigned int n)
{
	LIST_HEAD(list);
	unsigned int i;

	for (i = 0; i < n; i++)
		list_add_tail(&skbs[i]->list, &list);
	netif_receive_skb_list(&list);
}

void rsh_netif_napi_add(struct net_device *dev, struct napi_struct *napi,
			int (*poll)(struct napi_struct *, int))
{
	netif_napi_add(dev, napi, poll);
}

void rsh_netif_napi_del(struct napi_struct *napi)
{
	netif_napi_del(napi);
}

void rsh_napi_schedule(struct napi_struct *napi)
{
	napi_schedule(napi);
}

void rsh_netdev_set_pcpu_tstats(struct net_device *dev)
{
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
}

/* No-ops on devices without per-CPU statistics (never set up, or not yet registered). */
void rsh_dev_sw_netstats_rx_add(struct net_device *dev, unsigned int packets,
				unsigned int len)
{
	struct pcpu_sw_netstats *tstats;

	if (dev->pcpu_stat_type != NETDEV_PCPU_STAT_TSTATS || !dev->tstats)
		return;
	tstats = this_cpu_ptr(dev->tstats);
	u64_stats_update_begin(&tstats->syncp);
	u64_stats_add(&tstats->rx_bytes, len);
	u64_stats_add(&tstats->rx_packets, packets);
	u64_stats_update_end(&tstats->syncp);
}

void rsh_dev_sw_netstats_tx_add(struct net_device *dev, unsigned int packets,
				unsigned int len)
{
	if (dev->pcpu_stat_type == NETDEV_PCPU_STAT_TSTATS && dev->tstats)
		dev_sw_netstats_tx_add(dev, packets, len);
}

void rsh_dev_core_stats_rx_dropped_inc(struct net_device *dev)
{
	dev_core_stats_rx_dropped_inc(dev);
}

void rsh_dev_core_stats_tx_dropped_inc(struct net_device *dev)
{
	dev_core_stats_tx_dropped_inc(dev);
}

/*
 * Whether @skb asks for its transport checksum to be filled in
 * (CHECKSUM_PARTIAL); if so, where the checksummed data starts, from
 * skb->data, and where the result goes, from that start.
 */
bool rsh_skb_csum_partial(const struct sk_buff *skb, unsigned int *start,
			  unsigned int *offset)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return false;
	*start = skb_checksum_start_offset(skb);
	*offset = skb->csum_offset;
	return true;
}

/*
 * Offers (or withdraws) TCP/UDP checksum offload over IPv4 and IPv6 on
 * @dev, announcing the change if @dev is registered. Caller holds RTNL or
 * owns the unregistered device.
 */
void rsh_netdev_set_l4_csum(struct net_device *dev, bool on)
{
	netdev_features_t f = NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM;
	netdev_features_t old = dev->features;

	if (on) {
		dev->hw_features |= f;
		dev->features |= f;
		dev->wanted_features |= f;
	} else {
		dev->hw_features &= ~f;
		dev->features &= ~f;
		dev->wanted_features &= ~f;
	}
	if (dev->reg_state == NETREG_REGISTERED && dev->features != old)
		netdev_features_change(dev);
}

void rsh_spin_lock_bh(spinlock_t *lock)
{
	spin_lock_bh(lock);
}

void rsh_spin_unlock_bh(spinlock_t *lock)
{
	spin_unlock_bh(lock);
}

int rsh_spin_trylock_bh(spinlock_t *lock)
{
	return spin_trylock_bh(lock);
}

void rsh_spin_assert_held(spinlock_t *lock)
{
	lockdep_assert_held(lock);
}

struct net_device *rsh_dev_get_by_index_rcu(struct net *net, int ifindex)
{
	return dev_get_by_index_rcu(net, ifindex);
}

/*
 * The device after @prev in @net (the first if @prev is NULL), under RCU;
 * NULL after the last. As next_net_device_rcu() (first_net_device_rcu() is
 * gone in 7.x).
 */
struct net_device *rsh_next_netdev_rcu(struct net *net, struct net_device *prev)
{
	struct list_head *head = &net->dev_base_head;
	struct list_head *lh;

	lh = rcu_dereference(list_next_rcu(prev ? &prev->dev_list : head));
	return lh == head ? NULL : net_device_entry(lh);
}

/*
 * Receives the packet at @skb->data (an inner header, the outer ones
 * pulled) on the tunnel device @dev as @proto (ETH_P_IP, ETH_P_IPV6): the
 * outer path's state is scrubbed (and the buffer's owner too when it
 * crosses namespaces). The checksum state stays: a caller that pulled
 * headers kept CHECKSUM_COMPLETE right (skb_pull_rcsum, or ip6_input for a
 * tunnel6 handler), and CHECKSUM_PARTIAL (a local sender's packet over
 * veth) has no checksum to verify yet. Consumes @skb.
 */
int rsh_skb_tunnel_rx(struct sk_buff *skb, struct net_device *dev, u16 proto)
{
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	skb_reset_mac_header(skb);
	skb->protocol = htons(proto);
	skb->pkt_type = PACKET_HOST;
	skb_scrub_packet(skb, !net_eq(dev_net(skb->dev), dev_net(dev)));
	skb->dev = dev;
	return netif_rx(skb) == NET_RX_SUCCESS ? 0 : -ENOBUFS;
}

u32 rsh_random_u32(void)
{
	return get_random_u32();
}

/*
 * A per-CPU route cache for a tunnel's one remote end (dst_cache); without
 * CONFIG_DST_CACHE none can be made (-EOPNOTSUPP).
 */
#if IS_ENABLED(CONFIG_DST_CACHE)
struct dst_cache *rsh_dst_cache_new(int *err)
{
	struct dst_cache *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = dst_cache_init(c, GFP_KERNEL);
	if (*err) {
		kfree(c);
		return NULL;
	}
	return c;
}

void rsh_dst_cache_reset(struct dst_cache *c)
{
	dst_cache_reset(c);
}

void rsh_dst_cache_free(struct dst_cache *c)
{
	dst_cache_destroy(c);
	kfree(c);
}
#else
struct dst_cache *rsh_dst_cache_new(int *err)
{
	*err = -EOPNOTSUPP;
	return NULL;
}

void rsh_dst_cache_reset(struct dst_cache *c) {}
void rsh_dst_cache_free(struct dst_cache *c) {}
#endif
