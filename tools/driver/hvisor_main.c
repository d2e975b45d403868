// SPDX-License-Identifier: GPL-2.0
/*
 * hvisor.ko: /dev/hvisor, the root Linux's door to the hypervisor. It turns the ioctls of
 * include/hvisor/ioctl.h into hypercalls (x0 = code, x1/x2 = arguments, physical
 * addresses of kernel buffers), copies zone images into the other zones' RAM, and hands
 * the virtio wake-up interrupt (DT node /hvisor_virtio_device) to the virtio daemon
 * through an eventfd, as hvisor-tool's driver does, so either side's CLI works.
 *
 * Unlike hvisor-tool's driver, nothing here writes or maps RAM the root Linux itself
 * uses: image loads and mmap() are refused on System RAM (a zone's RAM must be
 * /reserved-memory no-map in the root DT), and ZONE_LOAD_IMAGE also checks the target
 * against the zone's own config.
 */
#include <linux/eventfd.h>
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <asm/cputype.h>

#include "hvc.h"
#include "hvisor/hypercall.h"
#include "hvisor/ioctl.h"
#include "hvisor/virtio_bridge.h"
#include "hvisor/zone_config.h"

#define DRV "hvisor: "

static DEFINE_MUTEX(hv_lock);	       /* the virtio bridge and the daemon's eventfd */
static DEFINE_SPINLOCK(hv_ctx_lock);   /* the eventfd, also read by the IRQ handler */
static void *virtio_bridge;	       /* one zeroed page shared with the hypervisor */
static struct eventfd_ctx *virtio_ctx; /* signalled on each virtio wake-up IRQ */
static int virtio_irq = -1;

/* One kernel-log line for a refusal, so `dmesg` explains a failed ioctl. */
static long hvisor_call_logged(const char *what, u64 code, u64 arg0, u64 arg1)
{
	long ret = hvisor_call(code, arg0, arg1);

	if (ret == -ENOSYS)
		pr_err(DRV "%s: the hypervisor does not implement hypercall %llu (ENOSYS)\n", what,
		       code);
	else if (ret < 0)
		pr_err(DRV "%s: the hypervisor refused with %ld; its console log says why\n", what,
		       ret);
	return ret;
}

/* True when any byte of [paddr, paddr + size) is RAM the root Linux runs in. */
static bool hvisor_is_root_ram(u64 paddr, u64 size)
{
	return region_intersects(paddr, size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) !=
	       REGION_DISJOINT;
}

static int hvisor_check_target(u64 paddr, u64 size)
{
	if (!size || paddr + size < paddr) {
		pr_err(DRV "load: empty or wrapping range at %#llx (size %#llx)\n", paddr, size);
		return -EINVAL;
	}
	if (hvisor_is_root_ram(paddr, size)) {
		pr_err(DRV
		       "load: [%#llx, %#llx) is the root Linux's own RAM (System RAM in "
		       "/proc/iomem); a zone's RAM must be a no-map /reserved-memory region of the "
		       "root DT\n",
		       paddr, paddr + size);
		return -EPERM;
	}
	return 0;
}

/* Clean to the point of coherency: the zone's CPUs start with their MMU and caches off. */
static void hvisor_clean_dcache(void *start, u64 size)
{
	u64 line = 4UL << ((read_cpuid_cachetype() >> 16) & 0xf);
	u64 addr = (u64)start & ~(line - 1);
	u64 end = (u64)start + size;

	for (; addr < end; addr += line)
		asm volatile("dc civac, %0" : : "r"(addr) : "memory");
	asm volatile("dsb sy\n\tic ialluis\n\tdsb ish\n\tisb" : : : "memory");
}

