// SPDX-License-Identifier: GPL-2.0
/*
 * mhi_sim: a fake MHI controller and the modem behind it, a test fixture
 * (as tools/testing/selftests/bpf/bpf_testmod is one).
 *
 * The module registers an mhi_controller whose "device" lives here: the
 * MMIO space is an array reached only through read_reg/write_reg, the
 * context arrays and rings are the host's dma_alloc_coherent memory on a
 * platform device with a 64-bit DMA mask, and interrupts are descriptors
 * of our own (dummy_irq_chip, handle_simple_irq) fired with
 * generic_handle_irq_safe. The device boots straight into AMSS (mission
 * mode): READY on power up, M0 when asked, then an EE event; it completes
 * channel commands and moves data on channels IP_HW0 (100 uplink, 101
 * downlink; the controller's MRU is 32768) as the channel config of
 * pci_generic's modem_qcom_v1 does.
 *
 * Userspace plays the network behind the modem through /dev/mhi_sim0:
 *   read()  returns one uplink transfer (blocks; O_NONBLOCK gives -EAGAIN);
 *           a short buffer truncates the transfer;
 *   write() injects one downlink transfer (at most twice the MRU), delivered
 *           into the next buffer the host queued (blocks while 256 are
 *           pending); one larger than the buffer is split over buffers, all
 *           but the last completed with OVERFLOW, as a modem does.
 * While nobody holds the device open, uplink transfers are consumed and
 * dropped (counted). Controls, /sys/module/mhi_sim/parameters/:
 *   paused  1: the device stops consuming uplink and filling downlink
 *           buffers (a stalled channel); 0: it catches up.
 *   power   0: mhi_power_down (the channel devices go, drivers' remove
 *           runs); 1: power up again (drivers probe again).
 *   stats   read-only counters.
 * Removing the module powers the controller down and unregisters it.
 */

#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/miscdevice.h>
#include <linux/mhi.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "common.h" /* drivers/bus/mhi/common.h: registers, ring elements */

#define SIM_REG_LEN	0x1000
#define SIM_CHDBOFF	0x300
#define SIM_ERDBOFF	0x700
#define SIM_BHIOFF	0x100
#define SIM_MRU		32768
#define SIM_MAX_CHAN	128
#define SIM_NR_ER	4
#define SIM_NR_IRQ	(SIM_NR_ER + 1)
#define SIM_CH_UL	100
#define SIM_CH_DL	101
#define SIM_QLEN	256
#define SIM_MAX_WRITE	(2 * SIM_MRU)	/* larger than a buffer: split */
#define SIM_BUDGET	32	/* transfers per work run */

static bool burst = true;
module_param(burst, bool, 0444);
MODULE_PARM_DESC(burst, "IP_HW0 in doorbell burst mode, as upstream (default: yes)");

static const struct mhi_channel_config sim_channels[] = {
	{ .num = 14, .name = "QMI", .num_elements = 4, .event_ring = 1,
	  .dir = DMA_TO_DEVICE, .ee_mask = BIT(MHI_EE_AMSS),
	  .doorbell = MHI_DB_BRST_DISABLE },
	{ .num = 15, .name = "QMI", .num_elements = 4, .event_ring = 1,
	  .dir = DMA_FROM_DEVICE, .ee_mask = BIT(MHI_EE_AMSS),
	  .doorbell = MHI_DB_BRST_DISABLE },
	{ .num = SIM_CH_UL, .name = "IP_HW0", .num_elements = 128,
	  .event_ring = 2, .dir = DMA_TO_DEVICE, .ee_mask = BIT(MHI_EE_AMSS),
	  .doorbell = MHI_DB_BRST_ENABLE, .doorbell_mode_switch = true },
	{ .num = SIM_CH_DL, .name = "IP_HW0", .num_elements = 128,
	  .event_ring = 3, .dir = DMA_FROM_DEVICE, .ee_mask = BIT(MHI_EE_AMSS),
	  .doorbell = MHI_DB_BRST_ENABLE, .doorbell_mode_switch = true },
};

static struct mhi_channel_config sim_channels_nb[ARRAY_SIZE(sim_channels)];

