// SPDX-License-Identifier: GPL-2.0
/* Virtual interrupt delivery through the list registers (see arch/vgic.h). */
#include "arch/ich.h"
#include "arch/vgic.h"
#include "log.h"
#include "percpu.h"
#include "zone.h"

void gicv3_send_hv_ipi(const struct percpu *target);

bool vgic_zone_owns(const struct zone *z, u32 intid)
{
	return intid < VGIC_NR_IRQS && (z->cfg.interrupts_bitmap[intid / 32] >> (intid % 32)) & 1;
}

u8 vgic_priority(const struct zone *z, const struct vgic_cpu *v, u32 intid)
{
	return intid < 32 ? v->prio[intid] : z->arch.vgic.prio[intid];
}

static u64 lr_value(const struct zone *z, const struct vgic_cpu *v, u32 intid, bool hw)
{
	u64 lr = (u64)intid | ICH_LR_GROUP1 | ICH_LR_PENDING |
		 ((u64)vgic_priority(z, v, intid) << ICH_LR_PRIO_SHIFT);

	if (hw)
		lr |= ICH_LR_HW | ((u64)intid << ICH_LR_PINTID_SHIFT);
	return lr;
}

/*
 * Try to put intid into a list register. Returns false when it has to wait. An interrupt
 * already in a list register is not duplicated: pending stays pending, an active
 * software interrupt becomes active and pending again.
 */
static bool lr_try_insert(struct vgic_cpu *v, const struct zone *z, u32 intid, bool hw)
{
	u64 empty = ich_read_elrsr();
	int free_lr = -1;

	for (unsigned int i = 0; i < v->nr_lrs; i++) {
		u64 lr;

		if (empty & (1ULL << i)) {
			if (free_lr < 0)
				free_lr = (int)i;
			continue;
		}
		lr = ich_read_lr(i);
		if ((lr & ICH_LR_VINTID_MASK) != intid)
			continue;
		if (lr & ICH_LR_PENDING)
			return true;
		if (!(lr & ICH_LR_HW)) {
			ich_write_lr(i, lr | ICH_LR_PENDING);
			return true;
		}
		/* Active and linked to hardware: the new instance waits for deactivation. */
		return false;
	}
	if (free_lr < 0)
		return false;
	ich_write_lr((unsigned int)free_lr, lr_value(z, v, intid, hw));
	return true;
}

static void pend_add(struct vgic_cpu *v, u32 intid, bool hw)
{
	u64 bit = 1ULL << (intid % 64);

	if (!(v->pend[intid / 64] & bit)) {
		v->pend[intid / 64] |= bit;
		v->nr_pend++;
	}
	if (hw)
		v->pend_hw[intid / 64] |= bit;
}

/* Underflow maintenance only while something waits: otherwise it would fire for nothing. */
static void underflow_irq(const struct vgic_cpu *v)
{
	u64 hcr = ich_read_hcr();
	u64 want = v->nr_pend ? (hcr | ICH_HCR_UIE) : (hcr & ~ICH_HCR_UIE);

	if (want != hcr)
		ich_write_hcr(want);
}

static void vgic_fill(struct vgic_cpu *v, const struct zone *z);

void vgic_inject(u32 intid, bool hw)
{
	struct percpu *c = this_cpu();
	struct vgic_cpu *v = &c->arch.vgic;

	if (!c->zone || intid >= VGIC_NR_IRQS)
		return;
	/* With others waiting, the newcomer queues too: refill takes the highest priority. */
	if (v->nr_pend || !lr_try_insert(v, c->zone, intid, hw)) {
		pend_add(v, intid, hw);
		vgic_fill(v, c->zone);
	}
}

/* The waiting interrupt the guest would take first: lowest priority value, then INTID. */
static int pend_best(const struct vgic_cpu *v, const struct zone *z)
{
	int best = -1;
	unsigned int best_prio = 256;

	for (unsigned int w = 0; w < VGIC_WORDS; w++) {
		u64 bits = v->pend[w];

		while (bits) {
			u32 intid = w * 64 + (u32)__builtin_ctzll(bits);
			unsigned int p = vgic_priority(z, v, intid);

			bits &= bits - 1;
			if (p < best_prio) {
				best_prio = p;
				best = (int)intid;
			}
		}
	}
	return best;
}

static void vgic_fill(struct vgic_cpu *v, const struct zone *z)
{
	while (v->nr_pend) {
		int intid = pend_best(v, z);
		u64 bit = 1ULL << (intid % 64);

		if (intid < 0 || !lr_try_insert(v, z, (u32)intid, v->pend_hw[intid / 64] & bit))
			break;
		v->pend[intid / 64] &= ~bit;
		v->pend_hw[intid / 64] &= ~bit;
		v->nr_pend--;
	}
	underflow_irq(v);
}

void vgic_refill(void)
{
	struct percpu *c = this_cpu();
	struct vgic_cpu *v = &c->arch.vgic;

	if (!c->zone)
		return;
	vgic_fill(v, c->zone);
}

void vgic_maintenance(void)
{
	vgic_refill();
}

void vgic_send_sgi(struct percpu *target, u32 intid)
{
	struct vgic_cpu *v = &target->arch.vgic;

	if (target == this_cpu()) {
		if (v->sgi_enabled & (1u << intid))
			vgic_inject(intid, false);
		else
			__atomic_or_fetch(&v->sgi_pending, (u16)(1u << intid), __ATOMIC_RELAXED);
		return;
	}
	__atomic_or_fetch(&v->sgi_pending, (u16)(1u << intid), __ATOMIC_RELEASE);
	gicv3_send_hv_ipi(target);
}

void vgic_take_sgis(void)
{
	struct vgic_cpu *v = &this_cpu()->arch.vgic;
	u16 take = __atomic_fetch_and(&v->sgi_pending, (u16)~v->sgi_enabled, __ATOMIC_ACQUIRE) &
		   v->sgi_enabled;

	while (take) {
		u32 intid = (u32)__builtin_ctz(take);

		take &= take - 1;
		vgic_inject(intid, false);
	}
}

void vgic_cpu_reset(void)
{
	struct vgic_cpu *v = &this_cpu()->arch.vgic;
	u64 empty;

	if (!v->nr_lrs)
		v->nr_lrs = ich_nr_lrs();
	empty = ich_read_elrsr();
	for (unsigned int i = 0; i < v->nr_lrs; i++) {
		u64 lr = ich_read_lr(i);

		/* A physical interrupt the guest never deactivated would stay active forever. */
		if (!(empty & (1ULL << i)) && (lr & ICH_LR_HW) && (lr & ICH_LR_STATE_MASK))
			ich_deactivate_physical((u32)((lr & ICH_LR_PINTID_MASK) >> ICH_LR_PINTID_SHIFT));
		ich_write_lr(i, 0);
	}
	for (unsigned int w = 0; w < VGIC_WORDS; w++) {
		u64 hw = v->pend_hw[w];

		while (hw) {
			ich_deactivate_physical(w * 64 + (u32)__builtin_ctzll(hw));
			hw &= hw - 1;
		}
		v->pend[w] = 0;
		v->pend_hw[w] = 0;
	}
	v->nr_pend = 0;
	v->sgi_enabled = 0;
	v->sgi_pending = 0;
	v->waker_sleep = true;
	for (unsigned int i = 0; i < 32; i++)
		v->prio[i] = 0;
	ich_write_hcr(ICH_HCR_EN_BIT);
}