static long hvisor_load(u64 user_buffer, u64 size, u64 paddr)
{
	u64 base = paddr & PAGE_MASK;
	u64 len = PAGE_ALIGN(paddr - base + size);
	void *map;
	long ret;

	ret = hvisor_check_target(paddr, size);
	if (ret)
		return ret;
	map = memremap(base, len, MEMREMAP_WB);
	if (!map) {
		pr_err(DRV "load: cannot map [%#llx, %#llx)\n", base, base + len);
		return -ENOMEM;
	}
	ret = 0;
	if (copy_from_user(map + (paddr - base), u64_to_user_ptr(user_buffer), size))
		ret = -EFAULT;
	else
		hvisor_clean_dcache(map + (paddr - base), size);
	memunmap(map);
	return ret;
}

static long hvisor_load_image(void __user *uarg)
{
	struct hvisor_load_image_args a;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	return hvisor_load(a.user_buffer, a.size, a.load_paddr);
}

static struct zone_config *hvisor_get_config(u64 user_ptr)
{
	struct zone_config *c = kmalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(c, u64_to_user_ptr(user_ptr), sizeof(*c))) {
		kfree(c);
		return ERR_PTR(-EFAULT);
	}
	return c;
}

/* ZONE_LOAD_IMAGE: the target must lie inside one RAM region of the zone's config. */
static long hvisor_zone_load_image(void __user *uarg)
{
	struct hvisor_zone_load_args a;
	struct zone_config *c;
	u64 end;
	u32 i;
	long ret = -ERANGE;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	end = a.load_paddr + a.size;
	if (!a.size || end < a.load_paddr)
		return -EINVAL;
	c = hvisor_get_config(a.config);
	if (IS_ERR(c))
		return PTR_ERR(c);
	if (c->num_memory_regions > CONFIG_MAX_MEMORY_REGIONS) {
		pr_err(DRV "load: zone %u has %u memory regions, at most %d\n", c->zone_id,
		       c->num_memory_regions, CONFIG_MAX_MEMORY_REGIONS);
		ret = -EINVAL;
		goto out;
	}
	for (i = 0; i < c->num_memory_regions; i++) {
		const struct memory_region *r = &c->memory_regions[i];

		if (r->mem_type == MEM_TYPE_RAM && a.load_paddr >= r->physical_start &&
		    end <= r->physical_start + r->size &&
		    r->physical_start + r->size > r->physical_start)
			break;
	}
	if (i == c->num_memory_regions) {
		pr_err(DRV "load: [%#llx, %#llx) is not inside a RAM region of zone %u\n",
		       a.load_paddr, end, c->zone_id);
		goto out;
	}
	ret = hvisor_load(a.user_buffer, a.size, a.load_paddr);
out:
	kfree(c);
	return ret;
}

static long hvisor_zone_start(void __user *uarg)
{
	struct zone_config *c = hvisor_get_config((u64)uarg);
	long ret;

	if (IS_ERR(c))
		return PTR_ERR(c);
	c->name[CONFIG_NAME_MAXLEN - 1] = '\0';
	pr_info(DRV "starting zone %u (%s)\n", c->zone_id, c->name);
	ret = hvisor_call_logged("zone start", HVISOR_HC_START_ZONE, __pa(c), sizeof(*c));
	kfree(c);
	return ret;
}

static long hvisor_zone_list(void __user *uarg)
{
	struct hvisor_zone_list_args a;
	struct zone_info *zones;
	long ret;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.cnt == 0)
		return 0;
	if (a.cnt > HVISOR_ZONE_LIST_MAX)
		a.cnt = HVISOR_ZONE_LIST_MAX;
	zones = kcalloc(a.cnt, sizeof(*zones), GFP_KERNEL);
	if (!zones)
		return -ENOMEM;
	ret = hvisor_call_logged("zone list", HVISOR_HC_ZONE_LIST, __pa(zones), a.cnt);
	if (ret > (long)a.cnt)
		ret = a.cnt;
	if (ret > 0 && copy_to_user(u64_to_user_ptr(a.zones), zones, ret * sizeof(*zones)))
		ret = -EFAULT;
	kfree(zones);
	return ret;
}

