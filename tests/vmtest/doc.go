// Package vmtest boots stock Debian kernels under qemu (TCG) for what the
// build machines' kernel cannot do: TestWiFiVM loads mac80211_hwsim into
// bookworm's kernel and runs nsmove's wireless checks and netns delete's
// device fates, of a radio and of an e1000 NIC (init.sh), and TestNSIDVM boots Debian unstable's kernel (Linux >= 6.19, which opens
// nsfs file handles) and enters namespaces by id with nsenter -n:ID
// (nsid_init.sh). The initramfs tests (initramfs_test.go) build images with
// Debian's mkinitramfs and dracut and contrib/'s hook and module, list them,
// and boot them (initramfs_checks.sh runs the applets from the image's
// init). TestCrossVM boots Debian's arm64, armhf and mipsel (malta)
// kernels and a big-endian malta kernel prepare.sh builds from Debian's
// source, with the nsbox `make cross` builds for them, and runs
// cross_init.sh's workflow (TestCrossWiFiVM, with NSBOX_VMTEST_LONG=1,
// init.sh). The VMs boot side by side, once each. The tests run only
// with the vmtest build tag, after prepare.sh has filled the kernel cache:
//
//	tests/vmtest/prepare.sh && go test -tags vmtest -v ./tests/vmtest/
package vmtest