static const struct mhi_event_config sim_events[SIM_NR_ER] = {
	{ .num_elements = 64, .irq = 1, .priority = 1,
	  .mode = MHI_DB_BRST_DISABLE, .data_type = MHI_ER_CTRL },
	{ .num_elements = 64, .irq = 2, .priority = 1,
	  .mode = MHI_DB_BRST_DISABLE, .data_type = MHI_ER_DATA },
	{ .num_elements = 1024, .irq_moderation_ms = 1, .irq = 3, .priority = 1,
	  .mode = MHI_DB_BRST_DISABLE, .data_type = MHI_ER_DATA,
	  .hardware_event = true, .channel = SIM_CH_UL },
	{ .num_elements = 2048, .irq_moderation_ms = 1, .irq = 4, .priority = 1,
	  .mode = MHI_DB_BRST_DISABLE, .data_type = MHI_ER_DATA,
	  .hardware_event = true, .channel = SIM_CH_DL },
};

static struct mhi_controller_config sim_config = {
	.max_channels = SIM_MAX_CHAN,
	.timeout_ms = 8000,
	.num_channels = ARRAY_SIZE(sim_channels),
	.num_events = ARRAY_SIZE(sim_events),
	.event_cfg = (struct mhi_event_config *)sim_events,
};

struct sim_msg {
	struct list_head node;
	size_t len;
	size_t off;	/* downlink: bytes already in earlier buffers */
	u8 data[];
};

struct sim_chan {
	bool running;
	u64 rp;		/* device read pointer (bus address) */
	bool db_event;	/* a DB_MODE event is owed */
	bool db_armed;	/* the host rings the doorbell on its next queue */
};

struct sim {
	struct platform_device *pdev;
	struct mhi_controller *cntrl;
	int irq_base;
	int irqs[SIM_NR_IRQ];
	spinlock_t lock;		/* everything below */
	u32 regs[SIM_REG_LEN / 4];
	bool m0_pending;
	bool active;			/* in M0: contexts valid */
	u64 cmd_rp;
	struct sim_chan chan[SIM_MAX_CHAN];
	u64 er_rp[SIM_NR_ER];
	bool er_init[SIM_NR_ER];
	bool paused;
	bool powered;
	int readers;
	struct list_head ul, dl;
	unsigned int ul_len, dl_len;
	u64 ul_xfers, ul_bytes, ul_dropped, dl_xfers, dl_bytes, dl_split;
	u64 cmds, events;
	unsigned int budget;
	struct workqueue_struct *wq;
	struct work_struct work;
	wait_queue_head_t ul_wait, dl_wait;
	struct mutex power_lock;
};

static struct sim *sim;

static void *sim_virt(struct sim *s, u64 addr)
{
	return phys_to_virt(dma_to_phys(&s->pdev->dev, addr));
}

static u64 reg64(struct sim *s, u32 lo)
{
	return ((u64)s->regs[(lo + 4) / 4] << 32) | s->regs[lo / 4];
}

static struct mhi_event_ctxt *er_ctxt(struct sim *s, unsigned int i)
{
	return (struct mhi_event_ctxt *)sim_virt(s, reg64(s, ECABAP_LOWER)) + i;
}

static struct mhi_chan_ctxt *ch_ctxt(struct sim *s, unsigned int ch)
{
	return (struct mhi_chan_ctxt *)sim_virt(s, reg64(s, CCABAP_LOWER)) + ch;
}

static u64 ring_next(u64 p, u64 base, u64 len)
{
	p += sizeof(struct mhi_ring_element);
	return p >= base + len ? base : p;
}

/* Whether event ring @i has room for one more element. */
static bool er_room(struct sim *s, unsigned int i)
{
	struct mhi_event_ctxt *ctx = er_ctxt(s, i);

	if (!s->er_init[i]) {
		s->er_rp[i] = le64_to_cpu(ctx->rbase);
		s->er_init[i] = true;
	}
	return s->er_rp[i] != le64_to_cpu(READ_ONCE(ctx->wp));
}

