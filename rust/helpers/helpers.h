/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Out-of-line wrappers for the static inline functions and macros of the
 * networking API that the Rust support layer calls. Each module that uses
 * the support layer links helpers.c in (see rust/Makefile.support).
 */
#ifndef CELLROUTER_RUST_HELPERS_H
#define CELLROUTER_RUST_HELPERS_H

#include <linux/etherdevice.h>
#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <net/sock.h>
#include <linux/netfilter.h>
#include <linux/spinlock.h>
#include <net/ipv6.h>
#include <net/dst_cache.h>
#include <linux/version.h>

/*
 * The support layer's kernel-version switch on the C side: what Kbuild
 * passes to the Rust side as cfg(kernel_7) (a 7.x tree).
 */
#define RSH_KERNEL_7 (LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0))

/* net_device */
void *rsh_netdev_priv(const struct net_device *dev);
void rsh_dev_hold(struct net_device *dev);
void rsh_dev_put(struct net_device *dev);
struct net *rsh_dev_net(const struct net_device *dev);
void rsh_dev_net_set(struct net_device *dev, struct net *net);
void rsh_netif_start_queue(struct net_device *dev);
void rsh_netif_stop_queue(struct net_device *dev);
void rsh_netif_tx_disable(struct net_device *dev);
void rsh_netif_wake_queue(struct net_device *dev);
bool rsh_netif_queue_stopped(const struct net_device *dev);
bool rsh_netif_running(const struct net_device *dev);
void rsh_eth_hw_addr_random(struct net_device *dev);
struct net_device *rsh_netdev_next(struct net *net, unsigned long *ifindex);
void rsh_set_needs_free_netdev(struct net_device *dev);
void rsh_netdev_add_priv_flags(struct net_device *dev, u64 flags);
void rsh_netdev_add_flags(struct net_device *dev, unsigned int flags);
void rsh_netdev_set_netns_immutable(struct net_device *dev);
void rsh_netdev_set_tunnel_features(struct net_device *dev);
void rsh_netif_keep_dst(struct net_device *dev);
void rsh_rcu_read_lock(void);
void rsh_rcu_read_unlock(void);
u32 rsh_random_u32(void);
void rsh_synchronize_net(void);
bool rsh_rtnl_is_locked(void);
void rsh_rtnl_assert_held(void);
void rsh_rcu_assert_held(void);

/* sk_buff */
void rsh_kfree_skb(struct sk_buff *skb);
u16 rsh_skb_protocol(const struct sk_buff *skb);
void rsh_skb_set_protocol(struct sk_buff *skb, u16 proto_be);
void rsh_consume_skb(struct sk_buff *skb);
unsigned int rsh_skb_headroom(const struct sk_buff *skb);
int rsh_skb_tailroom(const struct sk_buff *skb);
unsigned char *rsh_skb_tail_pointer(const struct sk_buff *skb);
bool rsh_skb_cloned(const struct sk_buff *skb);
bool rsh_skb_header_cloned(const struct sk_buff *skb);
int rsh_skb_linearize(struct sk_buff *skb);
void rsh_skb_reset_mac_header(struct sk_buff *skb);
void rsh_skb_reset_network_header(struct sk_buff *skb);

struct sk_buff *rsh_skb_share_check(struct sk_buff *skb);
int rsh_skb_cow_head(struct sk_buff *skb, unsigned int headroom);
void rsh_skb_set_dev(struct sk_buff *skb, struct net_device *dev);
struct net_device *rsh_skb_dev(const struct sk_buff *skb);
unsigned int rsh_skb_mac_header_len(const struct sk_buff *skb);
void rsh_skb_set_csum_none(struct sk_buff *skb);
bool rsh_netdev_has_rx_handler(const struct net_device *dev);
void *rsh_rx_handler_data(const struct net_device *dev);
bool rsh_rx_handler_is(const struct net_device *dev, rx_handler_func_t *fn);
struct net_device *rsh_netdev_notifier_info_to_dev(void *ptr);
void rsh_netdev_set_lltx(struct net_device *dev);

