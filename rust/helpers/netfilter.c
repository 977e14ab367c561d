// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hook helpers of the support layer (rust/support/netfilter.rs).
 * Included by helpers.c.
 */

#include <linux/netfilter.h>
#include <linux/slab.h>

struct nf_hook_ops *rsh_nf_hook_register(struct net *net, u8 pf,
					 unsigned int hooknum, int priority,
					 nf_hookfn *fn, void *priv, int *err)
{
	struct nf_hook_ops *ops = kzalloc(sizeof(*ops), GFP_KERNEL);

	if (!ops) {
		*err = -ENOMEM;
		return NULL;
	}
	ops->hook = fn;
	ops->priv = priv;
	ops->pf = pf;
	ops->hooknum = hooknum;
	ops->priority = priority;
	*err = nf_register_net_hook(net, ops);
	if (*err) {
		kfree(ops);
		return NULL;
	}
	return ops;
}

/* Unregisters, waits until no CPU runs the hook any more, frees @ops. */
void rsh_nf_hook_unregister(struct net *net, struct nf_hook_ops *ops)
{
	nf_unregister_net_hook(net, ops);
	synchronize_net();
	kfree(ops);
}

int rsh_nf_state_in_ifindex(const struct nf_hook_state *state)
{
	return state->in ? state->in->ifindex : 0;
}

struct net_device *rsh_nf_state_in(const struct nf_hook_state *state)
{
	return state->in;
}

struct net_device *rsh_nf_state_out(const struct nf_hook_state *state)
{
	return state->out;
}

struct net *rsh_nf_state_net(const struct nf_hook_state *state)
{
	return state->net;
}
