# SPDX-License-Identifier: GPL-2.0
#
# make                 module (against KDIR) and userspace programs
# make install         DESTDIR=... installs all parts: install-module (nsbox.ko,
#                      then depmod), install-user (CLI, helper, uapi header,
#                      man page, YNL spec where the kernel's YNL tools install
#                      theirs, the nsbox@.service unit, bash completion) and
#                      install-cni (the CNI plugin, its man page and example)
# make uninstall       removes what install installed (DESTDIR=... as above)
# make deb             Debian packages nsbox-dkms, nsbox and nsbox-cni in $(BUILD)/deb
# make check           selftests in QEMU guests on Linux 6.1 and 6.12 and on
#                      their PREEMPT_RT builds, then the smoke on the cloud kernels
# make check-rt        the selftests on the PREEMPT_RT builds alone
# make check-kernel    the same on one kernel (KVER=..., default: the first)
# make check-debug     the selftests on a debug kernel (KASAN, lockdep, kmemleak...)
# make check-debug-full  the same with the fuzzer's 100,000 requests
# make demo / shell    a throwaway VM with nsbox loaded (KVER=... as above)
# make bench           the benchmark in one VM (KVER=... as above); BENCH_N,
#                      BENCH_ROUNDS, BENCH_EXEC_RUNS, BENCH_LIST_N, BENCH_CLIENTS,
#                      BENCH_LEVELS, BENCH_SECTIONS, BENCH_MEM, BENCH_PROFILE=1
#                      (perf); results in $(BUILD)/bench.txt, plot in bench.svg
# make check-smoke     a short smoke on a kernel without 9p (KVER=..., default:
#                      the first of SMOKE_KVERS, Debian's cloud kernels)
# make stage           the install tree a VM copies in: build/KVER/root (KVER as above)
# make deps            install the Debian packages the project needs (only when missing)
# make regen           regenerate include/uapi/linux/nsbox.h and kernel/netlink-gen.[ch]
#                      (ops and per-op policies) from the YNL spec

# one version for the module, the tools and the packages: dkms.conf's
VERSION     := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)
KVER        ?= $(shell uname -r)
KDIR        ?= /lib/modules/$(KVER)/build
PREFIX      ?= /usr
DESTDIR     ?=
CC          ?= gcc
HELPER_PATH ?= /usr/libexec/nsbox/nsbox-helper
BUILD       ?= build

# kernels `make check` boots, each with its own headers: the generic ones
# (the first is the default of check-kernel, demo, shell and bench), then
# the PREEMPT_RT builds, where spinlocks sleep and softirqs run in threads
CHECK_KVERS ?= $(shell scripts/kernels.sh generic rt 2>/dev/null)
RT_KVERS    ?= $(shell scripts/kernels.sh rt 2>/dev/null)
# kernels without 9p, which get only the smoke of check-smoke
SMOKE_KVERS ?= $(shell scripts/kernels.sh cloud 2>/dev/null)
# the kernel of check-kernel, demo and shell: KVER if given, not `uname -r`
VM_KVER      = $(if $(filter file,$(origin KVER)),$(firstword $(CHECK_KVERS)),$(KVER))
# the module `install` installs: the one built against KDIR, or for staging
# the per-kernel build
INSTALL_KO  ?= nsbox.ko
# the kernel build tree of build/KVER/nsbox.ko: the installed kernel's, or
# for check-debug the debug kernel's
MODULE_KDIR ?= /lib/modules/$*/build

export VERSION HELPER_PATH