/* Posts an event on ring @i (caller checked er_room); returns its irq. */
static int er_post(struct sim *s, unsigned int i, __le64 ptr, __le32 dw0,
		   __le32 dw1)
{
	struct mhi_event_ctxt *ctx = er_ctxt(s, i);
	struct mhi_ring_element *el = sim_virt(s, s->er_rp[i]);

	el->ptr = ptr;
	el->dword[0] = dw0;
	el->dword[1] = dw1;
	s->er_rp[i] = ring_next(s->er_rp[i], le64_to_cpu(ctx->rbase),
				le64_to_cpu(ctx->rlen));
	dma_wmb();
	WRITE_ONCE(ctx->rp, cpu_to_le64(s->er_rp[i]));
	s->events++;
	return le32_to_cpu(ctx->msivec);
}

static void sim_raise(struct sim *s, unsigned long *mask)
{
	int i;

	for_each_set_bit(i, mask, SIM_NR_IRQ)
		generic_handle_irq_safe(s->irqs[i]);
}

static bool sim_cmds(struct sim *s, unsigned long *irqs)
{
	struct mhi_cmd_ctxt *ctx = sim_virt(s, reg64(s, CRCBAP_LOWER));
	u64 base = le64_to_cpu(ctx->rbase), len = le64_to_cpu(ctx->rlen);
	u64 wp = le64_to_cpu(READ_ONCE(ctx->wp));

	if (!s->cmd_rp)
		s->cmd_rp = base;
	while (s->cmd_rp != wp) {
		struct mhi_ring_element *cmd = sim_virt(s, s->cmd_rp);
		unsigned int ch = MHI_TRE_GET_CMD_CHID(cmd);
		unsigned int type = MHI_TRE_GET_CMD_TYPE(cmd);
		struct sim_chan *c = &s->chan[ch % SIM_MAX_CHAN];

		if (!er_room(s, 0))
			return false;
		switch (type) {
		case MHI_PKT_TYPE_START_CHAN_CMD:
			c->running = true;
			c->rp = le64_to_cpu(ch_ctxt(s, ch)->rbase);
			c->db_event = false;
			c->db_armed = true; /* a started channel is in DB mode */
			break;
		case MHI_PKT_TYPE_STOP_CHAN_CMD:
		case MHI_PKT_TYPE_RESET_CHAN_CMD:
			c->running = false;
			break;
		}
		__set_bit(er_post(s, 0, MHI_CC_EV_PTR(s->cmd_rp),
				  MHI_CC_EV_DWORD0(MHI_EV_CC_SUCCESS),
				  MHI_CC_EV_DWORD1(MHI_PKT_TYPE_CMD_COMPLETION_EVENT)),
			  irqs);
		s->cmds++;
		s->cmd_rp = ring_next(s->cmd_rp, base, len);
		WRITE_ONCE(ctx->rp, cpu_to_le64(s->cmd_rp));
	}
	return true;
}

/*
 * The next transfer element the host queued on channel @ch, or NULL; in
 * burst mode the host rings no doorbell until told, so an empty ring owes
 * it a DB_MODE event.
 */
static struct mhi_ring_element *chan_tre(struct sim *s, unsigned int ch)
{
	struct mhi_chan_ctxt *ctx = ch_ctxt(s, ch);
	struct sim_chan *c = &s->chan[ch];

	if (!c->running)
		return NULL;
	if (c->rp == le64_to_cpu(READ_ONCE(ctx->wp))) {
		if (FIELD_GET(CHAN_CTX_BRSTMODE_MASK, le32_to_cpu(ctx->chcfg)) ==
		    MHI_DB_BRST_ENABLE && !c->db_armed)
			c->db_event = true;
		return NULL;
	}
	dma_rmb();
	return sim_virt(s, c->rp);
}

/* Completes the element at channel @ch's read pointer with @len bytes. */
static void chan_complete(struct sim *s, unsigned int ch, u32 len, u32 code,
			  unsigned long *irqs)
{
	struct mhi_chan_ctxt *ctx = ch_ctxt(s, ch);
	struct sim_chan *c = &s->chan[ch];
	unsigned int er = le32_to_cpu(ctx->erindex);

	__set_bit(er_post(s, er, MHI_TRE_EV_PTR(c->rp),
			  MHI_TRE_EV_DWORD0(code, len),
			  MHI_TRE_EV_DWORD1(ch, MHI_PKT_TYPE_TX_EVENT)), irqs);
	c->rp = ring_next(c->rp, le64_to_cpu(ctx->rbase), le64_to_cpu(ctx->rlen));
	WRITE_ONCE(ctx->rp, cpu_to_le64(c->rp));
}

