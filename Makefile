# SPDX-License-Identifier: GPL-2.0
#
# hvisor-c: one non-recursive build.
#   make [ARCH=aarch64] [BOARD=qemu-gicv3] [LOG=info]   build build/<board>/hvisor.{elf,bin}
#   make help                                           targets and variables
#
# Every object depends on the headers it includes (-MMD), on its board's platform.mk and
# on this Makefile, so editing anything under platform/ or include/ never needs `make clean`.

ARCH ?= aarch64
# BOARD_DIR=<folder> builds a board folder that is not under platform/ (e.g. a copy a test
# made under build/); the board is then named after the folder.
BOARD_FOLDER := $(patsubst %/,%,$(BOARD_DIR))
ifneq ($(BOARD_FOLDER),)
BOARD := $(notdir $(BOARD_FOLDER))
endif
BOARD ?= qemu-gicv3
LOG ?= info
TFTP_DIR ?= $(HOME)/tftp
HVC_CACHE ?= $(or $(HOME),/root)/.cache/hvisor-c
export HVC_CACHE
CROSS_COMPILE ?= aarch64-linux-gnu-
QEMU ?= qemu-system-aarch64
QEMU_BOOT ?= kernel
QEMU_EXTRA ?=
UBOOT_BIOS ?= /usr/lib/u-boot/qemu_arm64/u-boot.bin