PKG_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)
# How the CLI is linked: CLI_LINK=static, everything (the default: a
# create costs about a third of the dynamic one's in make bench, README
# "Linking"), or dynamic, libnl statically and libc dynamically. A static
# glibc's NSS lookups load modules at run time that must come from the
# glibc it was linked with, and the linker warns of each. nsbox makes
# none: it resolves user and group names with getent(1) (ids.c), and the
# lookups libnl's unused helpers reference are wrapped (nss.c), so that
# none is linked and the link has nothing to warn of.
CLI_LINK   ?= static
CLI_NSS_WRAPS := getaddrinfo getprotobyname getprotobynumber
CLI_LIBS_static  := -static $(foreach f,$(CLI_NSS_WRAPS),-Wl,--wrap=$(f)) \
	$(shell pkg-config --static --libs libnl-genl-3.0 2>/dev/null)
CLI_LIBS_dynamic := -Wl,-Bstatic $(PKG_LIBS) -Wl,-Bdynamic
CLI_LIBS   := $(CLI_LIBS_$(CLI_LINK))
USER_CFLAGS := -O2 -g -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -D_GNU_SOURCE -Iinclude/uapi \
	-DNSBOX_VERSION=\"$(VERSION)\" -DNSBOX_HELPER_PATH=\"$(HELPER_PATH)\" $(CFLAGS)

