# The helpers: zsh's _arguments parses the options; these complete the
# values and dispatch `nsbox APPLET`.

_nsbox() {
	local app=${words[1]:t}
	if _nsbox_applet ${app#-}; then
		_nsbox_$REPLY
		return
	fi
	# nsbox [--list | --install [-s] DIR | --version | --help | APPLET ...]
	if (( CURRENT == 2 )); then
		_describe -t applets 'applet or option' _nsbox_first
		return
	fi
	case $words[2] in
	--install)
		(( CURRENT == 3 )) && compadd -- -s
		_files -/
		;;
	-*) return 1 ;;
	*)
		shift words
		(( CURRENT-- ))
		_nsbox_applet ${words[1]:t} && _nsbox_$REPLY
		;;
	esac
}

# _nsbox_match WORD ENTRY...: the subcommand WORD runs, in REPLY: the first
# ENTRY (NAME, or ALIAS=NAME) that WORD is a prefix of.
_nsbox_match() {
	local word=$1 e
	shift
	REPLY=
	[[ -n $word ]] || return
	for e; do
		if [[ ${e%%=*} == ${word}* ]]; then
			REPLY=${e#*=}
			return
		fi
	done
}

# _nsbox_seen OPTION...: one of the options was given.
_nsbox_seen() {
	local o
	for o; do
		(( ${+opt_args[$o]} )) && return 0
	done
	return 1
}

# _nsbox_names: the named network namespaces (the files of the run dir).
_nsbox_names() {
	local -a names
	names=( ${NETNS_RUN_DIR:-/run/netns}/*(DN:t) )
	_wanted netns expl 'network namespace' compadd -a names
}

# _nsbox_pids: the processes, with their names.
_nsbox_pids() {
	local -a pids descs
	local p comm
	for p in /proc/<->(N:t); do
		comm=
		read -r comm </proc/$p/comm 2>/dev/null
		pids+=($p)
		descs+=("$p  $comm")
	done
	_wanted pids expl 'process ID' compadd -l -d descs -a pids
}

# _nsbox_devices: network devices and wireless phys (symbolic links in
# sysfs; /sys/class/net/bonding_masters is a file).
_nsbox_devices() {
	local -a devs phys
	devs=( /sys/class/net/*(N@:t) )
	phys=( /sys/class/ieee80211/*(N@:t) )
	_wanted devices expl 'network device' compadd -a devs
	_wanted phys expl 'wireless phy' compadd -a phys
}

# _nsbox_command K: words[K] is a program (words[1] is the subcommand) and
# the words after it its arguments.
_nsbox_command() {
	if (( CURRENT == $1 )); then
		_command_names -e
	elif (( CURRENT > $1 )); then
		shift $(( $1 - 1 )) words
		(( CURRENT -= $1 - 1 ))
		_normal
	fi
}
