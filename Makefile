# nsbox: one static multicall binary. `make` builds ./nsbox, `make test` runs
# every test (root tests in throwaway namespaces), `make bench` compares
# with iproute2 and util-linux.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
TAGS := urfave_cli_no_docs,urfave_cli_no_suggest
# The release number lives in applets/applet/VERSION (the applet package
# embeds it). COMMIT, the commit built from, and SOURCE_DATE_EPOCH, its time
# (the release tarballs' timestamps), come from git in a checkout of this
# tree (not from a repository around an unpacked tarball), else from
# applets/applet/COMMIT, which `git archive` fills in (.gitattributes
# export-subst).
VERSION := $(shell cat applets/applet/VERSION)
GOARCH_NATIVE := $(shell $(GO) env GOARCH)
IN_GIT := $(shell [ "$$(git rev-parse --show-prefix 2>/dev/null || echo no)" = "" ] && echo yes)
COMMIT ?= $(if $(IN_GIT),$(shell git describe --always --dirty --abbrev=7 --match=no-tags-wanted),$(shell sed -n 's/^\([0-9a-f]\{7,\}\) [0-9]*$$/\1/p' applets/applet/COMMIT))
SOURCE_DATE_EPOCH ?= $(or $(if $(IN_GIT),$(shell git log -1 --format=%ct),$(shell sed -n 's/^[0-9a-f]\{7,\} \([0-9]*\)$$/\1/p' applets/applet/COMMIT)),0)
LDFLAGS := -s -w -X nsbox/applets/applet.Commit=$(COMMIT)
# -buildvcs=false: a checkout and its tarball give the same binary.
GOBUILD = $(GO) build -trimpath -buildvcs=false
# The default build carries nslib's pre-runtime C stage (nsenter -U/-T),
# linked statically against musl; `make build-purego` (CGO_ENABLED=0) is
# the variant for cross-compiling, without user/time namespace joins.
export CGO_ENABLED ?= 1
# netgo,osusergo keep libc's resolver and NSS out of the cgo build (-37 KB).
comma := ,
space := $(subst ,, )
MUSL_CC ?= musl-gcc
# EXTLDFLAGS: more flags for the C linker (a cross target's).
EXTLDFLAGS ?=
STATIC_CGO := $(if $(filter 1,$(CGO_ENABLED)),-linkmode external -extldflags "-static -Wl$(comma)--gc-sections$(if $(EXTLDFLAGS), $(EXTLDFLAGS))")
# The binary goes into flash and initramfs images: make fails above this.
SIZE_BUDGET := 4500000
# EXTRA_TAGS: more build tags, e.g. nsbox_nofastpath (the tests' and the
# bench's Go-path twin: the fast path turned off).
EXTRA_TAGS ?=
# APPLETS: the applets to build, any of the five (make build
# APPLETS="netns nsenter"); the tag nsbox_no_NAME leaves out each other one
# (applets/NAME.go, and nslib/prestage/no_NAME.go for the stage's C): its
# package is not linked in, --list does not show it, and the stage takes
# none of its command lines.
ALL_APPLETS := netns nsmove nsenter lsns unshare
APPLETS ?= $(ALL_APPLETS)
ifneq ($(filter-out $(ALL_APPLETS),$(APPLETS))$(if $(strip $(APPLETS)),,none),)
$(error APPLETS="$(APPLETS)": name one or more of $(ALL_APPLETS))
endif
BUILD_TAGS := $(TAGS)$(if $(STATIC_CGO),$(comma)netgo$(comma)osusergo)$(if $(EXTRA_TAGS),$(comma)$(EXTRA_TAGS))$(subst $(space),,$(foreach a,$(filter-out $(APPLETS),$(ALL_APPLETS)),$(comma)nsbox_no_$(a)))

.PHONY: vmtest vmtest-long test-byteorder all deps test-deps build build-purego test test-go-min unit test-hermetic fuzz fuzz-short bench size cross cross-deps cross-build release install install-initramfs clean docs

all: build

# $(call apt_install,PACKAGES): install the Debian packages not yet there.
apt_install = @missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

# What building needs: musl-gcc for the static cgo build, and the modules.
deps:
	$(call apt_install,musl-tools)
	$(GO) mod download