# userspace/lib: the small netlink helper the helper and the CLI share
LIB_SRCS    := $(wildcard userspace/lib/*.c)
LIB_HDRS    := $(wildcard userspace/lib/*.h)
CLI_SRCS    := $(wildcard userspace/nsbox/*.c) $(LIB_SRCS)
CLI_HDRS    := $(wildcard userspace/nsbox/*.h) $(LIB_HDRS)
TEST_SRCS   := $(wildcard selftests/*.c)
TEST_BINS   := $(patsubst selftests/%.c,$(BUILD)/bin/selftests/%,$(TEST_SRCS))
# programs the tests run, not tests themselves
PROG_SRCS   := $(wildcard selftests/progs/*.c)
PROG_BINS   := $(patsubst selftests/progs/%.c,$(BUILD)/bin/progs/%,$(PROG_SRCS))
# the fuzzer that tests/40-fuzz.sh runs, from selftests/fuzz/
FUZZ_BIN    := $(BUILD)/bin/progs/nsbox-fuzz
# what tests/45-faults.sh runs, from selftests/faults/
FAULTS_BIN  := $(BUILD)/bin/progs/nsbox-faults
# lib.sh's count of network namespaces, from selftests/netns/ (which
# nsbox-faults shares); static, as it runs hundreds of times
NETNS_BIN   := $(BUILD)/bin/progs/netns-count
NETNS_SRCS  := selftests/netns/netns.c selftests/netns/netns.h
# the host's TSC rate, which check-debug's guests are told (the debug
# kernel cannot measure it: selftests/vm/tsc-khz.c)
TSC_BIN     := $(BUILD)/bin/tsc-khz
# the benchmark's programs, run by selftests/bench/bench.sh
BENCH_SRCS  := $(wildcard selftests/bench/*.c)
BENCH_BINS  := $(patsubst selftests/bench/%.c,$(BUILD)/bin/bench/%,$(BENCH_SRCS)) \
	$(BUILD)/bin/bench/nsbox-static $(BUILD)/bin/bench/nsbox-dynamic

# make bench: sandboxes per measurement, starts of a program per
# alternative, sandboxes listed at once, clients at once, sandboxes live
# in the growth rows, and the guest memory that takes (20,000 whole
# sandboxes live take some 6.5 GB); BENCH_SECTIONS, a comma list, runs
# only those sections of bench.sh (empty: all)
BENCH_N         ?= 200
BENCH_ROUNDS    ?= 5
BENCH_EXEC_RUNS ?= 200
BENCH_LIST_N    ?= 10000
BENCH_CLIENTS   ?= 1,2,4,8
BENCH_LEVELS    ?= 0,1000,5000,20000
BENCH_SECTIONS  ?=
BENCH_MEM       ?= 10G
BENCH_PROFILE   ?=
# the guest reads them from its kernel command line
BENCH_APPEND     = NSBOX_BENCH_N=$(BENCH_N) NSBOX_BENCH_ROUNDS=$(BENCH_ROUNDS) \
		   NSBOX_BENCH_EXEC_RUNS=$(BENCH_EXEC_RUNS) \
		   NSBOX_BENCH_LIST_N=$(BENCH_LIST_N) NSBOX_BENCH_CLIENTS=$(BENCH_CLIENTS) \
		   NSBOX_BENCH_LEVELS=$(BENCH_LEVELS) NSBOX_BENCH_SECTIONS=$(BENCH_SECTIONS) \
		   NSBOX_BENCH_PROFILE=$(BENCH_PROFILE)

.PHONY: all module userspace tests install install-user install-cni install-module install-source \
	uninstall deb clean deps check check-kernel check-debug check-debug-full \
	check-fuzz demo shell \
	bench stage vm-check check-smoke check-rt regen FORCE

all: module userspace

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) NSBOX_VERSION=$(VERSION) NSBOX_HELPER_PATH=$(HELPER_PATH) modules

userspace: $(BUILD)/bin/nsbox $(BUILD)/bin/nsbox-helper $(BUILD)/bin/nsbox-cni

$(BUILD)/bin/nsbox: $(CLI_SRCS) $(CLI_HDRS) include/uapi/linux/nsbox.h
	@test -n "$(CLI_LIBS)" || { echo "CLI_LINK is static or dynamic" >&2; exit 1; }
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(PKG_CFLAGS) -Iuserspace/nsbox -Iuserspace/lib -o $@ $(CLI_SRCS) $(CLI_LIBS)

# the CLI linked each way, for the benchmark
$(BUILD)/bin/bench/nsbox-%: $(CLI_SRCS) $(CLI_HDRS) include/uapi/linux/nsbox.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(PKG_CFLAGS) -Iuserspace/nsbox -Iuserspace/lib -o $@ $(CLI_SRCS) $(CLI_LIBS_$*)

# the CNI plugin: its own sources, the CLI's request layer (all but its
# main()) and json-c. Linked as CLI_LINK=dynamic links the CLI: its start is
# small beside the IPAM plugin's that every ADD and DEL runs, so it does as
# Debian wants and takes json-c and libc as shared libraries.
CNI_SRCS    := $(wildcard userspace/cni/*.c) $(filter-out userspace/nsbox/main.c,$(CLI_SRCS))
CNI_HDRS    := $(wildcard userspace/cni/*.h) $(CLI_HDRS)
JSONC_CFLAGS := $(shell pkg-config --cflags json-c 2>/dev/null)
JSONC_LIBS  := $(shell pkg-config --libs json-c 2>/dev/null)
$(BUILD)/bin/nsbox-cni: $(CNI_SRCS) $(CNI_HDRS) include/uapi/linux/nsbox.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(PKG_CFLAGS) $(JSONC_CFLAGS) -Iuserspace/cni -Iuserspace/nsbox \
		-Iuserspace/lib -o $@ $(CNI_SRCS) $(CLI_LIBS_dynamic) $(JSONC_LIBS)

# static: it runs before anything is set up and must not depend on the
# filesystem view of a library search path. It is started for every
# program and every create the serving helper does not take, so it is
# linked against musl where musl-gcc is installed (make deps installs it):
# a static glibc program looks up /proc/self/exe and takes 26 page faults
# before main(), and its start costs three times a musl one under TCG.
# musl-gcc sees no kernel headers of its own: it gets the system's through
# a directory of links. Without musl-gcc, glibc does the same job.
HELPER_SRCS := $(wildcard userspace/helper/*.c) $(LIB_SRCS)
HELPER_HDRS := $(wildcard userspace/helper/*.h) $(LIB_HDRS)
MUSL_CC     ?= $(shell command -v musl-gcc 2>/dev/null)
HELPER_CC   := $(if $(MUSL_CC),$(MUSL_CC),$(CC))
HELPER_INC  := $(if $(MUSL_CC),-isystem $(BUILD)/musl-include)
$(BUILD)/bin/nsbox-helper: $(HELPER_SRCS) $(HELPER_HDRS) include/uapi/linux/nsbox.h
	@mkdir -p $(@D)
ifneq ($(MUSL_CC),)
	@mkdir -p $(BUILD)/musl-include
	@for d in linux asm-generic $$($(CC) -print-multiarch)/asm; do \
		ln -sfn /usr/include/$$d $(BUILD)/musl-include/$${d##*/} || exit 1; \
	done
