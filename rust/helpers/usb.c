// SPDX-License-Identifier: GPL-2.0
/*
 * USB functions of the support layer (rust/support/usb/): the static
 * inlines and macros of <linux/usb.h> (pipes, URB filling, interface data,
 * anchors), the receive-buffer pages of bulk IN queues, and the cdc-wdm
 * power callback. Included by a module's helpers.c; a module that includes
 * it depends on usbcore, and on cdc-wdm if it registers a QMI/AT port.
 */

#include <linux/usb.h>
#include <linux/usb/cdc-wdm.h>
#include <linux/workqueue.h>

struct usb_device *rsh_interface_to_usbdev(struct usb_interface *intf)
{
	return interface_to_usbdev(intf);
}

void *rsh_usb_get_intfdata(struct usb_interface *intf)
{
	return usb_get_intfdata(intf);
}

void rsh_usb_set_intfdata(struct usb_interface *intf, void *data)
{
	usb_set_intfdata(intf, data);
}

unsigned int rsh_usb_rcvbulkpipe(struct usb_device *udev, u8 ep)
{
	return usb_rcvbulkpipe(udev, ep);
}

unsigned int rsh_usb_sndbulkpipe(struct usb_device *udev, u8 ep)
{
	return usb_sndbulkpipe(udev, ep);
}

unsigned int rsh_usb_sndctrlpipe(struct usb_device *udev)
{
	return usb_sndctrlpipe(udev, 0);
}

u16 rsh_usb_endpoint_maxp(const struct usb_endpoint_descriptor *desc)
{
	return usb_endpoint_maxp(desc);
}

void rsh_init_usb_anchor(struct usb_anchor *anchor)
{
	init_usb_anchor(anchor);
}

void rsh_usb_fill_bulk_urb(struct urb *urb, struct usb_device *udev,
			   unsigned int pipe, void *buf, int len,
			   usb_complete_t complete, void *context)
{
	usb_fill_bulk_urb(urb, udev, pipe, buf, len, complete, context);
}

/* A receive buffer of 2^order pages, as one compound page. */
struct page *rsh_usb_rx_page_alloc(unsigned int order, bool atomic)
{
	gfp_t gfp = (atomic ? GFP_ATOMIC : GFP_KERNEL) | __GFP_NOWARN;

	if (order)
		gfp |= __GFP_COMP | __GFP_NORETRY;
	return alloc_pages(gfp, order);
}

void *rsh_page_address(struct page *page)
{
	return page_address(page);
}

void rsh_put_page(struct page *page)
{
	put_page(page);
}

void rsh_get_page(struct page *page)
{
	get_page(page);
}

/*
 * Whether a receive page the caller holds may take new data: nobody else
 * holds a reference (no packet kept a fragment of it), and it is neither
 * an emergency reserve page nor from another node (as page_pool decides).
 */
bool rsh_usb_rx_page_reusable(struct page *page)
{
	return page_ref_count(page) == 1 && !page_is_pfmemalloc(page) &&
	       page_to_nid(page) == numa_mem_id();
}

/*
 * A buffer for `len` bytes that a bulk IN transfer wrote at the start of
 * `page` (2^order pages): a fragment of an skb with an empty linear part, so
 * that whoever splits it can share the page. Takes over the caller's page
 * reference on success.
 */
struct sk_buff *rsh_usb_rx_skb(struct net_device *dev, struct page *page,
			       unsigned int order, unsigned int len)
{
	struct sk_buff *skb = netdev_alloc_skb(dev, 0);

	if (!skb)
		return NULL;
	skb_add_rx_frag(skb, 0, page, 0, len, PAGE_SIZE << order);
	return skb;
}

/* cdc-wdm's power hook: the interface never autosuspends, so only record it. */
static int rsh_usb_wdm_manage_power(struct usb_interface *intf, int on)
{
	intf->needs_remote_wakeup = on;
	return 0;
}

struct usb_driver *rsh_usb_cdc_wdm_register(struct usb_interface *intf,
					    struct usb_endpoint_descriptor *ep,
					    int bufsize, enum wwan_port_type type)
{
	return usb_cdc_wdm_register(intf, ep, bufsize, type,
				    rsh_usb_wdm_manage_power);
}

void rsh_usb_subdriver_disconnect(struct usb_driver *sub,
				  struct usb_interface *intf)
{
	if (sub->disconnect)
		sub->disconnect(intf);
}

int rsh_usb_subdriver_suspend(struct usb_driver *sub,
			      struct usb_interface *intf, pm_message_t msg)
{
	return sub->suspend ? sub->suspend(intf, msg) : 0;
}

int rsh_usb_subdriver_resume(struct usb_driver *sub, struct usb_interface *intf)
{
	return sub->resume ? sub->resume(intf) : 0;
}

void rsh_init_work(struct work_struct *work, work_func_t fn)
{
	INIT_WORK(work, fn);
}

bool rsh_schedule_work(struct work_struct *work)
{
	return schedule_work(work);
}

struct page *rsh_virt_to_head_page(const void *addr)
{
	return virt_to_head_page(addr);
}

void rsh_dev_consume_skb_any(struct sk_buff *skb)
{
	dev_consume_skb_any(skb);
}
