// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 source NAT functions of the support layer (rust/support/nat.rs): a
 * function on the NAT core's POST_ROUTING list (nf_nat_ipv4_register_fn),
 * which the core calls for each new conntrack not bound yet, in priority
 * order with nftables' NAT chains; the binding itself is
 * nf_nat_setup_info(). Included by a module's helpers.c, after
 * netfilter.c. Without CONFIG_NF_NAT the registration fails with
 * -EOPNOTSUPP.
 */

#include <linux/netfilter.h>
#include <linux/slab.h>
#include <net/icmp.h>

#if IS_ENABLED(CONFIG_NF_NAT)
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_nat.h>

struct nf_hook_ops *rsh_nat4_register(struct net *net, int priority,
				      nf_hookfn *fn, void *priv, int *err)
{
	struct nf_hook_ops *ops = kzalloc(sizeof(*ops), GFP_KERNEL);

	if (!ops) {
		*err = -ENOMEM;
		return NULL;
	}
	ops->hook = fn;
	ops->priv = priv;
	ops->pf = NFPROTO_IPV4;
	ops->hooknum = NF_INET_POST_ROUTING;
	ops->priority = priority;
	/* Conntrack's own hooks run in a namespace only while someone asks. */
	*err = nf_ct_netns_get(net, NFPROTO_IPV4);
	if (*err)
		goto free;
	*err = nf_nat_ipv4_register_fn(net, ops);
	if (*err)
		goto put;
	return ops;
put:
	nf_ct_netns_put(net, NFPROTO_IPV4);
free:
	kfree(ops);
	return NULL;
}

/* Unregisters (which waits for running functions) and frees @ops. */
void rsh_nat4_unregister(struct net *net, struct nf_hook_ops *ops)
{
	nf_nat_ipv4_unregister_fn(net, ops);
	nf_ct_netns_put(net, NFPROTO_IPV4);
	synchronize_net();
	kfree(ops);
}

/* The conntrack of a packet the NAT core offers (never NULL there). */
struct nf_conn *rsh_nat_ct(const struct sk_buff *skb)
{
	enum ip_conntrack_info ctinfo;

	return nf_ct_get(skb, &ctinfo);
}

/*
 * The original direction of @ct: addresses (network order), protocol and
 * ports in host order (the ICMP identifier as source port, 0 as
 * destination; 0 and 0 for protocols without ports). Returns whether the
 * protocol has ports or an identifier.
 */
bool rsh_nat_ct_orig(const struct nf_conn *ct, __be32 *src, __be32 *dst,
		     u8 *proto, u16 *sport, u16 *dport)
{
	const struct nf_conntrack_tuple *t = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;

	*src = t->src.u3.ip;
	*dst = t->dst.u3.ip;
	*proto = t->dst.protonum;
	*sport = 0;
	*dport = 0;
	switch (t->dst.protonum) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		*sport = ntohs(t->src.u.all);
		*dport = ntohs(t->dst.u.all);
		return true;
	case IPPROTO_ICMP:
		*sport = ntohs(t->src.u.icmp.id);
		return true;
	default:
		return false;
	}
}

static void rsh_nat_set_src(struct nf_conntrack_tuple *t, __be32 addr, u16 port)
{
	t->src.u3.ip = addr;
	if (t->dst.protonum == IPPROTO_ICMP)
		t->src.u.icmp.id = htons(port);
	else
		t->src.u.all = htons(port);
}

/*
 * Whether rewriting @ct's source to @addr:@port would clash with another
 * connection (its reply tuple is in use), as nf_nat_used_tuple() checks.
 */
bool rsh_nat_taken(const struct nf_conn *ct, __be32 addr, u16 port)
{
	struct nf_conntrack_tuple t = ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	struct nf_conntrack_tuple reply;

	rsh_nat_set_src(&t, addr, port);
	nf_ct_invert_tuple(&reply, &t);
	return nf_conntrack_tuple_taken(&reply, ct);
}

/*
 * Binds @ct's source to @addr and, if @has_port, to the ports (or ICMP
 * identifiers) @min..@max. No NAT extension is added (masquerade's
 * masq_index): it would cost an allocation per connection. Returns an NF_
 * verdict.
 */
unsigned int rsh_nat_bind(struct nf_conn *ct, __be32 addr, bool has_port,
			  u16 min, u16 max)
{
	struct nf_nat_range2 range = {
		.flags = NF_NAT_RANGE_MAP_IPS,
		.min_addr.ip = addr,
		.max_addr.ip = addr,
	};

	if (has_port) {
		range.flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
		range.min_proto.all = htons(min);
		range.max_proto.all = htons(max);
	}
	return nf_nat_setup_info(ct, &range, NF_NAT_MANIP_SRC);
}

static int rsh_nat_flush_one(struct nf_conn *ct, void *data)
{
	const struct nf_conntrack_tuple *reply = &ct->tuplehash[IP_CT_DIR_REPLY].tuple;
	const __be32 *addr = data;

	return nf_ct_l3num(ct) == NFPROTO_IPV4 && reply->dst.u3.ip == *addr &&
	       (ct->status & IPS_SRC_NAT_DONE);
}

/*
 * Deletes the connections of @net whose replies go to @addr (the address
 * of a MAP CE, which only its device's NAT binds to). Process context.
 */
void rsh_nat_flush(struct net *net, __be32 addr)
{
	struct nf_ct_iter_data iter = { .net = net, .data = &addr };

	nf_ct_iterate_cleanup_net(rsh_nat_flush_one, &iter);
}

#else /* !CONFIG_NF_NAT */

struct nf_hook_ops *rsh_nat4_register(struct net *net, int priority,
				      nf_hookfn *fn, void *priv, int *err)
{
	*err = -EOPNOTSUPP;
	return NULL;
}

void rsh_nat4_unregister(struct net *net, struct nf_hook_ops *ops) {}

struct nf_conn *rsh_nat_ct(const struct sk_buff *skb)
{
	return NULL;
}

bool rsh_nat_ct_orig(const struct nf_conn *ct, __be32 *src, __be32 *dst,
		     u8 *proto, u16 *sport, u16 *dport)
{
	return false;
}

bool rsh_nat_taken(const struct nf_conn *ct, __be32 addr, u16 port)
{
	return true;
}

unsigned int rsh_nat_bind(struct nf_conn *ct, __be32 addr, bool has_port,
			  u16 min, u16 max)
{
	return NF_DROP;
}

void rsh_nat_flush(struct net *net, __be32 addr) {}

#endif /* CONFIG_NF_NAT */

/*
 * Refuses @skb (an IPv4 packet being forwarded or sent) to its sender with
 * an ICMP destination unreachable, "communication administratively
 * prohibited" (RFC 1812): a TCP connect then fails at once.
 */
void rsh_icmp4_send_prohibited(struct sk_buff *skb)
{
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PKT_FILTERED, 0);
}