static void chan_db_event(struct sim *s, unsigned int ch, unsigned long *irqs)
{
	struct sim_chan *c = &s->chan[ch];
	unsigned int er;

	if (!c->db_event || !c->running)
		return;
	er = le32_to_cpu(ch_ctxt(s, ch)->erindex);
	if (!er_room(s, er))
		return;
	c->db_event = false;
	c->db_armed = true;
	__set_bit(er_post(s, er, 0, MHI_TRE_EV_DWORD0(MHI_EV_CC_DB_MODE, 0),
			  MHI_TRE_EV_DWORD1(ch, MHI_PKT_TYPE_TX_EVENT)), irqs);
}

/* Uplink: consumes what the host queued on channel 100. */
static void sim_ul(struct sim *s, unsigned long *irqs)
{
	struct mhi_ring_element *tre;
	unsigned int er;

	if (!s->chan[SIM_CH_UL].running)
		return;
	er = le32_to_cpu(ch_ctxt(s, SIM_CH_UL)->erindex);
	while (!s->paused && s->budget && er_room(s, er) &&
	       (!s->readers || s->ul_len < SIM_QLEN) &&
	       (tre = chan_tre(s, SIM_CH_UL))) {
		u32 len = MHI_TRE_DATA_GET_LEN(tre);
		struct sim_msg *m = NULL;

		if (s->readers)
			m = kmalloc(sizeof(*m) + len, GFP_ATOMIC);
		if (m) {
			m->len = len;
			memcpy(m->data, sim_virt(s, MHI_TRE_DATA_GET_PTR(tre)), len);
			list_add_tail(&m->node, &s->ul);
			s->ul_len++;
			wake_up_interruptible(&s->ul_wait);
		} else {
			s->ul_dropped++;
		}
		s->budget--;
		s->ul_xfers++;
		s->ul_bytes += len;
		chan_complete(s, SIM_CH_UL, len, MHI_EV_CC_EOT, irqs);
	}
	chan_db_event(s, SIM_CH_UL, irqs);
}

/* Downlink: fills the host's buffers on channel 101 with injected data. */
static void sim_dl(struct sim *s, unsigned long *irqs)
{
	struct mhi_ring_element *tre;
	unsigned int er;

	if (!s->chan[SIM_CH_DL].running)
		return;
	er = le32_to_cpu(ch_ctxt(s, SIM_CH_DL)->erindex);
	while (!s->paused && s->budget && !list_empty(&s->dl) && er_room(s, er) &&
	       (tre = chan_tre(s, SIM_CH_DL))) {
		struct sim_msg *m = list_first_entry(&s->dl, struct sim_msg, node);
		u32 room = MHI_TRE_DATA_GET_LEN(tre);
		u32 len = min_t(u32, m->len - m->off, room);
		bool last = m->off + len == m->len;

		/*
		 * A transfer larger than the buffer goes on in the next one(s):
		 * each full buffer completes with OVERFLOW, the last with EOT.
		 */
		memcpy(sim_virt(s, MHI_TRE_DATA_GET_PTR(tre)), m->data + m->off, len);
		m->off += len;
		s->budget--;
		s->dl_bytes += len;
		chan_complete(s, SIM_CH_DL, len,
			      last ? MHI_EV_CC_EOT : MHI_EV_CC_OVERFLOW, irqs);
		if (!last) {
			s->dl_split++;
			continue;
		}
		list_del(&m->node);
		s->dl_len--;
		kfree(m);
		s->dl_xfers++;
		wake_up_interruptible(&s->dl_wait);
	}
	if (!list_empty(&s->dl))
		chan_db_event(s, SIM_CH_DL, irqs);
	else
		s->chan[SIM_CH_DL].db_event = false;
}