/* sharing an sk_buff's pages, list delivery */
bool rsh_skb_pages_shareable(struct sk_buff *skb);
unsigned int rsh_skb_nr_frags(const struct sk_buff *skb);
const void *rsh_skb_frag(const struct sk_buff *skb, unsigned int i,
			 unsigned int *size, struct page **page, unsigned int *off);
struct page *rsh_skb_head_page(const struct sk_buff *skb, unsigned int *off);
int rsh_skb_add_shared_frag(struct sk_buff *skb, struct page *page,
			    unsigned int off, unsigned int size);
int rsh_skb_put_data(struct sk_buff *skb, const void *data, unsigned int len);
void rsh_netif_receive_skb_array(struct sk_buff **skbs, unsigned int n);

/* NAPI (napi.rs) */
void rsh_netif_napi_add(struct net_device *dev, struct napi_struct *napi,
			int (*poll)(struct napi_struct *, int));
void rsh_netif_napi_del(struct napi_struct *napi);
void rsh_napi_schedule(struct napi_struct *napi);
void rsh_skb_set_rx(struct sk_buff *skb, struct net_device *dev, u16 proto_be,
		    bool csum_unnecessary);
struct sk_buff *rsh_skb_copy_rx(const void *data, unsigned int len,
				struct net_device *dev, u16 proto_be,
				bool csum_unnecessary);
struct sk_buff *rsh_alloc_skb_rx(unsigned int len);

/* checksum offload */
bool rsh_skb_csum_partial(const struct sk_buff *skb, unsigned int *start,
			  unsigned int *offset);
void rsh_netdev_set_l4_csum(struct net_device *dev, bool on);

/* per-CPU statistics */
void rsh_netdev_set_pcpu_tstats(struct net_device *dev);
void rsh_dev_sw_netstats_rx_add(struct net_device *dev, unsigned int packets,
				unsigned int len);
void rsh_dev_sw_netstats_tx_add(struct net_device *dev, unsigned int packets,
				unsigned int len);
void rsh_dev_core_stats_rx_dropped_inc(struct net_device *dev);
void rsh_dev_core_stats_tx_dropped_inc(struct net_device *dev);

/* hrtimer */
void rsh_hrtimer_init_soft(struct hrtimer *timer,
			   enum hrtimer_restart (*fn)(struct hrtimer *));
void rsh_hrtimer_start_soft(struct hrtimer *timer, u64 ns);

/* netlink / generic netlink */
struct sk_buff *rsh_genlmsg_new(size_t payload, gfp_t flags);
void rsh_genlmsg_end(struct sk_buff *skb, void *hdr);
void rsh_genlmsg_cancel(struct sk_buff *skb, void *hdr);
int rsh_genlmsg_reply(struct sk_buff *skb, struct genl_info *info);
int rsh_genlmsg_multicast_netns(const struct genl_family *family,
				struct net *net, struct sk_buff *skb,
				u32 portid, unsigned int group, gfp_t flags);
bool rsh_genl_has_listeners(const struct genl_family *family,
			    struct net *net, unsigned int group);
void rsh_nlmsg_free(struct sk_buff *skb);
struct net *rsh_genl_info_net(const struct genl_info *info);
void rsh_genl_set_err_msg(struct genl_info *info, const char *msg);
void rsh_genl_set_bad_attr(struct genl_info *info, int attr, const char *msg);
u32 rsh_dump_portid(const struct netlink_callback *cb);
u32 rsh_dump_seq(const struct netlink_callback *cb);
u8 rsh_dump_cmd(const struct netlink_callback *cb);
const struct genl_family *rsh_dump_family(const struct netlink_callback *cb);
struct net *rsh_dump_net(const struct netlink_callback *cb);
int rsh_nla_put_u32(struct sk_buff *skb, int attrtype, u32 value);
int rsh_nla_put_string(struct sk_buff *skb, int attrtype, const char *str);
void *rsh_nla_data(const struct nlattr *nla);
int rsh_nla_len(const struct nlattr *nla);

/* locks (spinlock.c of the kernel's own helpers lacks the _bh variants) */
void rsh_spin_lock_bh(spinlock_t *lock);
void rsh_spin_unlock_bh(spinlock_t *lock);
int rsh_spin_trylock_bh(spinlock_t *lock);
void rsh_spin_assert_held(spinlock_t *lock);