# What only the tests need: iproute2 and util-linux are the anchors the
# differential tests compare against (procps and psmisc: ps, pgrep, killall
# in their scripts); bash-completion, zsh and fish run the completion tests;
# strace shows which runs start the Go runtime; man-db and groff-base render
# the man pages (docs/gen TestManPages).
test-deps:
	$(call apt_install,iproute2 util-linux procps psmisc bash-completion zsh fish strace man-db groff-base)

# OUT: where the binary goes (the tests build theirs with `make build OUT=…`,
# so they test the binary that ships).
OUT ?= nsbox
build:
	$(if $(STATIC_CGO),CC=$(MUSL_CC)) $(GOBUILD) -tags $(BUILD_TAGS) -ldflags '$(LDFLAGS) $(STATIC_CGO)' -o $(OUT) .
	@if file $(OUT) 2>/dev/null | grep -q dynamically || ldd $(OUT) >/dev/null 2>&1; then \
	  echo "$(OUT) is not statically linked" >&2; exit 1; fi
	@size=$$(stat -c %s $(OUT)); echo "$(OUT): $$size bytes (static, stripped; budget $(SIZE_BUDGET))"; \
	  if [ $$size -gt $(SIZE_BUDGET) ]; then echo "$(OUT) is over its size budget" >&2; exit 1; fi

build-purego:
	$(MAKE) build CGO_ENABLED=0

# The whole suite: vet, unit and root tests (and the root tests that read
# the mount table and the run dir again on a host-like state), the
# hand-laid kernel structures on big-endian and 32-bit CPUs, and every
# fuzz target for a few seconds.
test: deps test-deps build test-go-min unit test-hermetic test-byteorder fuzz-short vmtest

# The oldest Go that builds nsbox (go.mod's go line) makes the binary that
# ships, vets, compiles every test and runs the fast-path and dispatch tests
# on that binary (named nsbox: the stage knows it by that name); the module
# proxy serves that toolchain.
GO_MIN := $(shell sed -n 's/^go //p' go.mod)
test-go-min: export GOTOOLCHAIN := go$(GO_MIN)
test-go-min:
	@mkdir -p build/go$(GO_MIN) && $(MAKE) -s build OUT=build/go$(GO_MIN)/nsbox
	$(GO) vet ./... && $(GO) vet -tags vmtest ./tests/vmtest/
	$(GO) test -count=1 -run '^$$' ./... >/dev/null
	NSBOX_TEST_BINARY=$(CURDIR)/build/go$(GO_MIN)/nsbox $(GO) test -count=1 -run 'TestDispatch|TestFastPath$$|TestAffinityRestored' . ./nslib/prestage/

# On real kernels in qemu (TCG): Wi-Fi radio moves (Debian's kernel with
# mac80211_hwsim), nsenter -n:ID (Debian unstable's, Linux >= 6.19) and
# `make cross`'s builds on Debian's arm64, armhf and mipsel kernels and a
# big-endian MIPS one built from Debian's source (a short
# workflow; `make vmtest-long` adds the Wi-Fi VM's whole script on them);
# prepare.sh installs qemu and fetches the kernels.
vmtest:
	tests/vmtest/prepare.sh
	set -o pipefail; $(GO) test -tags vmtest -count=1 -v ./tests/vmtest/ | grep -E '^(VMTEST|--- |ok|FAIL|PASS)'
vmtest-long: export NSBOX_VMTEST_LONG := 1
vmtest-long: vmtest

# The tests of the hand-laid kernel structures, the netlink and nl80211
# decoders and their fuzz seeds on 32-bit big-endian MIPS and 32-bit ARM,
# under qemu-user (go test -exec): byte order and 32-bit alignment. Only
# encoding tests: qemu-user has no faithful namespaces or netlink, the VMs
# (make vmtest) run the rest.
CROSS_UNIT_TESTS := ByteOrder|ReadNumDir|KernelAction|IfinfoIndex|Decode|MountInfo|NSFSRoot|LinkIno|ValidName|PhysSplitDump|Interfaces|MovePhy|^Fuzz
test-byteorder:
	$(call apt_install,qemu-user-static)
	GOARCH=mips GOMIPS=softfloat CGO_ENABLED=0 $(GO) test -count=1 -exec qemu-mips-static -run '$(CROSS_UNIT_TESTS)' ./nslib/ ./nslib/nsid/ ./nslib/link/ ./nslib/enter/ ./nslib/rundir/ ./nslib/procscan/ ./wifi/
	GOARCH=arm GOARM=7 CGO_ENABLED=0 $(GO) test -count=1 -exec qemu-arm-static -run '$(CROSS_UNIT_TESTS)' ./nslib/ ./nslib/nsid/ ./nslib/link/ ./nslib/enter/ ./nslib/rundir/ ./nslib/procscan/ ./wifi/

