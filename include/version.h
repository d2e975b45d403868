/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVC_VERSION_H
#define HVC_VERSION_H

/* The Makefile passes the git description; this is the fallback. */
#ifndef HVC_VERSION
#define HVC_VERSION "0.1.0"
#endif

#endif