/* ZONE_STATS (ours): the zone's exit counts, through a kernel buffer the hypervisor fills. */
static long hvisor_zone_stats(void __user *uarg)
{
	struct hvisor_zone_stats_args a;
	struct zone_stats *st;
	long ret;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	ret = hvisor_call_logged("zone stats", HVISOR_HC_ZONE_STATS, a.zone_id, __pa(st));
	if (!ret && copy_to_user(u64_to_user_ptr(a.stats), st, sizeof(*st)))
		ret = -EFAULT;
	kfree(st);
	return ret;
}

static long hvisor_config_check(void __user *uarg)
{
	u64 *magic = kzalloc(sizeof(*magic), GFP_KERNEL);
	long ret;

	if (!magic)
		return -ENOMEM;
	ret = hvisor_call_logged("config check", HVISOR_HC_CONFIG_CHECK, __pa(magic), 0);
	/* hvisor-tool's driver copies the value out even on error; so do we. */
	if (copy_to_user(uarg, magic, sizeof(*magic)))
		ret = -EFAULT;
	kfree(magic);
	return ret;
}

static long hvisor_init_virtio(void)
{
	long ret;

	if (virtio_irq < 0) {
		pr_err(DRV "virtio: the root DT has no usable /hvisor_virtio_device node\n");
		return -ENODEV;
	}
	/* A daemon started again (the last one killed) finds the bridge the hypervisor has,
	 * without the interrupt status table of the dead one: a daemon that does not keep
	 * one (hvisor-tool's) must get those registers itself. */
	if (virtio_bridge) {
		memset(virtio_bridge_isr_of(virtio_bridge), 0, sizeof(struct virtio_bridge_isr));
		return 0;
	}
	virtio_bridge = (void *)get_zeroed_page(GFP_KERNEL);
	if (!virtio_bridge)
		return -ENOMEM;
	SetPageReserved(virt_to_page(virtio_bridge));
	ret = hvisor_call_logged("virtio init", HVISOR_HC_INIT_VIRTIO, __pa(virtio_bridge), 0);
	if (ret) {
		ClearPageReserved(virt_to_page(virtio_bridge));
		free_page((unsigned long)virtio_bridge);
		virtio_bridge = NULL;
	}
	return ret;
}

static long hvisor_set_eventfd(int fd)
{
	struct eventfd_ctx *ctx = eventfd_ctx_fdget(fd), *old;
	unsigned long flags;

	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	spin_lock_irqsave(&hv_ctx_lock, flags);
	old = virtio_ctx;
	virtio_ctx = ctx;
	spin_unlock_irqrestore(&hv_ctx_lock, flags);
	if (old)
		eventfd_ctx_put(old);
	return 0;
}

static long hvisor_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	long ret;

	mutex_lock(&hv_lock);
	switch (cmd) {
	case HVISOR_INIT_VIRTIO:
		ret = hvisor_init_virtio();
		break;
	case HVISOR_FINISH_REQ:
		ret = hvisor_call_logged("virtio finish", HVISOR_HC_FINISH_REQ, 0, 0);
		break;
	case HVISOR_ZONE_START:
		ret = hvisor_zone_start(uarg);
		break;
	case HVISOR_ZONE_SHUTDOWN:
		pr_info(DRV "shutting down zone %lu\n", arg);
		ret = hvisor_call_logged("zone shutdown", HVISOR_HC_SHUTDOWN_ZONE, arg, 0);
		break;
	case HVISOR_ZONE_LIST:
		ret = hvisor_zone_list(uarg);
		break;
	case HVISOR_CONFIG_CHECK:
		ret = hvisor_config_check(uarg);
		break;
	case HVISOR_SET_EVENTFD:
		ret = hvisor_set_eventfd((int)arg);
		break;
	case HVISOR_LOAD_IMAGE:
		ret = hvisor_load_image(uarg);
		break;
	case HVISOR_ZONE_LOAD_IMAGE:
		ret = hvisor_zone_load_image(uarg);
		break;
	case HVISOR_ZONE_STATS:
		ret = hvisor_zone_stats(uarg);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	mutex_unlock(&hv_lock);
	return ret;
}