endif
	$(HELPER_CC) $(USER_CFLAGS) $(HELPER_INC) -static -Iuserspace/helper -Iuserspace/lib -o $@ \
		$(HELPER_SRCS)

# the runtime's side of tests/28-cni.sh: the reference CNI library, libcni
# from Debian's golang-github-appc-cni-dev, built in GOPATH mode (offline,
# from /usr/share/gocode) and static, with Debian's Go
CNI_DRIVER  := $(BUILD)/bin/progs/cni-driver
$(CNI_DRIVER): selftests/cni/cni-driver.go
	@mkdir -p $(@D)
	GO111MODULE=off GOFLAGS= CGO_ENABLED=0 GOPATH=$(abspath $(BUILD))/gopath:/usr/share/gocode \
		GOCACHE=$(abspath $(BUILD))/gocache go build -o $@ $<

# the guests also get the kernel's YNL tools, in $(BUILD)/ynl, and the
# Debian packages that tests/90-package.sh installs
tests: userspace $(TEST_BINS) $(PROG_BINS) $(FUZZ_BIN) $(FAULTS_BIN) $(NETNS_BIN) $(TSC_BIN) \
	$(BENCH_BINS) $(CNI_DRIVER) $(BUILD)/deb/stamp
	@NSBOX_BUILD=$(abspath $(BUILD)) scripts/ynl-tools.sh >/dev/null

# include/uapi/linux/nsbox.h and kernel/netlink-gen.[ch] from the spec, with
# the kernel's generator
regen:
	scripts/ynl-regen.sh

# the kselftest harness defines functions without prototypes and takes
# unused parameters: it is a system header here, and its style is its own
TEST_CFLAGS := $(filter-out -Wmissing-prototypes,$(USER_CFLAGS)) -Wno-unused-parameter

$(BUILD)/kselftest/kselftest_harness.h:
	scripts/kselftest.sh $(BUILD)/kselftest