unit:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...

# Those root tests again with /run/netns mounted, a namespace bound outside
# /run and a non-empty /etc/netns, all in a private mount namespace (the
# host is left as it was).
test-hermetic:
	GO=$(GO) tests/hermetic.sh

# Budgets are execution counts (a few seconds a target here), not times:
# with a wall-clock -fuzztime, the fuzz coordinator of every Go before 1.27
# (go.mod's 1.24 included) can fail a target with a bare "context deadline
# exceeded" as the time runs out (golang/go#75804); a count has no deadline
# to race.
FUZZTIME ?= 150000x
fuzz-short:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg >/tmp/nsbox-fuzz.log 2>&1 || { cat /tmp/nsbox-fuzz.log; exit 1; }; \
	  done; done

fuzz:
	$(MAKE) fuzz-short FUZZTIME=6000000x

bench: build
	bash bench/run.sh

# Sizes of the native and cross builds, and what each package costs (symbol sizes of an unstripped build).
# SIZE_SUBSETS: the trimmed builds (APPLETS, commas for spaces) whose
# stripped sizes make size prints for every architecture.
SIZE_SUBSETS := netns netns,nsenter nsenter,unshare lsns
size: build cross
	@printf '%-20s %9s %9s\n' binary stripped 'xz -9e'; for f in nsbox $(CROSS:%=build/nsbox-%); do \
	  printf '%-20s %9d %9d\n' $$f $$(stat -c %s $$f) $$(xz -9e -c $$f | wc -c); done
	@echo; mkdir -p build/size; printf '%-16s' 'stripped, APPLETS'; for t in $(GOARCH_NATIVE) $(CROSS); do printf ' %9s' $$t; done; echo; \
	  printf '%-16s' all; for f in nsbox $(CROSS:%=build/nsbox-%); do printf ' %9d' $$(stat -c %s $$f); done; echo; \
	  set -e; for s in $(SIZE_SUBSETS); do printf '%-16s' $$s; a="$${s//,/ }"; \
	    $(MAKE) -s build APPLETS="$$a" OUT=build/size/nsbox-$$s >/dev/null; printf ' %9d' $$(stat -c %s build/size/nsbox-$$s); \
	    for t in $(CROSS); do { $(call cross_build,t,build/size/nsbox-$$s-$$t,APPLETS="$$a"); } >/dev/null; \
	      printf ' %9d' $$(stat -c %s build/size/nsbox-$$s-$$t); done; echo; done
	@mkdir -p build && CGO_ENABLED=0 $(GO) build -trimpath -tags $(TAGS) -o build/nsbox.sym .
	@$(GO) tool nm -size build/nsbox.sym | awk '$$3 ~ /^[TtRrDdBb]$$/ { n = $$4; sub(/\(.*/, "", n); \
	  k = split(n, p, "."); pkg = p[1]; for (i = 2; i < k && p[i] ~ /^[a-z0-9_\/-]+$$/; i++) pkg = pkg "." p[i]; \
	  s[pkg] += $$2 } END { for (q in s) printf "%9d  %s\n", s[q], q }' | sort -rn | head -25

# Router CPUs: the full build (pre-runtime stage included, static musl)
# for each CROSS target, into build/nsbox-TARGET. cross/deps.sh installs
# Debian's cross gcc and puts musl (Debian's musl-dev, or built from
# Debian's source for big-endian mips) and a musl-gcc for each target
# (CROSS_CACHE/TARGET/cc) in CROSS_CACHE.
CROSS_CACHE ?= $(or $(NSBOX_CROSS_CACHE),/var/cache/nsbox-cross)
CROSS := arm64 armv7 mipsle mips
# $(call cross_build,T,OUT[,MAKE-ARGS]) for a shell variable T (a CROSS
# target) runs `make build` for it into OUT. Go's MIPS objects are soft-float (router
# cores mostly lack an FPU), musl and libgcc are hard-float as Debian
# builds them: ld would warn about the labels, but no floating-point value
# crosses between them (the C passes only integers and pointers), and the
# kernel emulates the FPU where musl's own code uses one.
cross_build = case $$$(1) in arm64) e="GOARCH=arm64";; armv7) e="GOARCH=arm GOARM=7";; \
	  mipsle) e="GOARCH=mipsle GOMIPS=softfloat";; mips) e="GOARCH=mips GOMIPS=softfloat";; \
	  *) echo "unknown cross target $$$(1) (one of $(CROSS))" >&2; exit 1;; esac; \
	  env GOOS=linux $$e $(MAKE) -s build OUT=$(2) MUSL_CC=$(CROSS_CACHE)/$$$(1)/cc $(3) \
	    EXTLDFLAGS="$$(case $$$(1) in mips*) echo -Wl,--no-warn-mismatch;; esac)"