ARCHES := $(notdir $(wildcard platform/*))
BOARDS := $(notdir $(wildcard platform/$(ARCH)/*))
LOG_LEVELS := error warn info debug trace
# The zone_config layout spoken with the root Linux's tools (include/hvisor/zone_config.h):
# 5 = hvisor's and hvisor-tool up to b17d9dd, 6 = hvisor-tool's current one.
HVISOR_ABI ?= 5
ifeq ($(filter $(HVISOR_ABI),5 6),)
$(error HVISOR_ABI=$(HVISOR_ABI) is not a zone_config layout; choose 5 (hvisor, hvisor-tool b17d9dd) or 6 (hvisor-tool's current))
endif

# Per-zone exit statistics (`hvisor zone stats`); 0 compiles the counting out, which is
# how make bench measures what it costs on the exit paths.
EXIT_STATS ?= 1
ifeq ($(filter $(EXIT_STATS),0 1),)
$(error EXIT_STATS=$(EXIT_STATS): choose 1 (count exits per zone) or 0 (no counting))
endif

# ROOT_DIRECT_IRQ=1 puts the root zone in direct interrupt mode (docs/zones.md) without
# editing board.c: how make bench and the tests measure and exercise the mode.
ROOT_DIRECT_IRQ ?= 0
ifeq ($(filter $(ROOT_DIRECT_IRQ),0 1),)
$(error ROOT_DIRECT_IRQ=$(ROOT_DIRECT_IRQ): choose 0 (the board's choice) or 1 (root zone in direct interrupt mode))
endif

ifeq ($(filter $(ARCH),$(ARCHES)),)
$(error ARCH=$(ARCH) is not supported; choose one of: $(ARCHES))
endif
ifeq ($(BOARD_DIR),)
ifeq ($(filter $(BOARD),$(BOARDS)),)
$(error BOARD=$(BOARD) does not exist under platform/$(ARCH)/; choose one of: $(BOARDS))
endif
else
BOARD_DIR_MISSING := $(filter-out $(wildcard $(BOARD_FOLDER)/*), \
	$(addprefix $(BOARD_FOLDER)/,board.c platform.mk linker.ld))
ifneq ($(BOARD_DIR_MISSING),)
$(error BOARD_DIR=$(BOARD_DIR) is not a board folder: $(BOARD_DIR_MISSING) missing)
endif
endif
ifeq ($(filter $(LOG),$(LOG_LEVELS)),)
$(error LOG=$(LOG) is not a log level; choose one of: $(LOG_LEVELS))
endif

PLAT_DIR := $(or $(BOARD_FOLDER),platform/$(ARCH)/$(BOARD))
include $(PLAT_DIR)/platform.mk
# The root zone's device tree, when the board has one (the DT cross-check compares it).
ZONE0_DTS := $(wildcard $(PLAT_DIR)/image/dts/zone0.dts)

BUILD ?= build/$(BOARD)
HV_ELF := $(BUILD)/hvisor.elf
HV_RAW := $(BUILD)/hvisor.raw
HV_BIN := $(BUILD)/hvisor.bin

CC := $(CROSS_COMPILE)gcc

# On a machine without the toolchain, install it before the flags below ask the compiler
# for its paths, but only when that needs no password (root, or sudo without one): a sudo
# prompt in the middle of a build is easy to miss. Otherwise say which command installs it.
SETUP_CAN_RUN = [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null
SETUP_HINT = run make setup (scripts/setup.sh, as root or with sudo) to install it
ifeq ($(shell command -v $(CC) 2>/dev/null),)
ifeq ($(filter setup clean help,$(MAKECMDGOALS)),)
ifeq ($(shell $(SETUP_CAN_RUN) && echo yes),yes)
$(info $(CC) not found: running scripts/setup.sh (make setup) first)
SETUP_STATUS := $(shell bash scripts/setup.sh >&2; echo $$?)
ifneq ($(SETUP_STATUS),0)
$(error scripts/setup.sh failed: install the packages it names, then run make again)
endif
else
$(error $(CC) not found: $(SETUP_HINT))
endif
endif
endif
OBJCOPY := $(CROSS_COMPILE)objcopy
OBJDUMP := $(CROSS_COMPILE)objdump
NM := $(CROSS_COMPILE)nm
HOSTCC ?= gcc
PYTHON ?= python3

LIBFDT_DIR := $(HVC_CACHE)/libfdt-arm64
LIBFDT_A := $(LIBFDT_DIR)/usr/lib/aarch64-linux-gnu/libfdt.a
LIBFDT_INC := $(LIBFDT_DIR)/usr/include

HVC_VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1.0)
LOG_LEVEL := LOG_$(shell echo $(LOG) | tr a-z A-Z)

INCLUDES := -Iinclude -Iarch/$(ARCH)/include
# The GIC version the board's IRQCHIP is (gicv2 -> 2, gicv3 -> 3): the driver's headers
# and the config checker (which version zone_configs must name) follow it.
GIC_VERSION := $(patsubst gicv%,%,$(IRQCHIP))
# Every function another file calls has a prototype in a header (hypervisor, guests, tools).
PROTO_WARNINGS := -Wmissing-prototypes -Wstrict-prototypes
CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror $(PROTO_WARNINGS) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
	-fno-stack-protector -fno-pic -fno-common -fno-tree-loop-distribute-patterns \
	-mgeneral-regs-only -mstrict-align -mno-outline-atomics $(CPU_TUNE) -MMD -MP \
	$(INCLUDES) -Iinclude/libc -I$(LIBFDT_INC) \
	-I$(BUILD)/include -DLOG_LEVEL=$(LOG_LEVEL) -DHV_MAX_CPUS=$(HV_MAX_CPUS) -DHVC_LOG_NAME='"$(LOG)"' \
	-DHVISOR_ABI=$(HVISOR_ABI) -DGIC_VERSION=$(GIC_VERSION) -DHV_EXIT_STATS=$(EXIT_STATS) \
	$(if $(filter 1,$(ROOT_DIRECT_IRQ)),-DHV_ROOT_DIRECT_IRQ)
ASFLAGS := -D__ASSEMBLER__ -MMD -MP $(INCLUDES) $(CPU_TUNE)
LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,norelro -Wl,-L. \
	-Wl,-T,$(PLAT_DIR)/linker.ld -Wl,--no-warn-rwx-segments -Wl,--fatal-warnings

# The interrupt controller: the vGIC logic all GIC versions share, and the driver and
# emulation of the version the board has (IRQCHIP in platform.mk).
GIC_SRCS := $(wildcard arch/$(ARCH)/gic/*.c arch/$(ARCH)/gic/$(IRQCHIP)/*.c)
ifeq ($(wildcard arch/$(ARCH)/gic/$(IRQCHIP)),)
$(error IRQCHIP=$(IRQCHIP) in $(PLAT_DIR)/platform.mk has no arch/$(ARCH)/gic/$(IRQCHIP)/; choose one of: $(notdir $(wildcard arch/$(ARCH)/gic/*/)))
endif
SRCS := $(wildcard arch/$(ARCH)/*.c arch/$(ARCH)/*.S core/*.c) $(GIC_SRCS) \
	drivers/uart/$(UART_DRIVER).c $(PLAT_DIR)/board.c
OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(SRCS))

# Rebuild everything when the build configuration (board, log level, flags) changes.
CONFIG_STAMP := $(BUILD)/config.stamp
CONFIG_TEXT := $(ARCH) $(BOARD) $(LOG) $(CFLAGS) $(LDFLAGS)

.PHONY: all run test bench cp disa gdb clean help setup guests unit-build rootfs test-env FORCE
.DEFAULT_GOAL := all

all: $(HV_BIN)
	@echo "built $(HV_BIN) (board $(BOARD), LOG=$(LOG)); $$(mkimage -l $(HV_BIN) | grep -i 'load address')"

setup:
	@bash scripts/setup.sh

$(LIBFDT_A):
	@if $(SETUP_CAN_RUN); then bash scripts/setup.sh; \
	else echo "$(LIBFDT_A) not found: $(SETUP_HINT)" >&2; exit 1; fi

$(CONFIG_STAMP): FORCE
	@mkdir -p $(@D)
	@if [ "$$(cat $@ 2>/dev/null)" != "$(CONFIG_TEXT)" ]; then echo "$(CONFIG_TEXT)" > $@; fi

# The version lives in a generated header that only the banner includes, rewritten only when
# it changes: a commit does not rebuild everything.
VERSION_H := $(BUILD)/include/generated/version.h
$(VERSION_H): FORCE
	@mkdir -p $(@D)
	@v='#define HVC_VERSION "$(HVC_VERSION)"'; \
	if [ "$$(cat $@ 2>/dev/null)" != "$$v" ]; then echo "$$v" > $@; fi

$(BUILD)/obj/core/main.c.o: $(VERSION_H)

$(BUILD)/obj/%.c.o: %.c $(CONFIG_STAMP) $(PLAT_DIR)/platform.mk Makefile | $(LIBFDT_A)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.S.o: %.S $(CONFIG_STAMP) $(PLAT_DIR)/platform.mk Makefile
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) $(ASFLAGS) -c $< -o $@

# Link, then run the board checker over the same board.c with the real hypervisor range:
# a board whose zones would overwrite the hypervisor never produces an image.
$(HV_ELF): $(OBJS) $(PLAT_DIR)/linker.ld linker/hvisor.ld $(LIBFDT_A) $(BUILD)/boardcheck
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@.tmp $(OBJS) $(LIBFDT_A) -lgcc
	@ok=1; $(BUILD)/boardcheck \
		$$($(NM) $@.tmp | awk '$$3 == "__hv_start" { print "0x" $$1 }') \
		$$($(NM) $@.tmp | awk '$$3 == "__hv_end" { print "0x" $$1 }') || ok=0; \
	$(if $(ZONE0_DTS),echo "  DTCHECK $(ZONE0_DTS)"; $(DTCHECK_CMD) || ok=0;) \
	[ $$ok = 1 ] || { rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@

$(HV_RAW): $(HV_ELF)
	@$(OBJCOPY) -O binary $< $@

# The uImage's load and entry address come from the ELF: linker.ld is the only place.
$(HV_BIN): $(HV_RAW)
	@entry=$$(readelf -h $(HV_ELF) | awk '/Entry point address/ { print $$4 }'); \
	mkimage -A arm64 -O linux -T kernel -C none -a $$entry -e $$entry \
		-n "hvisor-c $(BOARD)" -d $< $@ > /dev/null

# Host build of the board checker: board.c + the checker, as the hypervisor runs them.
BOARDCHECK_SRCS := tools/boardcheck/boardcheck.c core/config_check.c core/zone_root.c \
	core/printf.c core/board_mem.c $(PLAT_DIR)/board.c
$(BUILD)/boardcheck: $(BOARDCHECK_SRCS) $(CONFIG_STAMP) $(PLAT_DIR)/platform.mk Makefile
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) -std=gnu11 -O1 -Wall -Wextra -Werror $(PROTO_WARNINGS) -MMD -MP -MF $@.d $(INCLUDES) \
		-DHV_MAX_CPUS=$(HV_MAX_CPUS) -DHVISOR_ABI=$(HVISOR_ABI) -DGIC_VERSION=$(GIC_VERSION) \
		-o $@ $(BOARDCHECK_SRCS)

-include $(OBJS:.o=.d) $(BUILD)/boardcheck.d

# ---- the board's facts, from board.c: build/<board>/board.mk ----
# board.c is the one place a board states its CPUs, its root zone's CPUs, entry and DTB
# address, and its RAM; the checker prints them as make variables (BOARD_NR_CPUS,
# BOARD_ZONE0_CPUS, ZONE0_ENTRY, ZONE0_DTB_ADDR, BOARD_RAM_MB) and make reads them back: when
# board.mk is missing or out of date, GNU make remakes it and starts again. It is rewritten
# only when a fact changes: after any other edit of the board's sources make does not start
# again. Goals that need no board skip it.
BOARD_MK := $(BUILD)/board.mk
ifneq ($(filter-out clean help setup,$(or $(MAKECMDGOALS),all)),)
include $(BOARD_MK)
endif
$(BOARD_MK): $(BUILD)/boardcheck
	@$(BUILD)/boardcheck --facts > $@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

# QEMU gets the board's CPU count and RAM size from board.mk; platform.mk gives the rest.
ifneq ($(QEMU_MACHINE),)
QEMU_MACHINE += -smp $(BOARD_NR_CPUS) -m $(BOARD_RAM_MB)M
endif

# ---- test guests (bare-metal EL1 programs loaded as the root zone's kernel) ----
GUEST_BUILD := build/guests
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror $(PROTO_WARNINGS) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include 2>/dev/null) -fno-stack-protector \
	-fno-pic -mgeneral-regs-only -mstrict-align -MMD -MP -Itests/guests/common -Iinclude \
	-DHVISOR_ABI=$(HVISOR_ABI)
GUEST_NAMES := $(filter-out common,$(notdir $(patsubst %/,%,$(dir $(wildcard tests/guests/*/main.c)))))

