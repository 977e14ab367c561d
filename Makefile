# SPDX-License-Identifier: GPL-2.0
#
# Build the project's kernel modules as external modules.
#
#   make                      # against the default test kernel (built and cached
#                             # by scripts/build-kernel.sh on first use)
#   make KDIR=/path/to/tree   # against your own kernel build tree (CONFIG_RUST=y)
#   make KDIR=... ARCH=arm64  # for a board (ARCH is read from KDIR's .config
#                             # when not given; LLVM=-19 cross-compiles)
#   make CLIPPY=1             # with the kernel's clippy lints (rust-web-clippy)
#   make check                # host tests + the VM test suite
#   make clean

KDIR ?= $(shell scripts/build-kernel.sh)
# The tree's architecture, when not given (a cross-built arm64 tree).
ARCH ?= $(shell sed -n 's/^CONFIG_ARM64=y$$/arm64/p' $(KDIR)/.config 2>/dev/null)
LLVM ?= -19
RUSTC ?= /usr/bin/rustc
# `make CLIPPY=1`: the kernel's clippy run; the driver must match RUSTC.
CLIPPY_DRIVER ?= $(dir $(RUSTC))clippy-driver
BINDGEN ?= $(shell command -v bindgen || echo $(HOME)/.cargo/bin/bindgen)

kbuild = $(MAKE) -C $(KDIR) M=$(CURDIR) LLVM=$(LLVM) RUSTC=$(RUSTC) CLIPPY_DRIVER=$(CLIPPY_DRIVER) \
	BINDGEN=$(BINDGEN) $(if $(ARCH),ARCH=$(ARCH))

.PHONY: modules clean cli check demo
# Objects built against another tree would link against its symbols (a
# debug kernel's lockdep hooks, say): switching trees starts clean.
modules:
	@if [ "$$(cat .kdir 2>/dev/null)" != "$(abspath $(KDIR))" ]; then \
		$(MAKE) --no-print-directory clean; echo "$(abspath $(KDIR))" >.kdir; fi
	+$(kbuild) modules

# Without the kernel tree: removes what Kbuild writes into this tree.
clean:
	find . \( -path ./.git -o -name target \) -prune -o \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name '.*.d' -o -name 'modules.order' \) \
		-type f -print0 | xargs -0 rm -f
	rm -f Module.symvers rust/bindings_generated.rs .kdir

cli:
	cd tools && cargo build --release --quiet

check:
	scripts/run-tests.sh

demo:
	scripts/demo.sh