static void sim_work(struct work_struct *work)
{
	struct sim *s = container_of(work, struct sim, work);
	DECLARE_BITMAP(irqs, SIM_NR_IRQ) = { 0 };
	unsigned long flags;
	bool more = false;

	spin_lock_irqsave(&s->lock, flags);
	if (s->m0_pending && er_room(s, 0)) {
		/* M0: say so, then announce the execution environment. */
		s->m0_pending = false;
		s->active = true;
		s->regs[MHISTATUS / 4] = FIELD_PREP(MHISTATUS_MHISTATE_MASK,
						    MHI_STATE_M0) |
					 MHISTATUS_READY_MASK;
		__set_bit(er_post(s, 0, 0, MHI_SC_EV_DWORD0(MHI_STATE_M0),
				  MHI_SC_EV_DWORD1(MHI_PKT_TYPE_STATE_CHANGE_EVENT)),
			  irqs);
		if (er_room(s, 0))
			__set_bit(er_post(s, 0, 0, MHI_EE_EV_DWORD0(MHI_EE_AMSS),
					  MHI_EE_EV_DWORD1(MHI_PKT_TYPE_EE_EVENT)),
				  irqs);
	}
	if (s->active) {
		s->budget = SIM_BUDGET;
		sim_cmds(s, irqs);
		sim_ul(s, irqs);
		sim_dl(s, irqs);
		more = !s->budget;
	}
	spin_unlock_irqrestore(&s->lock, flags);
	sim_raise(s, irqs);
	if (more)
		queue_work(s->wq, &s->work);
}

static void sim_kick(struct sim *s)
{
	queue_work(s->wq, &s->work);
}

/* MMIO */

static int sim_read_reg(struct mhi_controller *cntrl, void __iomem *addr,
			u32 *out)
{
	struct sim *s = dev_get_drvdata(cntrl->cntrl_dev);
	unsigned long off = (unsigned long)(addr - cntrl->regs);
	unsigned long flags;

	if (off >= SIM_REG_LEN || off & 3)
		return -EIO;
	spin_lock_irqsave(&s->lock, flags);
	*out = s->regs[off / 4];
	spin_unlock_irqrestore(&s->lock, flags);
	return 0;
}

/* The device forgets its state: MHI RESET. */
static void sim_reset_locked(struct sim *s)
{
	int i;

	s->active = false;
	s->m0_pending = false;
	s->cmd_rp = 0;
	for (i = 0; i < SIM_MAX_CHAN; i++)
		s->chan[i].running = false;
	for (i = 0; i < SIM_NR_ER; i++)
		s->er_init[i] = false;
	s->regs[MHICTRL / 4] = 0;
	s->regs[MHISTATUS / 4] = FIELD_PREP(MHISTATUS_MHISTATE_MASK,
					    MHI_STATE_READY) |
				 MHISTATUS_READY_MASK;
}

static void sim_write_reg(struct mhi_controller *cntrl, void __iomem *addr,
			  u32 val)
{
	struct sim *s = dev_get_drvdata(cntrl->cntrl_dev);
	unsigned long off = (unsigned long)(addr - cntrl->regs);
	bool kick = false;
	unsigned long flags;

	if (off >= SIM_REG_LEN || off & 3)
		return;
	spin_lock_irqsave(&s->lock, flags);
	switch (off) {
	case MHICTRL:
		if (val & MHICTRL_RESET_MASK) {
			sim_reset_locked(s);
			break;
		}
		s->regs[off / 4] = val;
		if (FIELD_GET(MHICTRL_MHISTATE_MASK, val) == MHI_STATE_M0 &&
		    !s->active) {
			s->m0_pending = true;
			kick = true;
		}
		break;
	case MHISTATUS:
	case BHIOFF:
	case CHDBOFF:
	case ERDBOFF:
	case SIM_BHIOFF + BHI_EXECENV:
		break; /* read-only */
	case CRDB_LOWER:
		kick = true;
		fallthrough;
	default:
		s->regs[off / 4] = val;
		/* a channel or event ring doorbell (lower half) */
		if (off >= SIM_CHDBOFF && off < SIM_ERDBOFF + 8 * SIM_NR_ER &&
		    !(off & 4))
			kick = true;
		/* the host left DB mode on that channel */
		if (off >= SIM_CHDBOFF && off < SIM_CHDBOFF + 8 * SIM_MAX_CHAN &&
		    !(off & 4))
			s->chan[(off - SIM_CHDBOFF) / 8].db_armed = false;
	}
	kick &= s->active || s->m0_pending;
	spin_unlock_irqrestore(&s->lock, flags);
	if (kick)
		sim_kick(s);
}