struct net_device *rsh_dev_get_by_index_rcu(struct net *net, int ifindex);

/* IPv6 (ipv6.c) */
struct sk_buff *rsh_ip6_alloc(unsigned int len);
int rsh_ip6_send(struct net *net, struct sk_buff *skb, int oif);
struct dst_cache;
int rsh_ip6_encap_xmit(struct net *net, struct sk_buff *skb,
		       const struct in6_addr *saddr,
		       const struct in6_addr *daddr, u8 inner_proto,
		       u8 hop_limit, int encap_limit,
		       const struct net_device *tdev, struct dst_cache *cache,
		       unsigned int *mtu);
struct dst_cache *rsh_dst_cache_new(int *err);
void rsh_dst_cache_reset(struct dst_cache *c);
void rsh_dst_cache_free(struct dst_cache *c);
int rsh_ip6_decap_rx(struct sk_buff *skb, unsigned int off,
		     struct net_device *tdev);
void rsh_ndisc_send_na(struct net_device *dev, const struct in6_addr *daddr,
		       const struct in6_addr *target, bool router,
		       bool solicited, bool override);
int rsh_ndisc_send_dad_ns(struct net_device *dev, const struct in6_addr *target);
bool rsh_ipv6_chk_addr(struct net *net, const struct in6_addr *addr,
		       const struct net_device *dev);
bool rsh_ipv6_dev_prefix_addr(struct net_device *dev,
			      const struct in6_addr *prefix, unsigned int plen,
			      struct in6_addr *out);
void rsh_icmpv6_send(struct sk_buff *skb, u8 type, u8 code, u32 info);
u64 rsh_ktime_get_real_ns(void);
/* IPv4-in-IPv6 tunnels (tunnel6.c) */
struct xfrm6_tunnel;
struct inet6_skb_parm;
struct xfrm6_tunnel *rsh_tunnel46_register(int (*handler)(struct sk_buff *),
					   int (*err_handler)(struct sk_buff *,
							      struct inet6_skb_parm *,
							      u8, u8, int, __be32),
					   int priority, int *err);
void rsh_tunnel46_deregister(struct xfrm6_tunnel *t);
void rsh_tunnel6_outer(const struct sk_buff *skb, struct in6_addr *saddr,
		       struct in6_addr *daddr);
int rsh_tunnel6_rx4(struct sk_buff *skb, struct net_device *dev);
void rsh_tunnel6_update_pmtu(struct sk_buff *skb, u32 mtu);
struct net_device *rsh_next_netdev_rcu(struct net *net, struct net_device *prev);
int rsh_skb_tunnel_rx(struct sk_buff *skb, struct net_device *dev, u16 proto);

int rsh_ip6_ra_addr(struct net_device *dev, const struct in6_addr *addr,
		    u8 plen, u32 valid, u32 preferred);
void rsh_ip6_route_work_flush(void);
int rsh_ip6_del_ra_default_routes(struct net *net, struct net_device *dev,
				  const struct in6_addr *keep);
bool rsh_ip6_del_ra_prefix_route(struct net *net, struct net_device *dev,
				 const struct in6_addr *prefix, int plen);

/* crypto (crypto.c) */
struct crypto_shash;
struct crypto_shash *rsh_shash_new(const char *alg, const u8 *key,
				   unsigned int keylen, int *err);
unsigned int rsh_shash_digestsize(struct crypto_shash *tfm);
int rsh_shash_digest(struct crypto_shash *tfm, const u8 *data,
		     unsigned int len, u8 *out);
void rsh_shash_free(struct crypto_shash *tfm);

/* netfilter (netfilter.c) */
struct nf_hook_ops *rsh_nf_hook_register(struct net *net, u8 pf,
					 unsigned int hooknum, int priority,
					 nf_hookfn *fn, void *priv, int *err);
void rsh_nf_hook_unregister(struct net *net, struct nf_hook_ops *ops);
int rsh_nf_state_in_ifindex(const struct nf_hook_state *state);
struct net_device *rsh_nf_state_in(const struct nf_hook_state *state);
struct net_device *rsh_nf_state_out(const struct nf_hook_state *state);
struct net *rsh_nf_state_net(const struct nf_hook_state *state);

