// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-line wrappers of the MHI bus API (see mhi.h), linked into the
 * modules that use rust/support/mhi.rs through their helpers.c.
 */

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/skbuff.h>
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

/*
 * A compound page of @order for a downlink buffer, without warning on
 * failure (the caller retries), and its address in *@addr.
 */
struct page *rsh_mhi_alloc_pages(unsigned int order, void **addr)
{
	struct page *page = alloc_pages(GFP_ATOMIC | __GFP_COMP | __GFP_NOWARN,
					order);

	if (page)
		*addr = page_address(page);
	return page;
}

/* The (head) page of a buffer rsh_mhi_alloc_pages() gave the address of. */
struct page *rsh_mhi_buf_page(void *addr)
{
	return virt_to_head_page(addr);
}

/* The bytes of a (compound) page. */
unsigned int rsh_mhi_page_size(struct page *page)
{
	return page_size(page);
}

void rsh_mhi_put_page(struct page *page)
{
	put_page(page);
}

/*
 * A received buffer whose data are the first @len bytes of @page, as its
 * one fragment (the page reference moves into it; truesize is the whole
 * page): NULL, with the reference still the caller's, when no sk_buff can
 * be had.
 */
struct sk_buff *rsh_mhi_skb_from_page(struct page *page, unsigned int len)
{
	/* A head of its own from the per-CPU page-fragment cache. */
	struct sk_buff *skb = __netdev_alloc_skb(NULL, 0, GFP_ATOMIC);

	if (!skb)
		return NULL;
	skb_add_rx_frag(skb, 0, page, 0, len, page_size(page));
	return skb;
}

/*
 * Appends the first @len bytes of @page to @skb as its next fragment (the
 * page reference moves into it): -EMSGSIZE, the reference still the
 * caller's, when @skb has no fragment slot left or shares its data.
 */
int rsh_mhi_skb_add_page(struct sk_buff *skb, struct page *page,
			 unsigned int len)
{
	unsigned int i = skb_shinfo(skb)->nr_frags;

	if (i >= MAX_SKB_FRAGS || skb_cloned(skb) || skb_has_frag_list(skb))
		return -EMSGSIZE;
	skb_add_rx_frag(skb, i, page, 0, len, page_size(page));
	return 0;
}