static void sim_status_cb(struct mhi_controller *cntrl, enum mhi_callback cb)
{
}

static int sim_runtime_get(struct mhi_controller *cntrl)
{
	return 0;
}

static void sim_runtime_put(struct mhi_controller *cntrl)
{
}

/* The character device */

static int sim_open(struct inode *inode, struct file *file)
{
	unsigned long flags;

	spin_lock_irqsave(&sim->lock, flags);
	sim->readers++;
	spin_unlock_irqrestore(&sim->lock, flags);
	return 0;
}

static void sim_purge(struct list_head *l)
{
	struct sim_msg *m, *t;

	list_for_each_entry_safe(m, t, l, node) {
		list_del(&m->node);
		kfree(m);
	}
}

static int sim_release(struct inode *inode, struct file *file)
{
	unsigned long flags;
	LIST_HEAD(old);

	spin_lock_irqsave(&sim->lock, flags);
	if (!--sim->readers) {
		list_splice_init(&sim->ul, &old);
		sim->ul_len = 0;
	}
	spin_unlock_irqrestore(&sim->lock, flags);
	sim_purge(&old);
	sim_kick(sim);
	return 0;
}

static ssize_t sim_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	struct sim_msg *m = NULL;
	unsigned long flags;
	ssize_t ret;

	for (;;) {
		spin_lock_irqsave(&sim->lock, flags);
		if (!list_empty(&sim->ul)) {
			m = list_first_entry(&sim->ul, struct sim_msg, node);
			list_del(&m->node);
			sim->ul_len--;
		}
		spin_unlock_irqrestore(&sim->lock, flags);
		if (m)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(sim->ul_wait,
					       !list_empty(&sim->ul));
		if (ret)
			return ret;
	}
	sim_kick(sim); /* room for more uplink */
	ret = min(count, m->len);
	if (copy_to_user(buf, m->data, ret))
		ret = -EFAULT;
	kfree(m);
	return ret;
}

static ssize_t sim_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	struct sim_msg *m;
	unsigned long flags;
	int ret;

	if (!count || count > SIM_MAX_WRITE)
		return -EMSGSIZE;
	m = kmalloc(sizeof(*m) + count, GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	if (copy_from_user(m->data, buf, count)) {
		kfree(m);
		return -EFAULT;
	}
	m->len = count;
	m->off = 0;
	for (;;) {
		spin_lock_irqsave(&sim->lock, flags);
		if (sim->dl_len < SIM_QLEN) {
			list_add_tail(&m->node, &sim->dl);
			sim->dl_len++;
			m = NULL;
		}
		spin_unlock_irqrestore(&sim->lock, flags);
		if (!m)
			break;
		if (file->f_flags & O_NONBLOCK) {
			kfree(m);
			return -EAGAIN;
		}
		ret = wait_event_interruptible(sim->dl_wait,
					       READ_ONCE(sim->dl_len) < SIM_QLEN);
		if (ret) {
			kfree(m);
			return ret;
		}
	}
	sim_kick(sim);
	return count;
}

static __poll_t sim_poll(struct file *file, poll_table *wait)
{
	__poll_t mask = 0;

	poll_wait(file, &sim->ul_wait, wait);
	poll_wait(file, &sim->dl_wait, wait);
	if (!list_empty(&sim->ul))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(sim->dl_len) < SIM_QLEN)
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

static const struct file_operations sim_fops = {
	.owner = THIS_MODULE,
	.open = sim_open,
	.release = sim_release,
	.read = sim_read,
	.write = sim_write,
	.poll = sim_poll,
	.llseek = noop_llseek,
};

static struct miscdevice sim_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "mhi_sim0",
	.fops = &sim_fops,
};

/* Power */

static int sim_power_up(struct sim *s)
{
	int ret;

	ret = mhi_prepare_for_power_up(s->cntrl);
	if (ret)
		return ret;
	ret = mhi_sync_power_up(s->cntrl);
	if (ret) {
		mhi_unprepare_after_power_down(s->cntrl);
		return ret;
	}
	s->powered = true;
	return 0;
}

