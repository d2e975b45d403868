/* SPDX-License-Identifier: GPL-2.0 */
/* Linux errno values: hypercalls return them negated, as hvisor does. */
#ifndef HVC_HV_ERRNO_H
#define HVC_HV_ERRNO_H

#define EPERM  1
#define ENOENT 2
#define EIO    5
#define E2BIG  7
#define ENOMEM 12
#define EFAULT 14
#define EBUSY  16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ERANGE 34
#define ENOSYS 38

#endif
