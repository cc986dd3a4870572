// Package vmtest boots a stock Debian kernel with mac80211_hwsim under qemu
// (TCG) and runs nsmove's wireless checks inside it (init.sh), because the
// build machines' kernels have no Wi-Fi stack. It runs only with the vmtest
// build tag, after prepare.sh has filled the kernel cache:
//
//	tests/vmtest/prepare.sh && go test -tags vmtest -v ./tests/vmtest/
package vmtest