static void sim_power_down(struct sim *s)
{
	unsigned long flags;
	LIST_HEAD(old);

	if (!s->powered)
		return;
	s->powered = false;
	mhi_power_down(s->cntrl, true);
	/* The device touches host memory from its work only: stop it first. */
	spin_lock_irqsave(&s->lock, flags);
	sim_reset_locked(s);
	list_splice_init(&s->dl, &old);
	s->dl_len = 0;
	spin_unlock_irqrestore(&s->lock, flags);
	flush_workqueue(s->wq);
	sim_purge(&old);
	wake_up_interruptible(&s->dl_wait);
	mhi_unprepare_after_power_down(s->cntrl);
}

static int power_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret)
		return ret;
	if (!sim)
		return -ENODEV;
	mutex_lock(&sim->power_lock);
	if (on && !sim->powered)
		ret = sim_power_up(sim);
	else if (!on)
		sim_power_down(sim);
	mutex_unlock(&sim->power_lock);
	return ret;
}

static int power_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", sim ? sim->powered : 0);
}

static const struct kernel_param_ops power_ops = {
	.set = power_set,
	.get = power_get,
};
module_param_cb(power, &power_ops, NULL, 0644);
MODULE_PARM_DESC(power, "0: power the modem down (channel devices removed), 1: up");

static int paused_set(const char *val, const struct kernel_param *kp)
{
	unsigned long flags;
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret)
		return ret;
	if (!sim)
		return -ENODEV;
	spin_lock_irqsave(&sim->lock, flags);
	sim->paused = on;
	spin_unlock_irqrestore(&sim->lock, flags);
	sim_kick(sim);
	return 0;
}

static int paused_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", sim ? sim->paused : 0);
}

static const struct kernel_param_ops paused_ops = {
	.set = paused_set,
	.get = paused_get,
};
module_param_cb(paused, &paused_ops, NULL, 0644);
MODULE_PARM_DESC(paused, "1: the device stops moving data on IP_HW0");

static int stats_get(char *buf, const struct kernel_param *kp)
{
	unsigned long flags;
	int n;

	if (!sim)
		return -ENODEV;
	spin_lock_irqsave(&sim->lock, flags);
	n = sysfs_emit(buf,
		       "ul_xfers %llu\nul_bytes %llu\nul_dropped %llu\nul_queued %u\n"
		       "dl_xfers %llu\ndl_bytes %llu\ndl_split %llu\ndl_queued %u\n"
		       "cmds %llu\nevents %llu\nul_running %d\ndl_running %d\n"
		       "readers %d\n",
		       sim->ul_xfers, sim->ul_bytes, sim->ul_dropped, sim->ul_len,
		       sim->dl_xfers, sim->dl_bytes, sim->dl_split, sim->dl_len,
		       sim->cmds, sim->events, sim->chan[SIM_CH_UL].running,
		       sim->chan[SIM_CH_DL].running, sim->readers);
	spin_unlock_irqrestore(&sim->lock, flags);
	return n;
}

static const struct kernel_param_ops stats_ops = {
	.get = stats_get,
};
module_param_cb(stats, &stats_ops, NULL, 0444);
MODULE_PARM_DESC(stats, "the device's counters");

/* Setup */

static int sim_irqs_alloc(struct sim *s)
{
	int i;

	/*
	 * No owner: request_irq pins a descriptor's owner, and the MHI core
	 * frees its interrupts only when we unregister the controller.
	 */
	s->irq_base = __irq_alloc_descs(-1, 1, SIM_NR_IRQ, NUMA_NO_NODE, NULL,
					NULL);
	if (s->irq_base < 0)
		return s->irq_base;
	for (i = 0; i < SIM_NR_IRQ; i++) {
		s->irqs[i] = s->irq_base + i;
		irq_set_chip_and_handler(s->irqs[i], &dummy_irq_chip,
					 handle_simple_irq);
		irq_clear_status_flags(s->irqs[i], IRQ_NOREQUEST | IRQ_NOPROBE);
	}
	return 0;
}

static void sim_irqs_free(struct sim *s)
{
	int i;

	for (i = 0; i < SIM_NR_IRQ; i++)
		irq_set_chip_and_handler(s->irqs[i], NULL, NULL);
	irq_free_descs(s->irq_base, SIM_NR_IRQ);
}