/* Offset 0: the virtio bridge page. Any other offset: that physical range (virtio daemon). */
static int hvisor_mmap(struct file *file, struct vm_area_struct *vma)
{
	u64 size = vma->vm_end - vma->vm_start;
	u64 phys = (u64)vma->vm_pgoff << PAGE_SHIFT;
	int ret;

	mutex_lock(&hv_lock);
	if (vma->vm_pgoff == 0) {
		ret = -ENODEV;
		if (virtio_bridge && size <= PAGE_SIZE)
			ret = remap_pfn_range(vma, vma->vm_start,
					      virt_to_phys(virtio_bridge) >> PAGE_SHIFT, size,
					      vma->vm_page_prot);
	} else if (hvisor_is_root_ram(phys, size)) {
		pr_err(DRV "mmap: [%#llx, %#llx) is the root Linux's own RAM\n", phys, phys + size);
		ret = -EPERM;
	} else {
		ret = remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff, size, vma->vm_page_prot);
	}
	mutex_unlock(&hv_lock);
	return ret;
}

static const struct file_operations hvisor_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hvisor_ioctl,
	.compat_ioctl = hvisor_ioctl,
	.mmap = hvisor_mmap,
};

static struct miscdevice hvisor_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hvisor",
	.fops = &hvisor_fops,
};

static irqreturn_t hvisor_virtio_irq(int irq, void *dev_id)
{
	unsigned long flags;

	spin_lock_irqsave(&hv_ctx_lock, flags);
	if (virtio_ctx)
		eventfd_signal(virtio_ctx, 1);
	spin_unlock_irqrestore(&hv_ctx_lock, flags);
	return IRQ_HANDLED;
}

/* The wake-up IRQ of the virtio daemon; without it zones still start, virtio does not. */
static void hvisor_probe_virtio_irq(void)
{
	struct device_node *node = of_find_node_by_path("/hvisor_virtio_device");
	int irq, ret;

	if (!node) {
		pr_warn(DRV "no /hvisor_virtio_device node in the device tree: zones can be "
			    "started, virtio backends cannot (add the node, compatible \"hvisor\", "
			    "interrupts = <0 0x20 1>)\n");
		return;
	}
	irq = of_irq_get(node, 0);
	of_node_put(node);
	if (irq <= 0) {
		pr_warn(DRV "/hvisor_virtio_device has no usable interrupt (%d)\n", irq);
		return;
	}
	ret = request_irq(irq, hvisor_virtio_irq, 0, "hvisor_virtio_device", &hvisor_dev);
	if (ret) {
		pr_warn(DRV "cannot request IRQ %d of /hvisor_virtio_device: %d\n", irq, ret);
		return;
	}
	virtio_irq = irq;
}

static int __init hvisor_init(void)
{
	int ret = misc_register(&hvisor_dev);

	if (ret) {
		pr_err(DRV "cannot register /dev/hvisor: %d\n", ret);
		return ret;
	}
	hvisor_probe_virtio_irq();
	pr_info(DRV "/dev/hvisor ready (zone_config %zu bytes, ABI version %d)\n",
		sizeof(struct zone_config), CONFIG_MAGIC_VERSION);
	return 0;
}

static void __exit hvisor_exit(void)
{
	misc_deregister(&hvisor_dev);
	if (virtio_irq >= 0)
		free_irq(virtio_irq, &hvisor_dev);
	if (virtio_ctx)
		eventfd_ctx_put(virtio_ctx);
	/* The hypervisor keeps the bridge address: a bridge once given is never freed. */
}

module_init(hvisor_init);
module_exit(hvisor_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvisor-c: /dev/hvisor, zone management from the root Linux");
