// SPDX-License-Identifier: GPL-2.0
/* A small vsnprintf for the hypervisor (see printf.h). Never writes past size. */
#include "printf.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_c(o, c);
}

struct spec {
	bool left;
	bool zero;
	bool alt;
	int width;
	int prec;
};

static void out_str(struct out *o, const char *s, const struct spec *sp)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (sp->prec < 0 || n < sp->prec))
		n++;
	if (!sp->left)
		out_pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		out_c(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - n);
}

static void out_num(struct out *o, u64 v, bool neg, unsigned int base, bool upper,
		    const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len;
	const char *prefix = "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);

	if (neg)
		prefix = "-";
	else if (sp->alt && base == 16)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && tmp[n - 1] != '0')
		prefix = "0";

	len = n;
	for (const char *p = prefix; *p; p++)
		len++;

	if (!sp->left && !sp->zero)
		out_pad(o, ' ', sp->width - len);
	for (const char *p = prefix; *p; p++)
		out_c(o, *p);
	if (!sp->left && sp->zero)
		out_pad(o, '0', sp->width - len);
	while (n)
		out_c(o, tmp[--n]);
	if (sp->left)
		out_pad(o, ' ', sp->width - len);
}

int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		struct spec sp = { .prec = -1 };
		int lng = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long */

		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		for (;;) {
			char f = *++fmt;

			if (f == '-')
				sp.left = true;
			else if (f == '0')
				sp.zero = true;
			else if (f == '#')
				sp.alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				/* As in C: a negative width means left-justified. */
				sp.left = true;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			sp.prec = 0;
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.prec = sp.prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'h')
				lng--;
			else if (*fmt == 'z')
				lng = 1;
			else
				break;
		}

		switch (*fmt) {
		case 'd':
		case 'i': {
			s64 v = lng >= 1 ? va_arg(ap, long long) : va_arg(ap, int);

			if (lng == -1)
				v = (short)v;
			else if (lng == -2)
				v = (signed char)v;
			out_num(&o, v < 0 ? -(u64)v : (u64)v, v < 0, 10, false, &sp);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			u64 v = lng >= 1 ? va_arg(ap, unsigned long long)
					 : va_arg(ap, unsigned int);
			unsigned int base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;

			if (lng == -1)
				v = (unsigned short)v;
			else if (lng == -2)
				v = (unsigned char)v;
			out_num(&o, v, false, base, *fmt == 'X', &sp);
			break;
		}
		case 'p':
			sp.alt = true;
			out_num(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, &sp);
			break;
		case 's':
			out_str(&o, va_arg(ap, const char *), &sp);
			break;
		case 'c': {
			char ch = (char)va_arg(ap, int);

			if (!sp.left)
				out_pad(&o, ' ', sp.width - 1);
			out_c(&o, ch);
			if (sp.left)
				out_pad(&o, ' ', sp.width - 1);
			break;
		}
		case '%':
			out_c(&o, '%');
			break;
		case '\0':
			fmt--; /* a lone '%' at the end */
			break;
		default: /* unknown conversion: show it as written */
			out_c(&o, '%');
			out_c(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int hv_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
