# The helpers: fish completes the options from the complete lines below;
# these parse the command line as the applet will, for its operands, and
# produce the values.

# __nsbox_parse APPLET: the tokens before the cursor, parsed with APPLET's
# options (the __nsbox_order_, __nsbox_shorts_ and __nsbox_longs_
# variables): __nsbox_order gets its order, __nsbox_ops the operands, __nsbox_opat their index in
# the tokens, __nsbox_seen the options given (long names, short letters),
# __nsbox_done whether options have ended, __nsbox_need the option whose
# argument the current token is.
function __nsbox_parse -a app
    set -l v __nsbox_order_$app __nsbox_shorts_$app __nsbox_longs_$app
    set -g __nsbox_order $$v[1]
    set -l order $__nsbox_order
    set -l shorts $$v[2]
    set -l longs $$v[3]
    set -l tokens (commandline -opc)
    set -g __nsbox_ops
    set -g __nsbox_opat
    set -g __nsbox_seen
    set -g __nsbox_done 0
    set -g __nsbox_need
    set -l first 2
    # nsbox APPLET ...
    if test (count $tokens) -ge 2; and not __nsbox_applet (path basename -- $tokens[1] | string replace -r '^-' '') >/dev/null
        set first 3
    end
    for i in (seq $first (count $tokens))
        set -l w $tokens[$i]
        if test -n "$__nsbox_need"
            set __nsbox_need
            continue
        end
        if test $__nsbox_done = 1; or not string match -qr -- '^-.' $w
            set -a __nsbox_ops $w
            set -a __nsbox_opat $i
            test $order = permute; or set __nsbox_done 1
            continue
        end
        if test $w = --
            set __nsbox_done 1
        else if test $order = iproute; or string match -q -- '--*' $w
            set -l opt (__nsbox_option $order (string replace -r '=.*' '' -- $w) $longs)
            or continue
            set -a __nsbox_seen $opt[1]
            if test "$opt[2]" = =; and not string match -q -- '*=*' $w
                set __nsbox_need $opt[1]
            end
        else
            # a cluster of short options: -Jp PID, -tnet, -mFILE
            set -l letters (string split '' -- (string sub -s 2 -- $w))
            for j in (seq (count $letters))
                set -l c $letters[$j]
                set -a __nsbox_seen $c
                if string match -q -- "*$c::*" $shorts
                    break
                else if string match -q -- "*$c:*" $shorts
                    test $j = (count $letters); and set __nsbox_need $c
                    break
                end
            end
        end
    end
end

# __nsbox_option ORDER WORD LONG...: the long option WORD names (--NAME or a
# unique prefix of it; for iproute, the first NAME whose -NAME or --NAME
# begins with WORD), and its argument (=, =? or nothing), one a line.
function __nsbox_option -a order word
    set -l hits
    for l in $argv[3..-1]
        set -l name (string replace -r '=.*' '' -- $l)
        if test $order = iproute
            if string match -q -- "$(string replace -r '^--' '-' -- $word)*" -$name
                set hits $l
                break
            end
        else if test --$name = $word
            set hits $l
            break
        else if string match -q -- "$word*" --$name
            set -a hits $l
        end
    end
    test (count $hits) = 1; or return 1
    set -l hit $hits
    set -l name (string replace -r '=.*' '' -- $hit)
    printf '%s\n' $name (string replace -- $name '' $hit)
end

# __nsbox_option_token APPLET: the current token is an option. fish
# completes those, and the argument of one that requires it; this adds the
# values of --NAME=VALUE for an option whose argument is optional.
function __nsbox_option_token -a app
    set -l token (commandline -ct)
    test $__nsbox_done = 0; and string match -q -- '-*' $token; or return 1
    string match -q -- '--*=*' $token; or return 0
    set -l v __nsbox_longs_$app
    set -l opt (__nsbox_option $__nsbox_order (string replace -r '=.*' '' -- $token) $$v)
    and test "$opt[2]" = '=?'
    and __nsbox_value_$app $opt[1] | string replace -r '^' -- (string replace -r '=.*' '=' -- $token)
    return 0
end

# __nsbox_options APPLET: options may stand at the cursor.
function __nsbox_options -a app
    __nsbox_parse $app
    test $__nsbox_done = 0
end

# __nsbox_seen NAME...: one of the options (long names, short letters) was given.
function __nsbox_seen
    for n in $argv
        contains -- $n $__nsbox_seen; and return 0
    end
    return 1
end

# __nsbox_match WORD ENTRY...: the subcommand WORD runs: the first ENTRY
# (NAME, or ALIAS=NAME) that WORD is a prefix of.
function __nsbox_match -a word
    test -n "$word"; or return
    for e in $argv[2..-1]
        if string match -q -- "$word*" (string replace -r '=.*' '' -- $e)
            string replace -r '.*=' '' -- $e
            return
        end
    end
end

# The values.

# __nsbox_cur: the current token, without the --NAME= of an option's.
function __nsbox_cur
    commandline -ct | string replace -r -- '^--[^=]*=' ''
end

function __nsbox_list
    printf '%s\n' (__nsbox_cur | string replace -r '[^,]*$' '')$argv
end

function __nsbox_names
    set -l dir /run/netns
    set -q NETNS_RUN_DIR[1]; and test -n "$NETNS_RUN_DIR"; and set dir $NETNS_RUN_DIR
    for f in $dir/* $dir/.*
        printf '%s\tnetwork namespace\n' (path basename -- $f)
    end
end

function __nsbox_pids
    for p in (path basename /proc/*)
        string match -qr '^[0-9]+$' -- $p; or continue
        set -l comm (cat /proc/$p/comm 2>/dev/null)
        printf '%s\t%s\n' $p "$comm"
    end
end

function __nsbox_devices
    for f in /sys/class/net/*
        test -L $f; and printf '%s\tnetwork device\n' (path basename -- $f)
    end
    for f in /sys/class/ieee80211/*
        test -L $f; and printf '%s\twireless phy\n' (path basename -- $f)
    end
end

function __nsbox_files
    __fish_complete_path (__nsbox_cur)
end

function __nsbox_dirs
    __fish_complete_directories (__nsbox_cur)
end

# __nsbox_command K: operand K (from 0) is a program, the operands after it
# its arguments, completed as that program's.
function __nsbox_command -a k
    if test (count $__nsbox_ops) = $k
        complete -C (commandline -ct)
    else
        set -l first $__nsbox_opat[(math $k + 1)]
        set -l tokens (commandline -opc)
        set tokens $tokens[$first..-1]
        complete -C "$(string escape -- $tokens | string join ' ') $(commandline -ct)"
    end
end

# __nsbox_nsbox: nsbox's arguments after the first (--list, APPLET, ...).
function __nsbox_nsbox
    set -l tokens (commandline -opc)
    switch $tokens[2]
        case --install
            test (count $tokens) = 2; and echo -s
            __nsbox_dirs
        case '-*'
        case '*'
            # nsbox APPLET ...: completed as APPLET ...
            complete -C "$(string escape -- $tokens[2..-1] | string join ' ') $(commandline -ct)"
    end
end