$(BUILD)/bin/selftests/%: selftests/%.c selftests/*.h include/uapi/linux/nsbox.h \
		$(BUILD)/kselftest/kselftest_harness.h
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $(PKG_CFLAGS) -Iselftests -isystem $(BUILD)/kselftest -o $@ $< $(PKG_LIBS) -lpthread

$(BUILD)/bin/progs/%: selftests/progs/%.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $<

$(FUZZ_BIN): $(wildcard selftests/fuzz/*.c selftests/fuzz/*.h) include/uapi/linux/nsbox.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $(wildcard selftests/fuzz/*.c) -lpthread

$(FAULTS_BIN): $(wildcard selftests/faults/*.c selftests/faults/*.h) $(NETNS_SRCS) \
		selftests/nsbox_genl.h include/uapi/linux/nsbox.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -Iselftests -Iselftests/netns -o $@ \
		$(wildcard selftests/faults/*.c) selftests/netns/netns.c

$(NETNS_BIN): selftests/netns/main.c $(NETNS_SRCS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -static -o $@ selftests/netns/main.c selftests/netns/netns.c

$(TSC_BIN): selftests/vm/tsc-khz.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $<

# the exec rows' no-op program: static, no dynamic loader
$(BUILD)/bin/bench/noop: selftests/bench/noop.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -static -o $@ $<

$(BUILD)/bin/bench/%: selftests/bench/%.c selftests/bench/bench.h selftests/nsbox_genl.h \
		include/uapi/linux/nsbox.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -Iselftests -o $@ $<

# What install-user installs, each as "SOURCE MODE DESTINATION" (nsbox-conf,
# the unit's program, beside the helper). The list is uninstall's too.
CONF_PATH   := $(dir $(HELPER_PATH))nsbox-conf
USER_FILES = \
	$(BUILD)/bin/nsbox 0755 $(PREFIX)/sbin/nsbox \
	$(BUILD)/bin/nsbox-helper 0755 $(HELPER_PATH) \
	$(BUILD)/nsbox-conf 0755 $(CONF_PATH) \
	$(BUILD)/nsbox@.service 0644 $(SYSTEMD_UNIT_DIR)/nsbox@.service \
	userspace/completion/nsbox 0644 $(PREFIX)/share/bash-completion/completions/nsbox \
	include/uapi/linux/nsbox.h 0644 $(PREFIX)/include/linux/nsbox.h \
	Documentation/nsbox.8 0644 $(PREFIX)/share/man/man8/nsbox.8 \
	Documentation/netlink/specs/nsbox.yaml 0644 $(PREFIX)/share/ynl/specs/nsbox.yaml
# the CNI plugin (its own package, nsbox-cni), where runtimes and Debian's
# containernetworking-plugins look for plugins
CNI_DIR ?= /usr/lib/cni
CNI_FILES = \
	$(BUILD)/bin/nsbox-cni 0755 $(CNI_DIR)/nsbox-cni \
	Documentation/nsbox-cni.8 0644 $(PREFIX)/share/man/man8/nsbox-cni.8 \
	Documentation/nsbox/nsbox-cni.conflist 0644 \
		$(PREFIX)/share/doc/nsbox-cni/examples/nsbox-cni.conflist
# where the unit goes: Debian 12's systemd looks in /lib/systemd/system
SYSTEMD_UNIT_DIR ?= /lib/systemd/system
# what DKMS builds the module from (install-source, for nsbox-dkms)
MODULE_SOURCES := Kbuild dkms.conf include/uapi/linux/nsbox.h \
	$(wildcard kernel/*.c kernel/*.h)

install: install-module install-user install-cni

# the unit and its program name the installed paths
$(BUILD)/nsbox-conf: userspace/nsbox-conf.in Makefile
	@mkdir -p $(@D)
	sed -e 's|@NSBOX@|$(PREFIX)/sbin/nsbox|g' $< >$@
$(BUILD)/nsbox@.service: userspace/nsbox@.service.in Makefile
	@mkdir -p $(@D)
	sed -e 's|@NSBOX_CONF@|$(CONF_PATH)|g' $< >$@

install-user: userspace $(BUILD)/nsbox-conf $(BUILD)/nsbox@.service
	@set -e; set -- $(USER_FILES); while [ $$# -gt 0 ]; do \
		echo "install -D -m $$2 $$1 $(DESTDIR)$$3"; \
		install -D -m "$$2" "$$1" "$(DESTDIR)$$3"; shift 3; \
	done

install-cni: $(BUILD)/bin/nsbox-cni
	@set -e; set -- $(CNI_FILES); while [ $$# -gt 0 ]; do \
		echo "install -D -m $$2 $$1 $(DESTDIR)$$3"; \
		install -D -m "$$2" "$$1" "$(DESTDIR)$$3"; shift 3; \
	done

install-module: $(INSTALL_KO)
	install -D -m 0644 $(INSTALL_KO) $(DESTDIR)/lib/modules/$(KVER)/extra/nsbox.ko
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

# the module's source as DKMS wants it: /usr/src/nsbox-VERSION
install-source:
	@set -e; for f in $(MODULE_SOURCES); do \
		install -D -m 0644 "$$f" "$(DESTDIR)/usr/src/nsbox-$(VERSION)/$$f"; \
	done

uninstall:
	@set -e; set -- $(USER_FILES) $(CNI_FILES); while [ $$# -gt 0 ]; do \
		rm -f "$(DESTDIR)$$3"; shift 3; \
	done
	-rmdir "$(DESTDIR)$(dir $(HELPER_PATH))" 2>/dev/null
	rm -f $(DESTDIR)/lib/modules/$(KVER)/extra/nsbox.ko
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

# The Debian packages (debian/), from a copy of the tracked files so that
# nothing built here gets in, then lintian, which must find no error.
deb: $(BUILD)/deb/stamp

# rebuilt when a tracked file changed
$(BUILD)/deb/stamp: $(wildcard $(shell git ls-files 2>/dev/null))
	rm -rf $(BUILD)/deb
	mkdir -p $(BUILD)/deb/nsbox-$(VERSION)
	git ls-files -z | xargs -0 cp --parents -t $(BUILD)/deb/nsbox-$(VERSION)
	cd $(BUILD)/deb/nsbox-$(VERSION) && dpkg-buildpackage -us -uc -b >../build.log 2>&1 || \
		{ tail -n 40 ../build.log; exit 1; }
	lintian --fail-on error $(BUILD)/deb/*.changes
	touch $@

# built by `module`
nsbox.ko: module

deps:
	@scripts/deps.sh

# The test VMs (selftests/vm/run-vm.sh) boot each kernel with the host's root
# filesystem as theirs and copy over it what `make install` installs, built
# for that kernel and staged in build/KVER/root. One boot per kernel runs
# all the tests.
stage:
	rm -rf $(BUILD)/$(VM_KVER)/root
	$(MAKE) --no-print-directory install KVER=$(VM_KVER) \
		DESTDIR=$(abspath $(BUILD))/$(VM_KVER)/root INSTALL_KO=$(BUILD)/$(VM_KVER)/nsbox.ko

# the selftests on one kernel, KVER (without deps and tests: see check)
vm-check:
	@rm -f $(BUILD)/$(KVER)/summary
	@$(MAKE) --no-print-directory stage KVER=$(KVER)
	NSBOX_BUILD=$(abspath $(BUILD)) selftests/vm/run-vm.sh $(KVER) check

# The smoke on one kernel that cannot mount the host's root (no 9p): the
# initramfs carries nsbox and all the smoke runs (run-vm.sh, smoke.sh).
SMOKE_KVER = $(if $(filter file,$(origin KVER)),$(firstword $(SMOKE_KVERS)),$(KVER))
check-smoke:
	@test -n "$(SMOKE_KVER)" || { echo "no kernel to smoke (make deps)" >&2; exit 1; }
	@rm -f $(BUILD)/$(SMOKE_KVER)/summary
	@$(MAKE) --no-print-directory stage KVER=$(SMOKE_KVER)
	NSBOX_BUILD=$(abspath $(BUILD)) selftests/vm/run-vm.sh $(SMOKE_KVER) smoke

# Every kernel is tested even when one fails, VM_JOBS at a time (each test
# VM is one host thread: see scripts/vm-jobs.sh), the slowest first, then
# the smoke on every kernel of SMOKE_KVERS. A kernel that did not get as far
# as running tests counts as one failure (scripts/vm-summary.sh).
VM_JOBS ?= $(shell nproc)
check: deps
	@$(MAKE) --no-print-directory tests
	@scripts/kernels.sh generic rt cloud >/dev/null
	@{ for k in $(RT_KVERS) $(filter-out $(RT_KVERS),$(CHECK_KVERS)); do \
		echo "$$k $(MAKE) --no-print-directory vm-check KVER=$$k"; \
	done; \
	for k in $(SMOKE_KVERS); do \
		echo "$$k $(MAKE) --no-print-directory check-smoke KVER=$$k"; \
	done; } | scripts/vm-jobs.sh $(VM_JOBS); \
	rc=$$?; echo; \
	scripts/vm-summary.sh $(BUILD) $(CHECK_KVERS) $(SMOKE_KVERS) && exit $$rc

# The tests on Debian's PREEMPT_RT kernels of 6.1 and 6.12 alone (check
# runs them too).
check-rt: deps
	@$(MAKE) --no-print-directory tests
	@scripts/kernels.sh rt >/dev/null
	@for k in $(RT_KVERS); do \
		echo "$$k $(MAKE) --no-print-directory vm-check KVER=$$k"; \
	done | scripts/vm-jobs.sh $(VM_JOBS); \
	rc=$$?; echo; \
	scripts/vm-summary.sh $(BUILD) $(RT_KVERS) && exit $$rc

# the fuzzer alone, e.g. with NSBOX_VM_APPEND="NSBOX_FUZZ_N=100000 NSBOX_FUZZ_SEED=42"
check-fuzz: deps
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory stage KVER=$(VM_KVER)
	NSBOX_BUILD=$(abspath $(BUILD)) NSBOX_TESTS=40-fuzz.sh \
		NSBOX_VM_APPEND="$(NSBOX_VM_APPEND)" \
		selftests/vm/run-vm.sh $(VM_KVER) check

check-kernel: deps
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory vm-check KVER=$(VM_KVER)

# The selftests on Linux 6.1 built with KASAN, UBSAN, lockdep, kmemleak and
# the reference trackers (selftests/vm/debug.config). scripts/debug-kernel.sh
# builds it once per machine, outside the repository (about 10 min), and
# prints where; nsbox.ko is built against that tree, with debug info for
# scripts/faddr2line. run-vm.sh boots its image, with no modules but nsbox
# (everything else is built in), and the guest checks for leaks at the end.
# The fuzzer sends DEBUG_FUZZ_N requests there, within DEBUG_FUZZ_SECONDS,
# which must leave room for its checks in the test's timeout
# (DEBUG_TEST_TIMEOUT); check-debug-full is the run with 100,000.
# The guests are given the host's TSC rate, which that kernel (no ACPI,
# hence no HPET) cannot measure under TCG, and told to trust the TSC (its
# checks would not, with both vCPUs taking turns on one host thread):
# otherwise it keeps time with jiffies, which lose ticks under load.
DEBUG_FUZZ_N       ?= 30000
DEBUG_FUZZ_SECONDS ?= 600
DEBUG_TEST_TIMEOUT ?= 2400
# module load/unload cycles of 10-family.sh: some 3 s each on that kernel
DEBUG_RELOAD_CYCLES ?= 30
# pods of 28-cni.sh: 20 elsewhere, 161 s of that kernel's time; what the
# debug kernel checks (lockdep, KASAN, leaks) a few pods exercise as well
DEBUG_CNI_PODS ?= 8
DEBUG_APPEND = NSBOX_FUZZ_N=$(DEBUG_FUZZ_N) NSBOX_FUZZ_SECONDS=$(DEBUG_FUZZ_SECONDS) \
	NSBOX_RELOAD_CYCLES=$(DEBUG_RELOAD_CYCLES) NSBOX_CNI_PODS=$(DEBUG_CNI_PODS)
# The debug tier's tests in two VMs at once, each with its own checks at the
# end (kmemleak included): the two longest files with the CNI, link and
# program-scale, cgroup and restart tests (some 1080 s of that kernel's
# time), and all the others (some 1040 s). With NSBOX_TESTS, only those, in one VM.
DEBUG_PART1 ?= 45-faults.sh 50-permissions.sh 28-cni.sh 74-prog-scale.sh \
	       75-prog-cgroup.sh 76-prog-restart.sh 30-links.sh
DEBUG_PART2  = $(filter-out $(DEBUG_PART1),$(notdir $(wildcard selftests/tests/*.sh)) \
		$(notdir $(basename $(TEST_SRCS))))
check-debug-full:
	@NSBOX_VM_TIMEOUT=$${NSBOX_VM_TIMEOUT:-7200} \
	$(MAKE) --no-print-directory check-debug DEBUG_FUZZ_N=100000 \
		DEBUG_FUZZ_SECONDS=2400 DEBUG_TEST_TIMEOUT=2700

check-debug: deps
	@$(MAKE) --no-print-directory tests
	@dir=$$(scripts/debug-kernel.sh) && kver=$$(cat "$$dir/release") || exit 1; \
	KCFLAGS=-g $(MAKE) --no-print-directory stage KVER=$$kver MODULE_KDIR=$$dir/build || exit 1; \
	export NSBOX_BUILD=$(abspath $(BUILD)) NSBOX_KERNEL_IMAGE=$$dir/bzImage \
		NSBOX_KERNEL_MODULES=$$dir/modroot/lib/modules/$$kver \
		NSBOX_TEST_TIMEOUT=$(DEBUG_TEST_TIMEOUT) \
		NSBOX_VM_APPEND="tsc_early_khz=$$($(TSC_BIN)) tsc=reliable $(DEBUG_APPEND) $(NSBOX_VM_APPEND)"; \
	if [ -n "$${NSBOX_TESTS:-}" ]; then \
		set -- "selected $$NSBOX_TESTS"; \
	else \
		set -- "part1 $(DEBUG_PART1)" "part2 $(DEBUG_PART2)"; \
	fi; \
	for p; do \
		rm -f $(BUILD)/$$kver/$${p%% *}/summary; \
		echo "$${p%% *} NSBOX_VM_RUN=$${p%% *} NSBOX_TESTS='$${p#* }' selftests/vm/run-vm.sh $$kver check"; \
	done | scripts/vm-jobs.sh $(VM_JOBS); \
	rc=$$?; echo; \
	scripts/vm-summary.sh $(BUILD) $$(for p; do echo "$$kver/$${p%% *}"; done) && exit $$rc

# The benchmark (selftests/bench/bench.sh) in one VM of the first kernel,
# with memory for the most sandboxes it keeps at once. It prints the table
# and ratio lines and saves them in $(BUILD)/bench.txt, and plots them in
# $(BUILD)/bench.svg (scripts/bench-plot.sh), also when the run failed
# after its results (the kernel logged a warning, say); it fails only when
# a measurement went wrong or the kernel complained, not when a target is
# missed.
bench: deps
	@$(MAKE) --no-print-directory userspace $(BENCH_BINS)
	@$(MAKE) --no-print-directory stage KVER=$(VM_KVER)
	rm -f $(BUILD)/bench.txt $(BUILD)/bench.svg; \
	NSBOX_BUILD=$(abspath $(BUILD)) NSBOX_VM_MEM=$(BENCH_MEM) \
		NSBOX_VM_APPEND="$(BENCH_APPEND) $(NSBOX_VM_APPEND)" \
		selftests/vm/run-vm.sh $(VM_KVER) bench; rc=$$?; \
	[ ! -s $(BUILD)/bench.txt ] || scripts/bench-plot.sh $(BUILD)/bench.txt $(BUILD)/bench.svg; \
	exit $$rc

demo shell: deps
	@$(MAKE) --no-print-directory stage KVER=$(VM_KVER)
	NSBOX_BUILD=$(abspath $(BUILD)) selftests/vm/run-vm.sh $(VM_KVER) $@

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	rm -rf $(BUILD)

# Out-of-tree module for one kernel, built in its own copy of the sources so
# that several kernels can be built side by side: build/KVER/nsbox.ko
$(BUILD)/%/nsbox.ko: FORCE
	@mkdir -p $(BUILD)/$*/src
	@cp -a Kbuild kernel include $(BUILD)/$*/src/
	$(MAKE) -C $(MODULE_KDIR) M=$(abspath $(BUILD))/$*/src \
		NSBOX_VERSION=$(VERSION) NSBOX_HELPER_PATH=$(HELPER_PATH) W=$(W) modules
	@cp $(BUILD)/$*/src/nsbox.ko $@

FORCE:
