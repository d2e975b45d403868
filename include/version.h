/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVC_VERSION_H
#define HVC_VERSION_H

/* build/<board>/include/generated/version.h: written by the Makefile from git describe. */
#include "generated/version.h"

#endif
