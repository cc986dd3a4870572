#!/bin/bash
# dracut module: nsbox in the image's /usr/bin with a link per applet
# (`nsbox --list`: netns, nsenter, lsns, unshare, nsmove). NSBOX_BINARY
# (environment or a dracut.conf.d file) names the binary to copy; without
# it the first nsbox in the usual prefixes (dracut's PATH has no
# /usr/local). See contrib/README.md.

# nsbox_binary prints the binary to copy, or nothing.
nsbox_binary() {
    local dir
    if [[ $NSBOX_BINARY ]]; then
        echo "$NSBOX_BINARY"
        return
    fi
    for dir in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
        if [[ -x $dir/nsbox ]]; then
            echo "$dir/nsbox"
            return
        fi
    done
}

# Included in every image while the binary is there and runs here (not a
# cross-built one): installing the module is the request. Otherwise left
# out, or the build fails when the module is asked for by name.
check() {
    local nsbox
    nsbox=$(nsbox_binary)
    [[ -x $nsbox ]] && "$nsbox" --list >/dev/null || return 1
    return 0
}

depends() {
    return 0
}

install() {
    local nsbox applets applet
    nsbox=$(nsbox_binary)
    # dracut ignores what install returns: a failure here must end it.
    applets=$("$nsbox" --list) || {
        dfatal "nsbox: $nsbox --list failed"
        exit 1
    }
    inst_binary "$nsbox" /usr/bin/nsbox || {
        dfatal "nsbox: cannot install $nsbox"
        exit 1
    }
    for applet in $applets; do
        ln_r /usr/bin/nsbox "/usr/bin/$applet"
    done
}
