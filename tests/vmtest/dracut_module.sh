#!/bin/bash
# The dracut test image's own module (initramfs_test.go installs it as
# 99nsbox-vmtest with initramfs_checks.sh and guest.sh beside it): the
# checks as a cmdline hook, busybox for their shell tools, veth for nsmove.
check() {
    return 255
}

depends() {
    echo busybox
}

install() {
    inst_hook cmdline 00 "$moddir/initramfs_checks.sh"
    inst_simple "$moddir/guest.sh" /scripts/guest.sh
    instmods veth
}
