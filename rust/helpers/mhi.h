/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Out-of-line wrappers of the MHI bus API's static inlines and macros
 * (mhi.c), for rust/support/mhi.rs.
 */
#ifndef CELLROUTER_RUST_HELPERS_MHI_H
#define CELLROUTER_RUST_HELPERS_MHI_H

#include <linux/mhi.h>
#include <linux/mod_devicetable.h>

void *rsh_mhi_get_drvdata(struct mhi_device *mhi_dev);
void rsh_mhi_set_drvdata(struct mhi_device *mhi_dev, void *data);
u32 rsh_mhi_mru(struct mhi_device *mhi_dev);
bool rsh_mhi_has_chan(struct mhi_device *mhi_dev, bool ul);
struct device *rsh_mhi_dev(struct mhi_device *mhi_dev);

/* Page buffers of downlink channels. */
struct page *rsh_mhi_alloc_pages(unsigned int order, void **addr);
struct page *rsh_mhi_buf_page(void *addr);
unsigned int rsh_mhi_page_size(struct page *page);
void rsh_mhi_put_page(struct page *page);
struct sk_buff *rsh_mhi_skb_from_page(struct page *page, unsigned int len);
int rsh_mhi_skb_add_page(struct sk_buff *skb, struct page *page,
			 unsigned int len);

#endif /* CELLROUTER_RUST_HELPERS_MHI_H */
