# SPDX-License-Identifier: GPL-2.0
#
# make                 module (against KDIR) and userspace programs
# make install         DESTDIR=... installs CLI, helper, module and uapi header
# make check           selftests in QEMU guests on Linux 6.1 and 6.12
# make demo / shell    a throwaway VM with nsbox loaded
# make deps            install the Debian packages the project needs (only when missing)

VERSION     := 0.1.0
KVER        ?= $(shell uname -r)
KDIR        ?= /lib/modules/$(KVER)/build
PREFIX      ?= /usr
DESTDIR     ?=
CC          ?= gcc
HELPER_PATH ?= /usr/libexec/nsbox/nsbox-helper
BUILD       ?= build

# kernels `make check` boots: each with its own headers
CHECK_KVERS ?= $(shell scripts/kernels.sh)

export VERSION HELPER_PATH

PKG_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)
USER_CFLAGS := -O2 -g -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -D_GNU_SOURCE -Iinclude/uapi \
	-DNSBOX_VERSION=\"$(VERSION)\" -DNSBOX_HELPER_PATH=\"$(HELPER_PATH)\" $(CFLAGS)

CLI_SRCS    := $(wildcard userspace/nsbox/*.c)
CLI_HDRS    := $(wildcard userspace/nsbox/*.h)
TEST_SRCS   := $(wildcard selftests/*.c)
TEST_BINS   := $(patsubst selftests/%.c,$(BUILD)/bin/selftests/%,$(TEST_SRCS))

.PHONY: all module userspace tests install clean deps check check-kernel demo shell FORCE

all: module userspace

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) NSBOX_VERSION=$(VERSION) NSBOX_HELPER_PATH=$(HELPER_PATH) modules

userspace: $(BUILD)/bin/nsbox $(BUILD)/bin/nsbox-helper

$(BUILD)/bin/nsbox: $(CLI_SRCS) $(CLI_HDRS) include/uapi/linux/nsbox.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(PKG_CFLAGS) -Iuserspace/nsbox -o $@ $(CLI_SRCS) $(PKG_LIBS)

# static: it runs before anything is set up and must not depend on the
# filesystem view of a library search path
$(BUILD)/bin/nsbox-helper: userspace/helper/nsbox-helper.c include/uapi/linux/nsbox.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -static -o $@ $<

tests: userspace $(TEST_BINS)

$(BUILD)/bin/selftests/%: selftests/%.c selftests/*.h include/uapi/linux/nsbox.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(PKG_CFLAGS) -Iselftests -I$(BUILD)/kselftest -o $@ $< $(PKG_LIBS) -lpthread

install: all
	install -D -m 0755 $(BUILD)/bin/nsbox $(DESTDIR)$(PREFIX)/sbin/nsbox
	install -D -m 0755 $(BUILD)/bin/nsbox-helper $(DESTDIR)$(HELPER_PATH)
	install -D -m 0644 include/uapi/linux/nsbox.h $(DESTDIR)$(PREFIX)/include/linux/nsbox.h
	install -D -m 0644 Documentation/nsbox.8 $(DESTDIR)$(PREFIX)/share/man/man8/nsbox.8
	install -D -m 0644 nsbox.ko $(DESTDIR)/lib/modules/$(KVER)/extra/nsbox.ko
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

deps:
	scripts/deps.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	rm -rf $(BUILD)

# Out-of-tree module for one kernel, built in its own copy of the sources so
# that several kernels can be built side by side: build/KVER/nsbox.ko
$(BUILD)/%/nsbox.ko: FORCE
	@mkdir -p $(BUILD)/$*/src
	@cp -a Kbuild kernel include $(BUILD)/$*/src/
	$(MAKE) -C /lib/modules/$*/build M=$(CURDIR)/$(BUILD)/$*/src \
		NSBOX_VERSION=$(VERSION) NSBOX_HELPER_PATH=$(HELPER_PATH) W=$(W) modules
	@cp $(BUILD)/$*/src/nsbox.ko $@

FORCE:
