/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Headers for which rust/Makefile.support generates the support layer's own
 * bindings, with the kernel's bindgen parameters and the module's C flags.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <net/gro_cells.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "helpers/helpers.h"

/* Macros bindgen cannot evaluate. */
const unsigned int RSH_CONST_GENL_ADMIN_PERM = GENL_ADMIN_PERM;
const unsigned int RSH_CONST_GENL_UNS_ADMIN_PERM = GENL_UNS_ADMIN_PERM;
const unsigned int RSH_CONST_NLM_F_MULTI = NLM_F_MULTI;
const unsigned int RSH_CONST_IFNAMSIZ = IFNAMSIZ;
const unsigned int RSH_CONST_GENL_NAMSIZ = GENL_NAMSIZ;
const gfp_t RSH_CONST_GFP_KERNEL = GFP_KERNEL;
const gfp_t RSH_CONST_GFP_ATOMIC = GFP_ATOMIC;