/* UDP tunnel sockets (udp_tunnel.c) */
struct socket;
struct socket *rsh_udp4_tunnel_open(struct net *net, __be32 addr, __be16 port,
				    int (*rcv)(struct sock *, struct sk_buff *),
				    void *user, int *err);
void rsh_udp_tunnel_close(struct socket *sock);
void *rsh_udp_tunnel_user(struct sock *sk);
u16 rsh_udp_tunnel_port(struct socket *sock);
int rsh_udp_tunnel_pull(struct sk_buff *skb, __be32 *saddr, __be16 *sport,
			__be32 *daddr);
int rsh_udp4_tunnel_xmit(struct socket *sock, struct sk_buff *skb,
			 struct net_device *dev, __be32 saddr, __be32 daddr,
			 __be16 dport, u8 ttl, u8 tos);

/* IPv4 source NAT (nat.c) */
struct nf_conn;
struct nf_hook_ops *rsh_nat4_register(struct net *net, int priority,
				      nf_hookfn *fn, void *priv, int *err);
void rsh_nat4_unregister(struct net *net, struct nf_hook_ops *ops);
struct nf_conn *rsh_nat_ct(const struct sk_buff *skb);
bool rsh_nat_ct_orig(const struct nf_conn *ct, __be32 *src, __be32 *dst,
		     u8 *proto, u16 *sport, u16 *dport);
bool rsh_nat_taken(const struct nf_conn *ct, __be32 addr, u16 port);
unsigned int rsh_nat_bind(struct nf_conn *ct, __be32 addr, bool has_port,
			  u16 min, u16 max);
void rsh_nat_flush(struct net *net, __be32 addr);
void rsh_icmp4_send_prohibited(struct sk_buff *skb);

/* USB (usb.c) */
#include <linux/usb.h>
#include <linux/wwan.h>
struct usb_device *rsh_interface_to_usbdev(struct usb_interface *intf);
void *rsh_usb_get_intfdata(struct usb_interface *intf);
void rsh_usb_set_intfdata(struct usb_interface *intf, void *data);
unsigned int rsh_usb_rcvbulkpipe(struct usb_device *udev, u8 ep);
unsigned int rsh_usb_sndbulkpipe(struct usb_device *udev, u8 ep);
unsigned int rsh_usb_sndctrlpipe(struct usb_device *udev);
u16 rsh_usb_endpoint_maxp(const struct usb_endpoint_descriptor *desc);
void rsh_init_usb_anchor(struct usb_anchor *anchor);
void rsh_usb_fill_bulk_urb(struct urb *urb, struct usb_device *udev,
			   unsigned int pipe, void *buf, int len,
			   usb_complete_t complete, void *context);
struct page *rsh_usb_rx_page_alloc(unsigned int order, bool atomic);
void *rsh_page_address(struct page *page);
void rsh_put_page(struct page *page);
void rsh_get_page(struct page *page);
bool rsh_usb_rx_page_reusable(struct page *page);
struct page *rsh_virt_to_head_page(const void *addr);
struct sk_buff *rsh_usb_rx_skb(struct net_device *dev, struct page *page,
			       unsigned int order, unsigned int len);
void rsh_dev_consume_skb_any(struct sk_buff *skb);
struct usb_driver *rsh_usb_cdc_wdm_register(struct usb_interface *intf,
					    struct usb_endpoint_descriptor *ep,
					    int bufsize, enum wwan_port_type type);
void rsh_usb_subdriver_disconnect(struct usb_driver *sub,
				  struct usb_interface *intf);
int rsh_usb_subdriver_suspend(struct usb_driver *sub,
			      struct usb_interface *intf, pm_message_t msg);
int rsh_usb_subdriver_resume(struct usb_driver *sub, struct usb_interface *intf);
void rsh_init_work(struct work_struct *work, work_func_t fn);
bool rsh_schedule_work(struct work_struct *work);

#endif /* CELLROUTER_RUST_HELPERS_H */
