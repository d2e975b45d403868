// SPDX-License-Identifier: GPL-2.0
/*
 * ivc.ko: one /dev/hivc<id> per inter-VM channel the hypervisor gives this zone
 * (hypercall 5). mmap() offset 0 is the channel's control table (one trapped page,
 * mapped uncached so every access reaches the hypervisor), offsets from 0x1000 on are its
 * shared memory; poll() waits for the channel's interrupt, listed in order in the
 * `interrupts` of the DT node /hvisor_ivc_device. The layout of the hypervisor's answer is
 * hvisor's IvcInfo (packed, 56 bytes).
 */
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "hvc.h"
#include "hvisor/hypercall.h"
#include "hvisor/ioctl.h"
#include "hvisor/zone_config.h"

#define DRV "ivc: "

struct ivc_dev {
	struct miscdevice misc;
	char name[16];
	int idx;
	int irq;
	atomic_t events; /* interrupts not yet seen by poll() */
	wait_queue_head_t wq;
};

static struct ivc_info *info;
static struct ivc_dev devs[CONFIG_MAX_IVC_CONFIGS];
static int nr_devs;

static struct ivc_dev *ivc_of(struct file *f)
{
	return container_of(f->private_data, struct ivc_dev, misc);
}

static long ivc_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct hvisor_ivc_user_info u = { .len = nr_devs };
	int i;

	if (cmd != HVISOR_IVC_USER_INFO)
		return -ENOTTY;
	for (i = 0; i < nr_devs; i++)
		u.ivc_ids[i] = info->ivc_ids[i];
	return copy_to_user((void __user *)arg, &u, sizeof(u)) ? -EFAULT : 0;
}

static int ivc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct ivc_dev *d = ivc_of(f);
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 size = vma->vm_end - vma->vm_start;

	if (off == 0) {
		if (size != PAGE_SIZE)
			return -EINVAL;
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
		return remap_pfn_range(vma, vma->vm_start, info->ct_ipas[d->idx] >> PAGE_SHIFT,
				       size, vma->vm_page_prot);
	}
	return remap_pfn_range(vma, vma->vm_start,
			       (info->shmem_ipas[d->idx] + off - PAGE_SIZE) >> PAGE_SHIFT, size,
			       vma->vm_page_prot);
}

static __poll_t ivc_poll(struct file *f, struct poll_table_struct *wait)
{
	struct ivc_dev *d = ivc_of(f);

	poll_wait(f, &d->wq, wait);
	return atomic_xchg(&d->events, 0) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations ivc_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = ivc_ioctl,
	.compat_ioctl = ivc_ioctl,
	.mmap = ivc_mmap,
	.poll = ivc_poll,
};

static irqreturn_t ivc_irq(int irq, void *dev_id)
{
	struct ivc_dev *d = dev_id;

	atomic_inc(&d->events);
	wake_up_interruptible(&d->wq);
	return IRQ_HANDLED;
}

static void ivc_cleanup(void)
{
	int i;

	for (i = 0; i < nr_devs; i++) {
		if (devs[i].irq > 0)
			free_irq(devs[i].irq, &devs[i]);
		misc_deregister(&devs[i].misc);
	}
	nr_devs = 0;
	kfree(info);
}

static int __init ivc_init(void)
{
	struct device_node *node;
	long ret;
	int i;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	ret = hvisor_call(HVISOR_HC_IVC_INFO, __pa(info), sizeof(*info));
	if (ret) {
		pr_err(DRV "the hypervisor gives this zone no inter-VM channel (%ld): %s\n", ret,
		       ret == -ENOSYS ? "it does not implement IVC_INFO (hypercall 5)"
				      : "its zone config needs ivc_configs");
		kfree(info);
		return ret < 0 ? (int)ret : -EIO;
	}
	if (info->len > CONFIG_MAX_IVC_CONFIGS) {
		pr_err(DRV "the hypervisor reports %llu channels, at most %d\n", info->len,
		       CONFIG_MAX_IVC_CONFIGS);
		kfree(info);
		return -EINVAL;
	}
	node = of_find_node_by_path("/hvisor_ivc_device");
	if (!node)
		pr_warn(DRV "no /hvisor_ivc_device node: poll() on /dev/hivc* never wakes\n");
	for (i = 0; i < (int)info->len; i++) {
		struct ivc_dev *d = &devs[i];

		snprintf(d->name, sizeof(d->name), "hivc%u", info->ivc_ids[i]);
		d->idx = i;
		d->misc.minor = MISC_DYNAMIC_MINOR;
		d->misc.name = d->name;
		d->misc.fops = &ivc_fops;
		init_waitqueue_head(&d->wq);
		ret = misc_register(&d->misc);
		if (ret)
			break;
		nr_devs++;
		d->irq = node ? of_irq_get(node, i) : 0;
		if (d->irq > 0 && request_irq(d->irq, ivc_irq, 0, d->name, d))
			d->irq = 0;
	}
	of_node_put(node);
	if (ret) {
		ivc_cleanup();
		return (int)ret;
	}
	pr_info(DRV "%d channel(s)\n", nr_devs);
	return 0;
}

static void __exit ivc_exit(void)
{
	ivc_cleanup();
}

module_init(ivc_init);
module_exit(ivc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvisor-c: /dev/hivc<id>, inter-VM channels");