cross-deps:
	cross/deps.sh $(CROSS_CACHE)
cross: cross-deps
	@mkdir -p build; set -e; for t in $(CROSS); do $(call cross_build,t,build/nsbox-$$t); done
# One target into OUT (the VM tests build theirs so): make cross-build
# TARGET=arm64 OUT=….
cross-build: cross-deps
	@t=$(TARGET); $(call cross_build,t,$(OUT))

# One reproducible tarball per target in DIST (the default build for amd64,
# the same full build for CROSS) with the binary, man pages, completions,
# LICENSE, README.md and CHANGELOG.md, and SHA256SUMS: file times are the
# commit's, owners root, names sorted, gzip without name or time.
# RELEASE_CROSS narrows the cross targets (the reproducibility test).
DIST ?= dist
RELEASE_CROSS ?= $(CROSS)
release: $(if $(strip $(RELEASE_CROSS)),cross-deps)
	rm -rf $(DIST) && mkdir -p $(DIST)
	set -e; for t in native $(RELEASE_CROSS); do \
	  arch=$$t; [ $$t != native ] || arch=$$($(GO) env GOARCH); \
	  name=nsbox-$(VERSION)-linux-$$arch; stage=$(DIST)/$$name; \
	  install -d -m 0755 $$stage $$stage/man $$stage/completions; \
	  if [ $$t = native ]; then $(MAKE) -s build OUT=$$stage/nsbox; else $(call cross_build,t,$$stage/nsbox); fi; \
	  install -m 0644 LICENSE README.md CHANGELOG.md $$stage/; \
	  install -m 0644 docs/man/* $$stage/man/; install -m 0644 docs/completions/* $$stage/completions/; \
	  tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime=@$(SOURCE_DATE_EPOCH) \
	    -C $(DIST) -cf - $$name | gzip -n -9 >$$stage.tar.gz; \
	  rm -rf $$stage; done
	cd $(DIST) && sha256sum *.tar.gz >SHA256SUMS && cat SHA256SUMS

# Man pages and shell completions from the CLI definitions (the generator
# is built with docs).
docs:
	$(GO) run ./docs/gen docs

# PREFIX (default /usr/local) and DESTDIR go to install.sh.
PREFIX ?= /usr/local
install: build
	./install.sh --prefix $(PREFIX)

# The initramfs-tools hook and the dracut module (contrib/README.md), each
# where its tool looks, for the tools installed here (both with DESTDIR).
# They copy the nsbox `make install` put in PREFIX/bin; the next
# update-initramfs -u or dracut -f builds it into the image.
INITRAMFS_HOOKS ?= /etc/initramfs-tools/hooks
DRACUT_MODULES ?= /usr/lib/dracut/modules.d
install-initramfs: install
	@n=0; if [ -n "$(DESTDIR)" ] || [ -d $(INITRAMFS_HOOKS) ]; then \
	  install -D -m 0755 contrib/initramfs-tools/hooks/nsbox $(DESTDIR)$(INITRAMFS_HOOKS)/nsbox; \
	  echo "initramfs-tools hook: $(DESTDIR)$(INITRAMFS_HOOKS)/nsbox"; n=1; fi; \
	if [ -n "$(DESTDIR)" ] || [ -d $(DRACUT_MODULES) ]; then \
	  install -D -m 0755 contrib/dracut/90nsbox/module-setup.sh $(DESTDIR)$(DRACUT_MODULES)/90nsbox/module-setup.sh; \
	  echo "dracut module: $(DESTDIR)$(DRACUT_MODULES)/90nsbox"; n=1; fi; \
	if [ $$n = 0 ]; then echo "neither initramfs-tools ($(INITRAMFS_HOOKS)) nor dracut ($(DRACUT_MODULES)) is installed" >&2; exit 1; fi

clean:
	rm -rf nsbox build dist
