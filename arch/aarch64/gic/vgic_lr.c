// SPDX-License-Identifier: GPL-2.0
/* Virtual interrupt delivery through the list registers (see arch/vgic.h). */
#include "arch/ich.h"
#include "arch/irqchip.h"
#include "arch/vgic.h"
#include "arch_hooks.h"
#include "log.h"
#include "percpu.h"
#include "util.h"
#include "zone.h"

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

static u8 lr_prio(u64 lr)
{
	return (u8)(lr >> ICH_LR_PRIO_SHIFT);
}

/* The list register holding intid, or -1. *lr gets its value. */
static int lr_find(const struct vgic_cpu *v, u32 intid, u64 *lr)
{
	u64 empty = ich_read_elrsr();

	for (unsigned int i = 0; i < v->nr_lrs; i++) {
		if (empty & (1ULL << i))
			continue;
		*lr = ich_read_lr(i);
		if ((*lr & ICH_LR_VINTID_MASK) == intid)
			return (int)i;
	}
	return -1;
}

/*
 * A new instance of the interrupt list register i already holds: pending stays pending,
 * an active software interrupt becomes pending and active. False for an active HW-linked
 * one: the new instance waits until the guest deactivates it.
 */
static bool lr_merge(unsigned int i, u64 lr)
{
	if (lr & ICH_LR_PENDING)
		return true;
	if (lr & ICH_LR_HW)
		return false;
	ich_write_lr(i, lr | ICH_LR_PENDING);
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

static bool pend_del(struct vgic_cpu *v, u32 intid, bool *hw)
{
	u64 bit = 1ULL << (intid % 64);

	if (!(v->pend[intid / 64] & bit))
		return false;
	*hw = v->pend_hw[intid / 64] & bit;
	v->pend[intid / 64] &= ~bit;
	v->pend_hw[intid / 64] &= ~bit;
	v->nr_pend--;
	return true;
}

/*
 * Maintenance interrupts only while needed, or they would fire for nothing: underflow
 * while interrupts wait or are spilled (list registers free up for them), EOIcount while
 * any is spilled.
 */
static void underflow_irq(const struct vgic_cpu *v)
{
	u64 hcr = ich_read_hcr();
	u64 want = hcr & ~(ICH_HCR_UIE | ICH_HCR_LRENPIE);

	if (v->nr_pend || v->nr_spill)
		want |= ICH_HCR_UIE;
	if (v->nr_spill)
		want |= ICH_HCR_LRENPIE;
	if (want != hcr)
		ich_write_hcr(want);
}

/*
 * Nesting deeper than the list registers: the least urgent active interrupt leaves its
 * list register for a more urgent one and is remembered here. The guest's EOI of it while
 * it is out (no list register matches) counts in ICH_HCR_EL2.EOIcount and raises a
 * maintenance interrupt (LRENPIE); in EOImode 0 EOIs come in priority order, so each
 * count completes the most urgent spilled interrupt. Free list registers take spilled
 * interrupts back, so the guest's EOI normally finds them in place.
 */
static void spill(struct vgic_cpu *v, u64 lr)
{
	struct vgic_spill *s = &v->spill[v->nr_spill++];

	s->intid = (u16)(lr & ICH_LR_VINTID_MASK);
	s->hw = lr & ICH_LR_HW;
	s->pending = (lr & ICH_LR_PENDING) && !s->hw;
}

/* The spilled interrupt the guest completes first: the most urgent one. */
static int spill_best(const struct vgic_cpu *v, const struct zone *z)
{
	int best = -1;

	for (unsigned int i = 0; i < v->nr_spill; i++)
		if (best < 0 || vgic_priority(z, v, v->spill[i].intid) <
					vgic_priority(z, v, v->spill[best].intid))
			best = (int)i;
	return best;
}

static void spill_drop(struct vgic_cpu *v, unsigned int i)
{
	v->spill[i] = v->spill[--v->nr_spill];
}

/*
 * Put intid into a list register, or return false when it has to wait. An interrupt
 * already in a list register is merged (pending stays pending, an active software
 * interrupt becomes pending and active); with every list register taken, a
 * lower-priority one that is only pending makes room and waits instead, or else the
 * least urgent active one is spilled (nesting).
 */
static bool lr_place(struct vgic_cpu *v, const struct zone *z, u32 intid, bool hw)
{
	u64 empty = ich_read_elrsr();
	int free_lr = -1, victim = -1, active = -1;
	u64 victim_lr = 0, active_lr = 0;
	u8 prio;

	for (unsigned int i = 0; i < v->nr_lrs; i++) {
		u64 lr;

		if (empty & (1ULL << i)) {
			if (free_lr < 0)
				free_lr = (int)i;
			continue;
		}
		lr = ich_read_lr(i);
		if ((lr & ICH_LR_VINTID_MASK) == intid)
			return lr_merge(i, lr);
		/* The least urgent pending-only and active ones, should room be needed. */
		if ((lr & ICH_LR_STATE_MASK) == ICH_LR_PENDING &&
		    (victim < 0 || lr_prio(lr) > lr_prio(victim_lr))) {
			victim = (int)i;
			victim_lr = lr;
		}
		if ((lr & ICH_LR_ACTIVE) && (active < 0 || lr_prio(lr) > lr_prio(active_lr))) {
			active = (int)i;
			active_lr = lr;
		}
	}
	if (free_lr < 0) {
		prio = vgic_priority(z, v, intid);
		if (victim >= 0 && lr_prio(victim_lr) > prio) {
			pend_add(v, (u32)(victim_lr & ICH_LR_VINTID_MASK), victim_lr & ICH_LR_HW);
			free_lr = victim;
		} else if (active >= 0 && lr_prio(active_lr) > prio &&
			   v->nr_spill < VGIC_MAX_SPILL) {
			spill(v, active_lr);
			free_lr = active;
		} else {
			return false;
		}
		underflow_irq(v); /* the one moved out waits for a free list register */
	}
	ich_write_lr((unsigned int)free_lr, lr_value(z, v, intid, hw));
	return true;
}

/* Spilled interrupts go back into free list registers, most urgent first. */
static void spill_restore(struct vgic_cpu *v, const struct zone *z)
{
	while (v->nr_spill) {
		u64 empty = ich_read_elrsr() & ((1ULL << v->nr_lrs) - 1);
		int i = spill_best(v, z);
		const struct vgic_spill *s = &v->spill[i];
		u64 lr;

		if (!empty)
			return;
		lr = lr_value(z, v, s->intid, s->hw) & ~ICH_LR_STATE_MASK;
		lr |= ICH_LR_ACTIVE | (s->pending ? ICH_LR_PENDING : 0);
		ich_write_lr((unsigned int)__builtin_ctzll(empty), lr);
		spill_drop(v, (unsigned int)i);
	}
}

/* The guest completed spilled interrupts (EOIcount): finish them as the GIC would. */
static void spill_eoi(struct vgic_cpu *v, const struct zone *z)
{
	u64 hcr = ich_read_hcr();
	unsigned int count =
		(unsigned int)((hcr & ICH_HCR_EOICOUNT_MASK) >> ICH_HCR_EOICOUNT_SHIFT);

	if (!count)
		return;
	ich_write_hcr(hcr & ~ICH_HCR_EOICOUNT_MASK);
	while (count-- && v->nr_spill) {
		int i = spill_best(v, z);
		struct vgic_spill s = v->spill[i];

		spill_drop(v, (unsigned int)i);
		if (s.hw)
			ich_deactivate_physical(s.intid);
		else if (s.pending)
			pend_add(v, s.intid, false);
	}
}

/* The waiting interrupt the guest would take first (lowest priority value), skipping some. */
static int pend_best(const struct vgic_cpu *v, const struct zone *z, const u64 *skip)
{
	int best = -1;
	unsigned int best_prio = 256;

	for (unsigned int w = 0; w < VGIC_WORDS; w++) {
		u64 bits = v->pend[w] & ~skip[w];

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

/* Move waiting interrupts into list registers, best first, for as long as they fit. */
static void vgic_fill(struct vgic_cpu *v, const struct zone *z)
{
	u64 skip[VGIC_WORDS] = { 0 };

	if (v->nr_spill)
		spill_eoi(v, z);

	while (v->nr_pend) {
		int intid = pend_best(v, z, skip);
		u64 lr;
		bool hw;

		if (intid < 0)
			break;
		pend_del(v, (u32)intid, &hw);
		if (lr_place(v, z, (u32)intid, hw))
			continue;
		pend_add(v, (u32)intid, hw);
		if (lr_find(v, (u32)intid, &lr) < 0)
			break; /* the list registers are full of more urgent or active ones */
		/* Blocked by its own active copy: the others may still go in. */
		skip[intid / 64] |= 1ULL << (intid % 64);
	}
	if (v->nr_spill)
		spill_restore(v, z);
	underflow_irq(v);
}

/* Everything vgic_inject_at's fast path does not cover (and the checks it makes again). */
static void __attribute__((noinline)) vgic_inject_slow(struct percpu *c, u32 intid, bool hw)
{
	struct vgic_cpu *v = &c->arch.vgic;

	if (!c->zone || intid >= VGIC_NR_IRQS)
		return;
	exit_stat_on(c, ZONE_STAT_VIRQ);
	if (c->power != VCPU_ON) {
		/*
		 * Off, or not started yet: the list registers belong to the next start and no
		 * maintenance interrupt may be armed, or a parked CPU would take it forever
		 * and never see CPU_ON. A physical interrupt stays active, held here (so a
		 * level-triggered one cannot storm), and is deactivated when the vCPU starts
		 * (vgic_cpu_reset) and comes again if its device still asserts it.
		 */
		if (hw)
			pend_add(v, intid, true);
		return;
	}
	/*
	 * Others wait: merged with a copy in a list register if there is one (never
	 * delivered twice), else it joins the waiting set and the refill takes the most
	 * urgent first (a newcomer never overtakes).
	 */
	if (!v->nr_pend) {
		if (lr_place(v, c->zone, intid, hw))
			return;
	} else {
		u64 lr;
		int i = lr_find(v, intid, &lr);

		if (i >= 0 && lr_merge((unsigned int)i, lr))
			return;
	}
	pend_add(v, intid, hw);
	vgic_fill(v, c->zone);
}

/*
 * The usual case of vgic_inject on CPU c (the running one), inline where the hot paths
 * inject: an interrupt while none is in flight, every list register empty and nothing
 * waiting, so there is nothing to merge with or make room in; list register 0 takes
 * it. False, having done nothing, in any other case.
 */
static inline __attribute__((always_inline)) bool vgic_inject_fast(struct percpu *c, u32 intid,
								   bool hw)
{
	struct vgic_cpu *v = &c->arch.vgic;
	u64 all = (1ULL << v->nr_lrs) - 1;

	if (unlikely(!c->zone || intid >= VGIC_NR_IRQS || c->power != VCPU_ON || v->nr_pend ||
		     (ich_read_elrsr() & all) != all))
		return false;
	exit_stat_on(c, ZONE_STAT_VIRQ);
	ich_write_lr0(lr_value(c->zone, v, intid, hw));
	return true;
}

static inline __attribute__((always_inline)) void vgic_inject_at(struct percpu *c, u32 intid,
								 bool hw)
{
	if (!vgic_inject_fast(c, intid, hw))
		vgic_inject_slow(c, intid, hw);
}

void vgic_inject(u32 intid, bool hw)
{
	vgic_inject_at(this_cpu(), intid, hw);
}

void vgic_maintenance(void)
{
	struct percpu *c = this_cpu();

	exit_stat(ZONE_STAT_MAINTENANCE);
	if (c->zone && c->power == VCPU_ON)
		vgic_fill(&c->arch.vgic, c->zone);
	else
		ich_write_hcr(ICH_HCR_EN_BIT); /* nothing to place while off: disarm */
}

void vgic_local_state32(u32 first, u32 *held, u32 *pending, u32 *active)
{
	struct vgic_cpu *v = &this_cpu()->arch.vgic;
	u64 empty = ich_read_elrsr();

	*held = *pending = *active = 0;
	for (unsigned int i = 0; i < v->nr_lrs; i++) {
		u64 lr;
		u32 id;

		if (empty & (1ULL << i))
			continue;
		lr = ich_read_lr(i);
		id = (u32)(lr & ICH_LR_VINTID_MASK);
		if (id < first || id - first >= 32)
			continue;
		*held |= 1u << (id - first);
		if (lr & ICH_LR_PENDING)
			*pending |= 1u << (id - first);
		if (lr & ICH_LR_ACTIVE)
			*active |= 1u << (id - first);
	}
	if (first % 32 == 0 && first < VGIC_NR_IRQS) {
		u32 waiting = (u32)(v->pend[first / 64] >> (first % 64));

		*held |= waiting;
		*pending |= waiting;
	}
	for (unsigned int i = 0; i < v->nr_spill; i++) {
		u32 id = v->spill[i].intid;

		if (id < first || id - first >= 32)
			continue;
		*held |= 1u << (id - first);
		*active |= 1u << (id - first);
		if (v->spill[i].pending)
			*pending |= 1u << (id - first);
	}
}

bool vgic_local_unpend(u32 intid)
{
	struct vgic_cpu *v = &this_cpu()->arch.vgic;
	bool hw = false;
	u64 lr;
	int i;

	if (intid >= VGIC_NR_IRQS)
		return false;
	if (pend_del(v, intid, &hw)) {
		if (hw)
			ich_deactivate_physical(intid);
		underflow_irq(v);
		return hw;
	}
	i = lr_find(v, intid, &lr);
	if (i < 0 || !(lr & ICH_LR_PENDING))
		return false;
	if (lr & ICH_LR_ACTIVE) {
		ich_write_lr((unsigned int)i, lr & ~ICH_LR_PENDING);
		return false;
	}
	ich_write_lr((unsigned int)i, 0);
	if (lr & ICH_LR_HW)
		ich_deactivate_physical(intid);
	return lr & ICH_LR_HW;
}

void vgic_local_deactivate(u32 intid)
{
	struct vgic_cpu *v = &this_cpu()->arch.vgic;
	u64 lr;
	int i = lr_find(v, intid, &lr);

	for (unsigned int k = 0; k < v->nr_spill; k++) {
		struct vgic_spill s = v->spill[k];

		if (s.intid != intid)
			continue;
		spill_drop(v, k);
		if (s.hw)
			ich_deactivate_physical(intid);
		else if (s.pending)
			pend_add(v, intid, false);
		underflow_irq(v);
		return;
	}
	if (i < 0 || !(lr & ICH_LR_ACTIVE))
		return;
	if (lr & ICH_LR_HW) {
		ich_write_lr((unsigned int)i, 0);
		ich_deactivate_physical(intid);
	} else {
		ich_write_lr((unsigned int)i, lr & ~ICH_LR_ACTIVE);
	}
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
	irqchip_send_hv_ipi(target);
}

void vgic_send_irq(struct percpu *target, u32 intid)
{
	if (intid < 32 || intid >= VGIC_NR_IRQS)
		return;
	if (unlikely(target->arch.direct)) {
		/* Direct mode: pending at the distributor, taken where the guest routed it. */
		arch_irqchip_raise(intid);
		return;
	}
	__atomic_or_fetch(&target->arch.vgic.sent[intid / 64], 1ULL << (intid % 64),
			  __ATOMIC_RELEASE);
	__atomic_or_fetch(&target->arch.vgic.sent_words, 1u << (intid / 64), __ATOMIC_RELEASE);
	if (target == this_cpu())
		vgic_take_sgis();
	else
		irqchip_send_hv_ipi(target);
}

/*
 * Software interrupts: any number may wait (each a bit), none is lost or doubled. Only
 * the words sent_words names are looked at (an SGI alone costs no scan): a sender sets
 * its bit after the word's, and kicks after both, so a bit this misses is taken at its
 * kick.
 */
static void __attribute__((noinline)) take_sent(struct percpu *c)
{
	struct vgic_cpu *v = &c->arch.vgic;

	for (u32 words = __atomic_exchange_n(&v->sent_words, 0, __ATOMIC_ACQUIRE); words;
	     words &= words - 1) {
		unsigned int w = (unsigned int)__builtin_ctz(words);
		u64 sent = __atomic_exchange_n(&v->sent[w], 0, __ATOMIC_ACQUIRE);

		for (; sent; sent &= sent - 1)
			vgic_inject_at(c, w * 64 + (u32)__builtin_ctzll(sent), false);
	}
}

/* vgic_take_sgis from the SGIs in take on, and the software interrupts sent. */
static void __attribute__((noinline)) take_rest(struct percpu *c, u16 take)
{
	for (; take; take &= take - 1)
		vgic_inject_at(c, (u32)__builtin_ctz(take), false);
	if (__atomic_load_n(&c->arch.vgic.sent_words, __ATOMIC_RELAXED))
		take_sent(c);
}

void vgic_take_sgis(void)
{
	struct percpu *c = this_cpu();
	struct vgic_cpu *v = &c->arch.vgic;
	u16 take;

	/* A vCPU that is off takes nothing; its start resets what was sent meanwhile. */
	if (c->power != VCPU_ON)
		return;
	take = __atomic_fetch_and(&v->sgi_pending, (u16)~v->sgi_enabled, __ATOMIC_ACQUIRE) &
	       v->sgi_enabled;
	/*
	 * Calls only as tail calls (take_rest from the first SGI the fast path refuses), so
	 * the usual path needs no stack frame.
	 */
	for (; take; take &= take - 1) {
		if (!vgic_inject_fast(c, (u32)__builtin_ctz(take), false)) {
			take_rest(c, take);
			return;
		}
	}
	if (__atomic_load_n(&v->sent_words, __ATOMIC_RELAXED))
		take_sent(c);
}

/*
 * Called once when the CPU comes up, before anything can be injected: the list registers'
 * reset values are UNKNOWN, so they are cleared without being trusted (nothing in them
 * is deactivated), and the count is known before the first interrupt arrives.
 */
void vgic_cpu_init(void)
{
	struct vgic_cpu *v = &this_cpu()->arch.vgic;

	*v = (struct vgic_cpu){ .waker_sleep = true, .nr_lrs = ich_nr_lrs() };
	for (unsigned int i = 0; i < v->nr_lrs; i++)
		ich_write_lr(i, 0);
	ich_write_hcr(ICH_HCR_EN_BIT);
}

void vgic_cpu_reset(void)
{
	struct vgic_cpu *v = &this_cpu()->arch.vgic;
	u64 empty = ich_read_elrsr();

	for (unsigned int i = 0; i < v->nr_lrs; i++) {
		u64 lr = ich_read_lr(i);

		/* A physical interrupt the guest never deactivated would stay active forever. */
		if (!(empty & (1ULL << i)) && (lr & ICH_LR_HW) && (lr & ICH_LR_STATE_MASK))
			ich_deactivate_physical(
				(u32)((lr & ICH_LR_PINTID_MASK) >> ICH_LR_PINTID_SHIFT));
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
		v->sent[w] = 0;
	}
	for (unsigned int k = 0; k < v->nr_spill; k++)
		if (v->spill[k].hw)
			ich_deactivate_physical(v->spill[k].intid);
	v->nr_spill = 0;
	v->nr_pend = 0;
	v->sent_words = 0;
	v->sgi_enabled = 0;
	v->sgi_pending = 0;
	v->waker_sleep = true;
	for (unsigned int i = 0; i < 32; i++)
		v->prio[i] = 0;
	ich_write_hcr(ICH_HCR_EN_BIT);
}
