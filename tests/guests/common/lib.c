// SPDX-License-Identifier: GPL-2.0
/* Test guest runtime: PL011 output, a tiny printf, HVC/SMC, exception recording. */
#include "guest.h"

struct guest_exc guest_last_exc;
uint64_t guest_entry_ticks;
struct guest_exc guest_cpu_exc[2];
volatile unsigned int a32_exit_kind, a32_exits;
extern char a32_resume[];

bool guest_has_a32_el0(void)
{
	return (read_sysreg(id_aa64pfr0_el1) & 0xf) == 2;
}
volatile guest_irq_fn guest_irq_hook;
static unsigned int passed, failed;

static void putc_raw(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)GUEST_UART;

	while (uart[0x18 / 4] & (1u << 5))
		;
	uart[0] = (uint32_t)c;
}

void (*volatile guest_putc_hook)(char c);

static void put_char(char c)
{
	if (guest_putc_hook) {
		guest_putc_hook(c);
		return;
	}
	if (c == '\n')
		putc_raw('\r');
	putc_raw(c);
}

static volatile char *report_buf;
static uint64_t report_size, report_len;

static void report_putc(char c)
{
	if (report_len < report_size - 1) {
		report_buf[report_len++] = c;
		report_buf[report_len] = 0;
	}
}

void guest_report_to(uintptr_t addr, uint64_t size)
{
	report_buf = (volatile char *)addr;
	report_size = size;
	report_len = 0;
	report_buf[0] = 0;
	guest_putc_hook = report_putc;
}

void guest_puts(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_num(uint64_t v, unsigned int base, bool neg)
{
	char buf[24];
	int n = 0;

	if (neg)
		put_char('-');
	if (base == 16)
		guest_puts("0x");
	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put_char(buf[--n]);
}

/* %d (int64), %u (uint64), %x (uint64, 0x prefix), %s. */
static void vprint(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put_char(*fmt);
			continue;
		}
		switch (*++fmt) {
		case 'd': {
			int64_t v = va_arg(ap, int64_t);

			put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
			break;
		}
		case 'u':
			put_num(va_arg(ap, uint64_t), 10, false);
			break;
		case 'x':
			put_num(va_arg(ap, uint64_t), 16, false);
			break;
		case 's':
			guest_puts(va_arg(ap, const char *));
			break;
		default:
			put_char(*fmt);
			break;
		}
	}
}

void guest_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}

void guest_check(const char *name, bool ok, const char *fmt, ...)
{
	va_list ap;

	guest_printf("GUEST: %s: %s", name, ok ? "PASS" : "FAIL ");
	if (!ok) {
		va_start(ap, fmt);
		vprint(fmt, ap);
		va_end(ap);
	}
	guest_puts("\n");
	if (ok)
		passed++;
	else
		failed++;
}

int64_t guest_hvc(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0x4856" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

int64_t guest_smc(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

/* Guests that start no second vCPU: common/secondary.S still needs one to call. */
__attribute__((weak)) void secondary_main(uint64_t ctx)
{
	(void)ctx;
	for (;;)
		__asm__ volatile("wfi");
}

void guest_done(void)
{
	guest_printf("GUEST: done %u passed, %u failed\n", (uint64_t)passed, (uint64_t)failed);
	guest_smc(0x84000008, 0, 0, 0); /* PSCI SYSTEM_OFF */
	guest_puts("GUEST: SYSTEM_OFF returned\n");
}

/* kind: vector index 0..15 (4 = synchronous, current EL with SP_EL1). */
void guest_exception(unsigned int kind, uint64_t *regs);
void guest_exception(unsigned int kind, uint64_t *regs)
{
	(void)regs;
	if (kind == 0 || kind == 4) {
		uint64_t elr = read_sysreg(elr_el1);

		struct guest_exc *e = &guest_cpu_exc[read_sysreg(mpidr_el1) & 1];

		guest_last_exc.esr = e->esr = read_sysreg(esr_el1);
		guest_last_exc.far = e->far = read_sysreg(far_el1);
		guest_last_exc.elr = e->elr = elr;
		guest_last_exc.count++;
		e->count++;
		/* Skip the faulting instruction and go on. */
		__asm__ volatile("msr elr_el1, %0" : : "r"(elr + 4));
		return;
	}
	if ((kind == 1 || kind == 5) && guest_irq_hook) {
		guest_irq_hook(kind, regs);
		return;
	}
	if (kind == 12 || kind == 13) {
		/* From 32-bit EL0 (run_a32_el0): note it, then back to EL1 in a32_resume. */
		if (kind == 12) {
			guest_last_exc.esr = read_sysreg(esr_el1);
			guest_last_exc.far = read_sysreg(far_el1);
			guest_last_exc.elr = read_sysreg(elr_el1);
			guest_last_exc.count++;
		} else if (guest_irq_hook) {
			guest_irq_hook(kind, regs);
		}
		a32_exit_kind = kind;
		a32_exits++;
		__asm__ volatile("msr elr_el1, %0\n msr spsr_el1, %1"
				 :
				 : "r"((uint64_t)(uintptr_t)a32_resume), "r"((uint64_t)0x3c5));
		return;
	}
	guest_printf("GUEST: unexpected exception, vector %u\n", (uint64_t)kind);
	for (;;)
		__asm__ volatile("wfi");
}
