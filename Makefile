# nsbox: one static multicall binary. `make` builds ./nsbox, `make test` runs
# every test (root tests in throwaway namespaces), `make bench` compares
# with iproute2 and util-linux.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
TAGS := urfave_cli_no_docs,urfave_cli_no_suggest
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X nsbox/applets/applet.Version=$(VERSION)
# The default build carries nslib's pre-runtime C stage (nsenter -U/-T),
# linked statically against musl; `make build-purego` (CGO_ENABLED=0) is
# the variant for cross-compiling, without user/time namespace joins.
export CGO_ENABLED ?= 1
# netgo,osusergo keep libc's resolver and NSS out of the cgo build (-37 KB).
comma := ,
MUSL_CC ?= musl-gcc
STATIC_CGO := $(if $(filter 1,$(CGO_ENABLED)),-linkmode external -extldflags "-static -Wl$(comma)--gc-sections")
# The binary goes into flash and initramfs images: make fails above this.
SIZE_BUDGET := 4500000
BUILD_TAGS := $(TAGS)$(if $(STATIC_CGO),$(comma)netgo$(comma)osusergo)

.PHONY: vmtest all deps build build-purego test unit test-hermetic fuzz fuzz-short bench size cross install clean docs

all: build

# Debian packages the build and the tests need (iproute2 and util-linux are
# the anchors the differential tests compare against; bash-completion, zsh
# and fish run the completion tests; strace shows which runs start the Go
# runtime).
deps:
	@missing=""; for p in iproute2 util-linux procps psmisc musl-tools bash-completion zsh fish strace; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
	$(GO) mod download

# OUT: where the binary goes (the tests build theirs with `make build OUT=…`,
# so they test the binary that ships).
OUT ?= nsbox
build:
	$(if $(STATIC_CGO),CC=$(MUSL_CC)) $(GO) build -trimpath -tags $(BUILD_TAGS) -ldflags '$(LDFLAGS) $(STATIC_CGO)' -o $(OUT) .
	@if file $(OUT) 2>/dev/null | grep -q dynamically || ldd $(OUT) >/dev/null 2>&1; then \
	  echo "$(OUT) is not statically linked" >&2; exit 1; fi
	@size=$$(stat -c %s $(OUT)); echo "$(OUT): $$size bytes (static, stripped; budget $(SIZE_BUDGET))"; \
	  if [ $$size -gt $(SIZE_BUDGET) ]; then echo "$(OUT) is over its size budget" >&2; exit 1; fi

build-purego:
	$(MAKE) build CGO_ENABLED=0

# The whole suite: vet, unit and root tests (and the root tests that read
# the mount table and the run dir again on a host-like state), and every
# fuzz target for a few seconds.
test: deps build unit test-hermetic fuzz-short vmtest

# On real kernels in qemu (TCG): Wi-Fi radio moves (Debian's kernel with
# mac80211_hwsim) and nsenter -n:ID (Debian unstable's, Linux >= 6.19);
# prepare.sh installs qemu and fetches the kernels.
vmtest:
	tests/vmtest/prepare.sh
	set -o pipefail; $(GO) test -tags vmtest -count=1 -v ./tests/vmtest/ | grep -E '^(VMTEST|--- |ok|FAIL|PASS)'

unit:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...

# Those root tests again with /run/netns mounted, a namespace bound outside
# /run and a non-empty /etc/netns, all in a private mount namespace (the
# host is left as it was).
test-hermetic:
	GO=$(GO) tests/hermetic.sh

# Budgets are execution counts (a few seconds a target here), not times:
# with a wall-clock -fuzztime, Go 1.26's fuzz coordinator can fail a
# target with a bare "context deadline exceeded" as the time runs out
# (golang/go#75804, fixed in Go 1.27); a count has no deadline to race.
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

# Sizes, and what each package costs (symbol sizes of an unstripped build).
size: build
	@echo "stripped: $$(stat -c %s nsbox) bytes; xz -9e: $$(xz -9e -c nsbox | wc -c) bytes"
	@mkdir -p build && CGO_ENABLED=0 $(GO) build -trimpath -tags $(TAGS) -o build/nsbox.sym .
	@$(GO) tool nm -size build/nsbox.sym | awk '$$3 ~ /^[TtRrDdBb]$$/ { n = $$4; sub(/\(.*/, "", n); \
	  k = split(n, p, "."); pkg = p[1]; for (i = 2; i < k && p[i] ~ /^[a-z0-9_\/-]+$$/; i++) pkg = pkg "." p[i]; \
	  s[pkg] += $$2 } END { for (q in s) printf "%9d  %s\n", s[q], q }' | sort -rn | head -25

# The pure-Go variant for router CPUs (no pre-runtime stage: no user/time
# namespace joins), with sizes.
CROSS := arm64 arm:GOARM=7 mipsle:GOMIPS=softfloat
cross:
	@mkdir -p build; set -e; for t in $(CROSS); do arch=$${t%%:*}; extra=$$( [ "$$t" = "$$arch" ] || echo $${t#*:}); \
	  env GOOS=linux GOARCH=$$arch $$extra CGO_ENABLED=0 $(GO) build -trimpath -tags $(TAGS) -ldflags '$(LDFLAGS)' -o build/nsbox-$$arch . ; \
	  echo "build/nsbox-$$arch $$extra: $$(stat -c %s build/nsbox-$$arch) bytes"; done

# Man pages and shell completions from the CLI definitions (the generator
# is built with docs).
docs:
	$(GO) run ./docs/gen docs

# PREFIX (default /usr/local) and DESTDIR go to install.sh.
PREFIX ?= /usr/local
install: build
	./install.sh --prefix $(PREFIX)

clean:
	rm -rf nsbox build