# The guests are linked at the root zone's entry (ZONE0_ENTRY, from board.mk): the stamp
# holds it, so they are rebuilt when it changes, also when another board is built.
GUEST_LOAD_STAMP := $(GUEST_BUILD)/load.stamp
$(GUEST_LOAD_STAMP): FORCE
	@mkdir -p $(@D)
	@if [ "$$(cat $@ 2>/dev/null)" != "$(ZONE0_ENTRY)" ]; then echo "$(ZONE0_ENTRY)" > $@; fi

# A guest runs where the root zone's kernel does, unless GUEST_LOAD_<name> says otherwise
# (vhostile, vregread: zone1's Linux load address, where zone1-virtio.json's RAM is).
GUEST_LOAD_vhostile := 0x50400000
GUEST_LOAD_vregread := 0x50400000
define guest_rules
$(GUEST_BUILD)/$(1).elf: $(wildcard tests/guests/$(1)/* tests/guests/common/*) \
		Makefile $(GUEST_LOAD_STAMP)
	@mkdir -p $(GUEST_BUILD)
	@echo "  GUEST   $$@"
	@$(CC) $(GUEST_CFLAGS) -DGUEST_LOAD=$(or $(GUEST_LOAD_$(1)),$(ZONE0_ENTRY)) \
		-MF $(GUEST_BUILD)/$(1).d -nostdlib -static -no-pie \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-T,tests/guests/common/guest.ld \
		-Wl,--defsym=GUEST_LOAD=$(or $(GUEST_LOAD_$(1)),$(ZONE0_ENTRY)) \
		-o $$@ $(wildcard tests/guests/$(1)/*.[cS] tests/guests/common/*.[cS]) -lgcc
$(GUEST_BUILD)/$(1).bin: $(GUEST_BUILD)/$(1).elf
	@$(OBJCOPY) -O binary $$< $$@
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call guest_rules,$(g))))
-include $(GUEST_NAMES:%=$(GUEST_BUILD)/%.d)

guests: $(GUEST_NAMES:%=$(GUEST_BUILD)/%.bin)

# ---- device trees: image/dts/*.dts -> build/<board>/dts/*.dtb ----
DTS_SRCS := $(wildcard $(PLAT_DIR)/image/dts/*.dts)
DTBS := $(patsubst $(PLAT_DIR)/image/dts/%.dts,$(BUILD)/dts/%.dtb,$(DTS_SRCS))

$(BUILD)/dts/%.dtb: $(PLAT_DIR)/image/dts/%.dts
	@mkdir -p $(@D)
	@echo "  DTC     $<"
	@dtc -q -I dts -O dtb -o $@ $<

all: $(DTBS)

# ---- the DT cross-check: board.c against image/dts/zone0.dts ----
# A board with a zone0.dts gets its CPUs, console, GIC, regions, IRQs and RAM compared with
# board.c (tools/boardcheck/dtcheck.py reads board.c through boardcheck --json and the DTB
# through libfdt); a disagreement fails the build before the image is linked, naming both
# files and what to change.
# It runs with the board checker after linking (both report, either fails the build); the
# stamp target runs it alone, before anything is compiled (make build/<board>/dtcheck.stamp).
ifneq ($(ZONE0_DTS),)
DTCHECK_CMD = $(PYTHON) tools/boardcheck/dtcheck.py --boardcheck $(BUILD)/boardcheck \
	--dtb $(BUILD)/dts/zone0.dtb --dts $(ZONE0_DTS) --board-c $(PLAT_DIR)/board.c
DTCHECK_SRCS := tools/boardcheck/dtcheck.py $(wildcard tools/dtlib/*.py)
$(HV_ELF): $(BUILD)/dts/zone0.dtb $(DTCHECK_SRCS)
$(BUILD)/dtcheck.stamp: $(BUILD)/dts/zone0.dtb $(BUILD)/boardcheck $(DTCHECK_SRCS)
	@echo "  DTCHECK $(ZONE0_DTS)"
	@$(DTCHECK_CMD)
	@touch $@
endif

# ---- the root Linux (Debian kernel + busybox initramfs, cached outside the tree) ----
LINUX_DIR := $(HVC_CACHE)/linux
LINUX_IMAGE := $(LINUX_DIR)/Image
LINUX_INITRD := $(LINUX_DIR)/initramfs.cpio.gz
# zone1's disk when the virtio daemon serves it (docs/virtio.md): copied per run.
ZONE_DISK := $(LINUX_DIR)/zone-disk.ext4

rootfs: setup
	@bash scripts/build_rootfs.sh

# ---- running in QEMU ----
# ZONE0=linux (default): the root Linux with zone0.dtb; ZONE0=guest: the basic test guest.
ZONE0 ?= linux
ifeq ($(ZONE0),guest)
ZONE0_KERNEL ?= $(GUEST_BUILD)/basic.bin
ZONE0_DTB ?=
ZONE0_INITRD ?=
else
ZONE0_KERNEL ?= $(LINUX_IMAGE)
ZONE0_DTB ?= $(BUILD)/dts/zone0.dtb
ZONE0_INITRD ?= $(LINUX_INITRD)
endif
run_deps := $(if $(filter $(GUEST_BUILD)/%,$(ZONE0_KERNEL)),$(ZONE0_KERNEL)) \
	$(if $(filter $(LINUX_DIR)/%,$(ZONE0_KERNEL) $(ZONE0_INITRD)),rootfs)
RUN_ARGS = --qemu $(QEMU) --machine "$(QEMU_MACHINE)" --hv-raw $(HV_RAW) --hv-bin $(HV_BIN) \
	--uboot $(UBOOT_BIOS) --kernel $(ZONE0_KERNEL) --kernel-addr $(ZONE0_ENTRY) \
	--dtb "$(ZONE0_DTB)" --dtb-addr $(ZONE0_DTB_ADDR) --initrd "$(ZONE0_INITRD)" \
	--initrd-addr $(ZONE0_INITRD_ADDR) --work-dir $(BUILD)/run

run: setup all $(run_deps)
ifeq ($(QEMU_MACHINE),)
	@echo "BOARD=$(BOARD) is real hardware: use 'make cp' and U-Boot (docs/building.md)"; exit 1
endif
	@$(PYTHON) scripts/run_qemu.py --boot $(QEMU_BOOT) $(RUN_ARGS) --extra "$(QEMU_EXTRA)"

gdb: setup all $(run_deps)
	@$(PYTHON) scripts/run_qemu.py --boot kernel $(RUN_ARGS) \
		--extra "-S -gdb tcp::1234 $(QEMU_EXTRA)" --background --pidfile $(BUILD)/qemu-gdb.pid
	@gdb-multiarch -q -ex "file $(HV_ELF)" -ex "set architecture aarch64" \
		-ex "target remote :1234"; kill $$(cat $(BUILD)/qemu-gdb.pid) 2>/dev/null; true

# ---- tools/: the root Linux's side of zone management (docs/zones.md) ----
# hvisor.ko and ivc.ko, built against the Debian headers of exactly the root zone's
# kernel (scripts/build_kheaders.sh), and the arm64 programs: the hvisor CLI and the
# refusal probe of the system tests, both static: the CLI links libcjson.a, which
# build_kheaders.sh compiles from Debian's cjson source package (Debian ships no libcjson.a).
# KDIR=<kernel build folder> builds the modules for another kernel (a board's).
# ZONES=zone1 (make run) appends that archive to the root's initramfs: tools, configs
# and zone1's kernel, DTB and initramfs under /root.
TOOLS_BUILD := $(BUILD)/tools
KHEADERS_DIR := $(HVC_CACHE)/kheaders
CJSON_ARM64 := $(HVC_CACHE)/cjson-arm64
TOOLS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror $(PROTO_WARNINGS) -MMD -MP -Iinclude \
	-I$(CJSON_ARM64)/usr/include -I$(LIBFDT_INC) -DHVISOR_ABI=$(HVISOR_ABI)
CLI_SRCS := $(wildcard tools/cli/*.c)
DRIVER_FILES := $(wildcard tools/driver/*.[ch] tools/driver/Kbuild tools/driver/compat/*.h)
ZONE_CONFIGS := $(wildcard $(PLAT_DIR)/configs/*.json)
ZONE_DTBS := $(filter-out $(BUILD)/dts/zone0.dtb,$(DTBS))
LINUX_ZONE_INITRD := $(LINUX_DIR)/initramfs-zone.cpio.gz
TOOLS_CPIO := $(TOOLS_BUILD)/tools.cpio
ZONE1_INITRD := $(TOOLS_BUILD)/initramfs-zone1.cpio.gz
ZONES_INITRD := $(BUILD)/initramfs-zones.cpio
TOOLS_FILES := $(TOOLS_BUILD)/hvisor $(TOOLS_BUILD)/hvisor-probe $(TOOLS_BUILD)/driver/hvisor.ko \
	$(TOOLS_BUILD)/driver/ivc.ko $(ZONES_INITRD)

.PHONY: tools tools-files zone1-console

tools: setup rootfs
	@bash scripts/build_kheaders.sh
	@$(MAKE) --no-print-directory tools-files

tools-files: $(TOOLS_FILES)
	@:

$(TOOLS_BUILD)/hvisor: $(CLI_SRCS) $(KHEADERS_DIR)/STAMP $(CJSON_ARM64)/STAMP $(CONFIG_STAMP) \
		Makefile
	@mkdir -p $(@D)
	@echo "  CC      $@ (libcjson $$(cat $(CJSON_ARM64)/VERSION))"
	@$(CC) $(TOOLS_CFLAGS) -static -MF $@.d -o $@ $(CLI_SRCS) \
		$(CJSON_ARM64)/usr/lib/aarch64-linux-gnu/libcjson.a $(LIBFDT_A) -pthread -lm

$(TOOLS_BUILD)/hvisor-probe: tools/tests/hvisor_probe.c $(CONFIG_STAMP) Makefile
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(TOOLS_CFLAGS) -static -MF $@.d -o $@ $<

# zone1's direct-I/O reads in `make bench` (scripts/bench_virtio.py adds it to zone1).
BLK_BENCH := $(TOOLS_BUILD)/blk-bench
$(BLK_BENCH): tools/tests/blk_bench.c Makefile
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(TOOLS_CFLAGS) -static -o $@ $<

# Kbuild builds external modules in their source folder: build a copy under build/.
$(TOOLS_BUILD)/driver/hvisor.ko: $(DRIVER_FILES) $(KHEADERS_DIR)/STAMP $(CONFIG_STAMP) Makefile
	@mkdir -p $(@D)/compat
	@cp tools/driver/*.[ch] tools/driver/Kbuild $(@D)/
	@cp tools/driver/compat/*.h $(@D)/compat/
	@echo "  KBUILD  $(@D) ($(or $(KDIR),linux-headers-$$(cat $(LINUX_DIR)/RELEASE)))"
	@$(MAKE) --no-print-directory -s -C $(or $(KDIR),$$(cat $(KHEADERS_DIR)/KDIR)) M=$(abspath $(@D)) \
		ARCH=arm64 CROSS_COMPILE=$(CROSS_COMPILE) HVC_INCLUDE=$(abspath include) \
		HVISOR_ABI=$(HVISOR_ABI) modules \
		2>&1 | grep -v '^Skipping BTF generation' || true
	@test -f $@ && test -f $(@D)/ivc.ko

$(TOOLS_BUILD)/driver/ivc.ko: $(TOOLS_BUILD)/driver/hvisor.ko

# What the root Linux finds under /root (docs/zones.md), uncompressed: the kernel unpacks
# it faster than a gzip stream, and the zone's Image does not shrink much.
# The bare-metal zone1 test guest and its config come along for the tests' start/shutdown
# cycles driven by the CLI (tests/system/test_zones_linux.py, make stress).
# Its config takes the board's GIC (arch_config) from the board's zone1-linux.json.
ZONE_TEST_FILES := $(GUEST_BUILD)/zone1.bin tests/guests/zone1/zone1-guest.json \
	$(GUEST_BUILD)/vhostile.bin tests/guests/vhostile/zone1-vhostile.json \
	$(PLAT_DIR)/configs/zone1-linux.json scripts/zone_config_for_board.py
$(TOOLS_CPIO): $(filter-out $(ZONES_INITRD),$(TOOLS_FILES)) $(ZONE_CONFIGS) $(ZONE_DTBS) $(LINUX_IMAGE) \
		$(ZONE1_INITRD) $(ZONE_TEST_FILES) scripts/mkcpio.py
	@rm -rf $(@D)/root
	@mkdir -p $(@D)/root/root/zones $(@D)/root/usr/bin
	@cp $(TOOLS_BUILD)/hvisor $(TOOLS_BUILD)/hvisor-probe $(TOOLS_BUILD)/driver/hvisor.ko \
		$(TOOLS_BUILD)/driver/ivc.ko $(@D)/root/root/
	@ln -s /root/hvisor $(@D)/root/usr/bin/hvisor
	@cp $(ZONE_CONFIGS) $(ZONE_DTBS) $(@D)/root/root/zones/
	@cp $(LINUX_IMAGE) $(@D)/root/root/zones/Image
	@cp $(ZONE1_INITRD) $(@D)/root/root/zones/initramfs.cpio.gz
	@cp $(GUEST_BUILD)/zone1.bin $(@D)/root/root/zones/zone1-guest.bin
	@$(PYTHON) scripts/zone_config_for_board.py tests/guests/zone1/zone1-guest.json \
		$(PLAT_DIR)/configs/zone1-linux.json $(@D)/root/root/zones/zone1-guest.json
	@cp $(GUEST_BUILD)/vhostile.bin $(@D)/root/root/zones/vhostile.bin
	@$(PYTHON) scripts/zone_config_for_board.py tests/guests/vhostile/zone1-vhostile.json \
		$(PLAT_DIR)/configs/zone1-linux.json $(@D)/root/root/zones/zone1-vhostile.json
	@echo "  CPIO    $@"
	@$(PYTHON) scripts/mkcpio.py -o $@ $(@D)/root

# A checkout whose build_rootfs.sh predates the zone initramfs may have rebuilt the shared
# cache without it: build it again rather than stop.
$(LINUX_ZONE_INITRD):
	@bash scripts/build_rootfs.sh

# Linux unpacks concatenated archives; each must start 4-byte aligned.
$(ZONES_INITRD): $(LINUX_INITRD) $(TOOLS_CPIO)
	@cp $(LINUX_INITRD) $@.tmp
	@truncate -s %512 $@.tmp
	@cat $(TOOLS_CPIO) >> $@.tmp
	@mv $@.tmp $@

# zone1 Linux's initramfs: the zone initramfs of build_rootfs.sh plus ivc.ko and the probe
# under /root, so the tests can drive its side of the inter-VM channel with the root.
$(ZONE1_INITRD): $(LINUX_ZONE_INITRD) $(TOOLS_BUILD)/hvisor-probe $(TOOLS_BUILD)/driver/ivc.ko \
		scripts/mkcpio.py
	@rm -rf $(@D)/zone1-root
	@mkdir -p $(@D)/zone1-root/root
	@cp $(TOOLS_BUILD)/hvisor-probe $(TOOLS_BUILD)/driver/ivc.ko $(@D)/zone1-root/root/
	@$(PYTHON) scripts/mkcpio.py -o $@.extra $(@D)/zone1-root
	@cp $(LINUX_ZONE_INITRD) $@.tmp
	@truncate -s %512 $@.tmp
	@cat $@.extra >> $@.tmp
	@rm $@.extra
	@mv $@.tmp $@

-include $(TOOLS_BUILD)/hvisor.d $(TOOLS_BUILD)/hvisor-probe.d

# QEMU's virtio-mmio slots as zones use them (QEMU fills them from 31 down, so every
# device names its slot): 31 the root's disk, 29 zone1's console (passed through),
# 26 zone1's disk; 27, 28 and 30 stay free for the virtio devices hvisor emulates.
ZONE1_CONSOLE_SOCK ?= $(BUILD)/run/zone1-console.sock
# The root's disk in slot 31 is zone1's disk for the virtio daemon (docs/virtio.md): a copy
# of zone-disk.ext4 made once, so what zone1 writes stays across runs.
ZONE1_DISK := $(BUILD)/run/zone1-disk.ext4
ZONE1_QEMU_ARGS = -device virtio-serial-device,bus=virtio-mmio-bus.29,id=zone1serial \
	-chardev socket,id=zone1con,path=$(ZONE1_CONSOLE_SOCK),server=on,wait=off \
	-device virtconsole,bus=zone1serial.0,chardev=zone1con,name=zone1 \
	-drive file=$(ZONE1_DISK),if=none,format=raw,id=zone1disk \
	-device virtio-blk-device,drive=zone1disk,bus=virtio-mmio-bus.31

ZONES ?=
ifneq ($(filter-out zone1,$(ZONES)),)
$(error ZONES=$(ZONES): the zones this board knows are: zone1)
endif
ifneq ($(ZONES),)
ZONE0_INITRD := $(ZONES_INITRD)
override QEMU_EXTRA += $(ZONE1_QEMU_ARGS)
run: tools $(ZONE1_DISK)
endif

$(ZONE1_DISK):
	@mkdir -p $(@D)
	@cp --sparse=always $(ZONE_DISK) $@

# zone1's console while `make run ZONES=zone1` runs (in a second terminal).
zone1-console:
	@$(PYTHON) scripts/zone_console.py $(ZONE1_CONSOLE_SOCK)

# The zone tests boot the root Linux with this initramfs (tests/system/test_zones.py).
export ZONES_INITRD TOOLS_BUILD

# ---- tests ----
UNIT_TESTS := $(basename $(notdir $(wildcard tests/unit/test_*.c)))
UNIT_BUILD := build/unit
UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror $(PROTO_WARNINGS) $(INCLUDES) -Itests/unit \
	-DHV_MAX_CPUS=8 -DGIC_VERSION=3 -DUNIT_TEST -fsanitize=address,undefined -fno-omit-frame-pointer

# Each test lists the hypervisor sources it needs in a "// sources:" line. The headers of
# every one of its files go into its .d with a separate -MM pass: gcc -MMD -MF writes
# one file per translation unit, so each would overwrite the last.
define unit_rules
$(UNIT_BUILD)/$(1): tests/unit/$(1).c $$(shell sed -n 's|^// sources: ||p' tests/unit/$(1).c) \
		tests/unit/unit.h Makefile
	@mkdir -p $(UNIT_BUILD)
	@echo "  HOSTCC  $$@"
	@$(HOSTCC) $(UNIT_CFLAGS) -o $$@ tests/unit/$(1).c \
		$$(shell sed -n 's|^// sources: ||p' tests/unit/$(1).c) -lcmocka -lfdt -lcjson
	@$(HOSTCC) $(UNIT_CFLAGS) -MM -MP -MT $$@ tests/unit/$(1).c \
		$$(shell sed -n 's|^// sources: ||p' tests/unit/$(1).c) > $$@.d
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rules,$(t))))
-include $(UNIT_TESTS:%=$(UNIT_BUILD)/%.d)

unit-build: $(UNIT_TESTS:%=$(UNIT_BUILD)/%)

# The system tests read the board's facts and where things are from these
# (tests/system/runner.py); run by hand, the runner asks `make test-env` for them.
BUILD_DIR := $(BUILD)
TEST_GUEST := $(GUEST_BUILD)/basic.bin
GUEST_DIR := $(GUEST_BUILD)
LINUX_DTB := $(BUILD)/dts/zone0.dtb
TEST_ENV := BOARD BUILD_DIR IRQCHIP BOARD_NR_CPUS BOARD_ZONE0_CPUS ZONE0_ENTRY ZONE0_DTB_ADDR \
	ZONE0_INITRD_ADDR QEMU QEMU_MACHINE UBOOT_BIOS TEST_GUEST GUEST_DIR LINUX_IMAGE \
	LINUX_INITRD LINUX_DTB ZONE_DISK
export $(TEST_ENV)

test-env:
	@$(foreach v,$(TEST_ENV),echo '$(v)=$($(v))';)

test: setup
ifeq ($(QEMU_MACHINE),)
	@echo "make test runs on a QEMU board (BOARD=qemu-gicv3), not BOARD=$(BOARD)"; exit 1
endif
	@$(MAKE) --no-print-directory all guests unit-build rootfs tools
	@$(PYTHON) tests/run_all.py --unit-dir $(UNIT_BUILD) $(UNIT_TESTS)

# The same hypervisor without exit statistics: the bench prints what counting costs.
BENCH_NOSTATS := $(BUILD)/bench-nostats
# ... and with the root zone in direct interrupt mode: the interrupt latencies there.
BENCH_DIRECT := $(BUILD)/bench-direct
bench: setup all guests rootfs tools $(BLK_BENCH)
	@$(MAKE) --no-print-directory all EXIT_STATS=0 BUILD=$(BENCH_NOSTATS) >/dev/null
	@$(if $(filter 3,$(GIC_VERSION)),$(MAKE) --no-print-directory all ROOT_DIRECT_IRQ=1 BUILD=$(BENCH_DIRECT) >/dev/null)
	@$(PYTHON) scripts/bench.py --qemu $(QEMU) --machine "$(QEMU_MACHINE)" --hv-raw $(HV_RAW) \
		--hv-raw-nostats $(BENCH_NOSTATS)/hvisor.raw \
		$(if $(filter 3,$(GIC_VERSION)),--hv-raw-direct $(BENCH_DIRECT)/hvisor.raw) \
		--guest $(GUEST_BUILD)/bench.bin --guest-addr $(ZONE0_ENTRY) --log-dir $(BUILD)/bench \
		--zonectl $(GUEST_BUILD)/zonectl.bin --zone1 $(GUEST_BUILD)/zone1.bin \
		--linux --kernel $(LINUX_IMAGE) --dtb $(BUILD)/dts/zone0.dtb --dtb-addr $(ZONE0_DTB_ADDR) \
		--initrd $(LINUX_INITRD) --initrd-addr $(ZONE0_INITRD_ADDR)
	@TEST_LOG_DIR=$(BUILD)/bench $(PYTHON) scripts/bench_zone1.py --zone1-initrd $(ZONE1_INITRD)
	@TEST_LOG_DIR=$(BUILD)/bench $(PYTHON) scripts/bench_virtio.py --blk-bench $(BLK_BENCH)

# One benchmark operation instruction by instruction (scripts/bench_trace.py): AFTER is the
# BENCH line printed before its loop, PC a guest instruction of the loop (see bench.elf).
.PHONY: bench-trace
bench-trace: setup all guests
	@if [ -z "$(AFTER)" ] || [ -z "$(PC)" ]; then echo 'usage: make bench-trace AFTER="BENCH empty" PC=<address of the loop'"'"'s hvc in $(GUEST_BUILD)/bench.elf>' >&2; exit 1; fi
	@$(PYTHON) scripts/bench_trace.py --qemu $(QEMU) --machine "$(QEMU_MACHINE)" \
		--hv-raw $(HV_RAW) --hv-elf $(HV_ELF) --guest $(GUEST_BUILD)/bench.bin \
		--guest-elf $(GUEST_BUILD)/bench.elf --guest-addr $(ZONE0_ENTRY) \
		--after "$(AFTER)" --pc $(PC) $(if $(LIST),--list)

# ---- fuzzing: the fuzzing guest as the root zone, COUNT seeds from SEED at size SCALE ----
.PHONY: fuzz
SEED ?= 1
SCALE ?= 1
COUNT ?= 1
fuzz: setup all guests
	@$(PYTHON) scripts/fuzz.py --seed $(SEED) --scale $(SCALE) --count $(COUNT)

# ---- stress: long runs kept out of make test (zone start/shutdown cycles) ----
.PHONY: stress
STRESS_CYCLES ?= 1000
stress: setup all guests tools
	@ZONE_CYCLES=$(STRESS_CYCLES) VIRTIO_RESTARTS=20 $(PYTHON) tests/system/runner.py \
		--only test_zonectl_bare_metal --only test_virtio_zone1_linux \
		--only test_zones_cli_cycles

# ---- make cp: the TFTP folder U-Boot's tftp commands load from (docs/building.md) ----
# hvisor.bin and the board's DTBs; on a QEMU board also the root Linux (Image, initramfs),
# its zone0.dtb's /chosen saying where the initramfs goes (ZONE0_INITRD_ADDR), so that the
# guide's U-Boot line boots a whole system there; and whatever the board lists in
# TFTP_FILES (platform.mk, or the command line: e.g. the vendor kernel and DTB of an SDK).
TFTP_FILES ?=
TFTP_LINUX := $(if $(QEMU_MACHINE),$(LINUX_IMAGE) $(LINUX_INITRD))
# The zone configs (configs/*.json: zone1's linux2.json and virtio.json) go too: the root
# Linux's hvisor tool reads them beside zone1.dtb.
CP_FILES = $(HV_BIN) $(DTBS) $(wildcard $(PLAT_DIR)/configs/*.json) $(TFTP_FILES) $(TFTP_LINUX)
TFTP_ZONE0_DTB = $(TFTP_DIR)/$(notdir $(LINUX_DTB))
cp: all $(if $(TFTP_LINUX),rootfs)
	@missing="$(filter-out $(wildcard $(TFTP_FILES)),$(TFTP_FILES))"; if [ -n "$$missing" ]; \
	then echo "make cp: TFTP_FILES names files that do not exist: $$missing" >&2; exit 1; fi
	@mkdir -p $(TFTP_DIR)
	@cp $(CP_FILES) $(TFTP_DIR)/
	@if [ -n "$(TFTP_LINUX)" ] && [ -f $(TFTP_ZONE0_DTB) ]; then \
		$(PYTHON) scripts/hvc_qemu.py initrd-dtb $(TFTP_ZONE0_DTB) $(LINUX_INITRD) \
			$(ZONE0_INITRD_ADDR); fi
	@echo "copied to $(TFTP_DIR): $(notdir $(CP_FILES))"

# make run QEMU_BOOT=tftp: U-Boot fetches all from TFTP_DIR, filled by make cp first, with
# the guide's line (scripts/run_qemu.py), as on a board.
ifeq ($(QEMU_BOOT),tftp)
run: cp
endif
RUN_ARGS += --tftp-dir $(TFTP_DIR)

# ---- make monitor: OpenOCD on the board's JTAG/SWD probe, gdb attached (guide's JTAG part) ----
# The board names OpenOCD's probe and target scripts in platform.mk (OPENOCD_CFG); OpenOCD
# serves gdb on OPENOCD_GDB_PORT and gdb-multiarch attaches with the hypervisor's symbols,
# as make gdb does with QEMU's gdbstub. OpenOCD stops when gdb quits.
OPENOCD ?= openocd
OPENOCD_GDB_PORT ?= 3333
OPENOCD_LOG = $(BUILD)/openocd.log
.PHONY: monitor
monitor: $(if $(OPENOCD_CFG),$(HV_ELF))
ifeq ($(OPENOCD_CFG),)
	@echo "make monitor: BOARD=$(BOARD) names no OpenOCD target: set OPENOCD_CFG in" \
		"$(PLAT_DIR)/platform.mk (e.g. interface/jlink.cfg target/rk3566.cfg);" \
		"on QEMU use make gdb" >&2; exit 1
else
	@command -v $(OPENOCD) > /dev/null || { echo "make monitor: $(OPENOCD) not found:" \
		"apt-get install openocd, or OPENOCD=<path to the OpenOCD with your target>" >&2; exit 1; }
	@$(OPENOCD) -c "gdb_port $(OPENOCD_GDB_PORT)" $(addprefix -f ,$(OPENOCD_CFG)) \
		> $(OPENOCD_LOG) 2>&1 & pid=$$!; \
	for i in $$(seq 100); do grep -q "port $(OPENOCD_GDB_PORT)" $(OPENOCD_LOG) && break; \
		kill -0 $$pid 2> /dev/null || break; sleep 0.1; done; \
	if ! kill -0 $$pid 2> /dev/null; then \
		echo "make monitor: OpenOCD stopped ($(OPENOCD_LOG)):" >&2; cat $(OPENOCD_LOG) >&2; exit 1; fi; \
	gdb-multiarch -q -ex "file $(HV_ELF)" -ex "set architecture aarch64" \
		-ex "target remote :$(OPENOCD_GDB_PORT)"; kill $$pid 2> /dev/null; true
endif

disa: $(HV_ELF)
	@$(OBJDUMP) -d -S $< > $(BUILD)/hvisor.S
	@echo "wrote $(BUILD)/hvisor.S"

clean:
	rm -rf build

help:
	@echo "hvisor-c build. Variables: ARCH=$(ARCHES) BOARD=$(BOARDS)"
	@echo "  BOARD_DIR=<folder>  a board folder outside platform/ (named after the folder)"
	@echo "  LOG=$(LOG_LEVELS) (default info)  TFTP_DIR=$(TFTP_DIR)"
	@echo "  ZONE0=linux|guest (default linux)  ZONE0_KERNEL=<file> ZONE0_DTB=<file> ZONE0_INITRD=<file>"
	@echo "  QEMU_BOOT=kernel|uboot|tftp  QEMU_EXTRA=\"...\""
	@echo "  ZONES=zone1 (make run: the root initramfs carries the tools and zone1, docs/zones.md)"
	@echo "  ROOT_DIRECT_IRQ=1 (the root zone in direct interrupt mode, GICv3; docs/zones.md)"
	@echo "Targets:"
	@echo "  all     build $(BUILD)/hvisor.elf and hvisor.bin (U-Boot uImage)"
	@echo "  run     boot the board in QEMU: the root Linux from 'make rootfs' as zone0 (default),"
	@echo "          or with ZONE0=guest the bare-metal test guest $(GUEST_BUILD)/basic.bin"
	@echo "  rootfs  build the root Linux (Debian kernel, busybox initramfs) into $(LINUX_DIR)"
	@echo "  guests  build the test guests into $(GUEST_BUILD)/"
	@echo "  test    set up, build, run unit and system tests; ends with 'N passed, M failed'"
	@echo "  test-env  print what make test gives the system tests (the board's facts, paths)"
	@echo "  bench   instruction-count benchmarks under QEMU icount, each beside Bao's and its target;"
	@echo "          wall-clock ratios: root and zone1 Linux against native boots, virtio"
	@echo "  bench-trace  one benchmark operation per function: AFTER=\"BENCH ...\" PC=<guest address>"
	@echo "  fuzz    the fuzzing guest as the root zone: SEED=n SCALE=k COUNT=c (docs/security.md)"
	@echo "  tools   hvisor.ko, ivc.ko and the hvisor CLI for the root Linux (KDIR=<kernel build>)"
	@echo "  zone1-console  attach to zone1's console while make run ZONES=zone1 runs"
	@echo "  stress  zone start/shutdown cycles, STRESS_CYCLES=n (default 1000; make test runs 20)"
	@echo "  cp      fill TFTP_DIR for U-Boot's tftp: hvisor.bin, the board's DTBs, zone configs,"
	@echo "          TFTP_FILES; on QEMU boards the root Linux too (docs/building.md)"
	@echo "  disa    disassemble into $(BUILD)/hvisor.S"
	@echo "  gdb     QEMU halted with a gdbstub on :1234 and gdb-multiarch attached"
	@echo "  monitor OpenOCD with the board's OPENOCD_CFG (JTAG/SWD), gdb-multiarch attached"
	@echo "  clean   remove build/"
	@echo "  setup   install missing Debian packages and the arm64 libfdt (as root or with sudo)"
