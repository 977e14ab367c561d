// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-line wrappers of the MHI bus API (see mhi.h), linked into the
 * modules that use rust/support/mhi.rs through their helpers.c.
 */

#include <net/net_namespace.h>
#include "mhi.h"

void *rsh_mhi_get_drvdata(struct mhi_device *mhi_dev)
{
	return dev_get_drvdata(&mhi_dev->dev);
}

void rsh_mhi_set_drvdata(struct mhi_device *mhi_dev, void *data)
{
	dev_set_drvdata(&mhi_dev->dev, data);
}

/* The controller's maximum receive unit: the size of downlink buffers. */
u32 rsh_mhi_mru(struct mhi_device *mhi_dev)
{
	return mhi_dev->mhi_cntrl->mru;
}

/* Whether @mhi_dev has an uplink (@ul) or downlink channel. */
bool rsh_mhi_has_chan(struct mhi_device *mhi_dev, bool ul)
{
	return ul ? !!mhi_dev->ul_chan : !!mhi_dev->dl_chan;
}

struct device *rsh_mhi_dev(struct mhi_device *mhi_dev)
{
	return &mhi_dev->dev;
}

struct net *rsh_init_net(void)
{
	return &init_net;
}
