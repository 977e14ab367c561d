/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Headers for which rust/Makefile.support generates the support layer's own
 * bindings, with the kernel's bindgen parameters and the module's C flags.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <net/gro_cells.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>

#include "helpers/helpers.h"

/* Macros bindgen cannot evaluate. */
const unsigned int RSH_CONST_GENL_ADMIN_PERM = GENL_ADMIN_PERM;
const unsigned int RSH_CONST_GENL_UNS_ADMIN_PERM = GENL_UNS_ADMIN_PERM;
const unsigned int RSH_CONST_NLM_F_MULTI = NLM_F_MULTI;
const unsigned int RSH_CONST_IFNAMSIZ = IFNAMSIZ;
const unsigned int RSH_CONST_GENL_NAMSIZ = GENL_NAMSIZ;
const gfp_t RSH_CONST_GFP_KERNEL = GFP_KERNEL;
const unsigned int RSH_CONST_PAGE_SHIFT = PAGE_SHIFT;
const unsigned long RSH_CONST_PAGE_SIZE = PAGE_SIZE;
const gfp_t RSH_CONST_GFP_ATOMIC = GFP_ATOMIC;
const unsigned int RSH_CONST_NF_ACCEPT = NF_ACCEPT;
const unsigned int RSH_CONST_NF_DROP = NF_DROP;
const unsigned int RSH_CONST_NF_STOLEN = NF_STOLEN;
const unsigned int RSH_CONST_NFPROTO_IPV6 = NFPROTO_IPV6;
const int RSH_CONST_NF_IP6_PRI_FIRST = NF_IP6_PRI_FIRST;
const unsigned int RSH_CONST_NF_INET_PRE_ROUTING = NF_INET_PRE_ROUTING;
const unsigned int RSH_CONST_NF_INET_LOCAL_IN = NF_INET_LOCAL_IN;
const unsigned int RSH_CONST_NF_INET_LOCAL_OUT = NF_INET_LOCAL_OUT;
const unsigned int RSH_CONST_NF_INET_POST_ROUTING = NF_INET_POST_ROUTING;

/* MHI bus (rust/support/mhi.rs) */
#include "helpers/mhi.h"
