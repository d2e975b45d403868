/* SPDX-License-Identifier: GPL-2.0 */
/* Services shared by the `hvisor` commands (hvisor.c, the virtio daemon vdaemon.c). */
#ifndef HVC_TOOLS_CLI_H
#define HVC_TOOLS_CLI_H

#include <stddef.h>

/* "EINVAL" for EINVAL. */
const char *cli_errno_name(int e);
/* /dev/hvisor opened read-write, or -1 after a message saying what to do. */
int cli_open_dev(void);
/* A whole file plus `slack` zeroed spare bytes, NUL-terminated; NULL with errno set. */
char *cli_read_file(const char *path, size_t slack, size_t *size);
struct zonecfg_errors;
/* Each message of a config's check on stderr, "hvisor: <file>: <field>: <problem>". */
void cli_print_errors(const struct zonecfg_errors *e);
/* `hvisor virtio start [options] <virtio.json>` (vdaemon.c); the exit status. */
int vdaemon_main(int argc, char **argv);

#endif