static int __init sim_init(void)
{
	struct mhi_controller *cntrl;
	struct sim *s;
	int ret, i;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	spin_lock_init(&s->lock);
	mutex_init(&s->power_lock);
	INIT_LIST_HEAD(&s->ul);
	INIT_LIST_HEAD(&s->dl);
	init_waitqueue_head(&s->ul_wait);
	init_waitqueue_head(&s->dl_wait);
	INIT_WORK(&s->work, sim_work);
	s->regs[CHDBOFF / 4] = SIM_CHDBOFF;
	s->regs[ERDBOFF / 4] = SIM_ERDBOFF;
	s->regs[BHIOFF / 4] = SIM_BHIOFF;
	s->regs[MHIVER / 4] = 0x01000000;
	s->regs[(SIM_BHIOFF + BHI_EXECENV) / 4] = MHI_EE_AMSS;
	sim_reset_locked(s);

	s->wq = alloc_ordered_workqueue("mhi_sim", WQ_HIGHPRI);
	if (!s->wq) {
		ret = -ENOMEM;
		goto err_free;
	}
	s->pdev = platform_device_register_simple("mhi_sim", -1, NULL, 0);
	if (IS_ERR(s->pdev)) {
		ret = PTR_ERR(s->pdev);
		goto err_wq;
	}
	ret = dma_coerce_mask_and_coherent(&s->pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		goto err_pdev;
	platform_set_drvdata(s->pdev, s);
	ret = sim_irqs_alloc(s);
	if (ret)
		goto err_pdev;

	cntrl = mhi_alloc_controller();
	if (!cntrl) {
		ret = -ENOMEM;
		goto err_irqs;
	}
	s->cntrl = cntrl;
	cntrl->cntrl_dev = &s->pdev->dev;
	cntrl->regs = (void __iomem *)s->regs;
	cntrl->reg_len = SIM_REG_LEN;
	cntrl->iova_start = 0;
	cntrl->iova_stop = DMA_BIT_MASK(64);
	cntrl->irq = s->irqs;
	cntrl->nr_irqs = SIM_NR_IRQ;
	cntrl->read_reg = sim_read_reg;
	cntrl->write_reg = sim_write_reg;
	cntrl->status_cb = sim_status_cb;
	cntrl->runtime_get = sim_runtime_get;
	cntrl->runtime_put = sim_runtime_put;
	cntrl->mru = SIM_MRU;

	memcpy(sim_channels_nb, sim_channels, sizeof(sim_channels));
	if (!burst) {
		for (i = 0; i < ARRAY_SIZE(sim_channels_nb); i++) {
			sim_channels_nb[i].doorbell = MHI_DB_BRST_DISABLE;
			sim_channels_nb[i].doorbell_mode_switch = false;
		}
	}
	sim_config.ch_cfg = sim_channels_nb;
	ret = mhi_register_controller(cntrl, &sim_config);
	if (ret)
		goto err_cntrl;

	sim = s;
	ret = misc_register(&sim_misc);
	if (ret)
		goto err_unreg;
	mutex_lock(&s->power_lock);
	ret = sim_power_up(s);
	mutex_unlock(&s->power_lock);
	if (ret)
		goto err_misc;
	return 0;

err_misc:
	misc_deregister(&sim_misc);
err_unreg:
	sim = NULL;
	mhi_unregister_controller(cntrl);
err_cntrl:
	mhi_free_controller(cntrl);
err_irqs:
	sim_irqs_free(s);
err_pdev:
	platform_device_unregister(s->pdev);
err_wq:
	destroy_workqueue(s->wq);
err_free:
	kfree(s);
	return ret;
}

static void __exit sim_exit(void)
{
	struct sim *s = sim;

	misc_deregister(&sim_misc);
	mutex_lock(&s->power_lock);
	sim_power_down(s);
	mutex_unlock(&s->power_lock);
	mhi_unregister_controller(s->cntrl);
	mhi_free_controller(s->cntrl);
	sim = NULL;
	sim_irqs_free(s);
	platform_device_unregister(s->pdev);
	destroy_workqueue(s->wq);
	sim_purge(&s->ul);
	sim_purge(&s->dl);
	kfree(s);
}

module_init(sim_init);
module_exit(sim_exit);
MODULE_DESCRIPTION("Fake MHI controller and modem for the cellrouter selftests");
MODULE_LICENSE("GPL");
