# The engine: parses the command line as the applet will, then completes
# an option, an option's argument or an operand from the applet's tables.

# _nsbox_split fills words with the words up to the cursor as the applet
# sees them: bash splits --mount=FILE at the '=' (COMP_WORDBREAKS), which is
# joined again here. at[i] is the index in COMP_WORDS where words[i] starts.
_nsbox_split() {
	local i w
	for ((i = 0; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((i > 0)) && { [[ $w == = && ${words[-1]} == --* ]] ||
			[[ ${COMP_WORDS[i-1]} == = && ${words[-1]} == --*= ]]; }; then
			words[-1]+=$w
		else
			words+=("$w")
			at+=("$i")
		fi
	done
	cur=${words[-1]}
}

# _nsbox is the completion function of nsbox and of every applet name.
_nsbox() {
	local cur app REPLY words=() at=() ops=() opat=() seen=()
	COMPREPLY=()
	_nsbox_split
	app=${words[0]##*/}
	if ! _nsbox_applet "${app#-}"; then
		# nsbox [--list | --install [-s] DIR | --version | --help | APPLET ...]
		if ((${#words[@]} == 2)); then
			_nsbox_add "${_nsbox_first[@]}"
			return
		fi
		case ${words[1]} in
		--install)
			((${#words[@]} == 3)) && _nsbox_add -s
			_nsbox_dirs
			return
			;;
		-*) return ;;
		esac
		words=("${words[@]:1}")
		at=("${at[@]:1}")
		_nsbox_applet "${words[0]##*/}" || return
	fi
	app=$REPLY
	"_nsbox_$app"
}

# _nsbox_complete ORDER OPTSTRING LONG... parses words[1..] with the
# applet's options (OPTSTRING: getopt's short options; LONG: a long one,
# NAME= with an argument, NAME=? with an optional one), then completes cur.
# ORDER is permute (options anywhere before "--"), require (the first
# operand ends them) or iproute (single words matched by prefix, then the
# subcommand).
_nsbox_complete() {
	local order=$1 optstring=$2 longs=("${@:3}")
	local i w c arg need="" done=0
	for ((i = 1; i < ${#words[@]} - 1; i++)); do
		w=${words[i]}
		if [[ -n $need ]]; then
			need=""
			continue
		fi
		if ((done)) || [[ $w != -?* ]]; then
			ops+=("$w")
			opat+=("${at[i]}")
			[[ $order == permute ]] || done=1
			continue
		fi
		if [[ $w == -- ]]; then
			done=1
		elif [[ $order == iproute || $w == --* ]]; then
			_nsbox_option "${w%%=*}" || continue
			seen+=("$REPLY")
			[[ $arg == = && $w != *=* ]] && need=$REPLY
		else
			# a cluster of short options: -Jp PID, -tnet, -mFILE
			w=${w:1}
			while [[ -n $w ]]; do
				c=${w:0:1}
				w=${w:1}
				seen+=("$c")
				case $optstring in
				*"$c::"*) break ;;
				*"$c:"*)
					[[ -z $w ]] && need=$c
					break
					;;
				esac
			done
		fi
	done
	if [[ -n $need ]]; then
		"_nsbox_${app}_value" "$need"
	elif ((!done)) && [[ $cur == --*=* ]]; then
		_nsbox_option "${cur%%=*}" && [[ -n $arg ]] || return
		cur=${cur#*=}
		"_nsbox_${app}_value" "$REPLY"
		# Without '=' in COMP_WORDBREAKS the word replaced is all of --opt=…
		w=${COMP_WORDS[COMP_CWORD]}
		[[ $w == --*=* ]] && COMPREPLY=("${COMPREPLY[@]/#/${w%%=*}=}")
	elif ((!done)) && [[ $cur == -* ]]; then
		for ((i = 0; i < ${#optstring}; i++)); do
			[[ ${optstring:i:1} == : ]] || _nsbox_add "-${optstring:i:1}"
		done
		for w in "${longs[@]}"; do
			_nsbox_add "--${w%%=*}"
		done
	else
		"_nsbox_${app}_operand" "${#ops[@]}"
	fi
}

# _nsbox_option WORD finds the long option WORD names in longs (--NAME or
# a unique prefix of it; for iproute, the first NAME in the table's order
# that -NAME or --NAME begins with WORD): its NAME in REPLY, its argument
# (=, =? or "") in arg.
_nsbox_option() {
	local l hit="" n=0 w=$1
	if [[ $order == iproute ]]; then
		[[ $w == --* ]] && w=${w#-}
		for l in "${longs[@]}"; do
			if [[ -${l%%=*} == "$w"* ]]; then
				hit=$l
				n=1
				break
			fi
		done
	else
		for l in "${longs[@]}"; do
			if [[ ${l%%=*} == "${w#--}" ]]; then
				hit=$l
				n=1
				break
			fi
			[[ ${l%%=*} == "${w#--}"* ]] && hit=$l && n=$((n + 1))
		done
	fi
	((n == 1)) || return 1
	REPLY=${hit%%=*}
	arg=${hit#"$REPLY"}
}

# _nsbox_seen NAME... succeeds when one of the options NAME (a long name
# or a short letter) was given.
_nsbox_seen() {
	local s n
	for s in "${seen[@]}"; do
		for n; do
			[[ $s == "$n" ]] && return 0
		done
	done
	return 1
}

# _nsbox_match WORD ENTRY...: the subcommand WORD runs, in REPLY: the first
# ENTRY (NAME, or ALIAS=NAME) that WORD is a prefix of.
_nsbox_match() {
	local word=$1 e
	shift
	REPLY=""
	[[ -n $word ]] || return
	for e; do
		if [[ ${e%%=*} == "$word"* ]]; then
			REPLY=${e#*=}
			return
		fi
	done
}

# The values: each adds the candidates that begin with cur to COMPREPLY.

_nsbox_add() {
	local w
	for w; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$w")
	done
}

# _nsbox_list WORD...: a comma-separated list of WORDs (lsns -o NS,TYPE).
_nsbox_list() {
	local head=${cur%"${cur##*,}"} w
	for w; do
		[[ $head$w == "$cur"* ]] && COMPREPLY+=("$head$w")
	done
}

# _nsbox_names: the named network namespaces (the files of the run dir).
_nsbox_names() {
	local f
	for f in "${NETNS_RUN_DIR:-/run/netns}/$cur"*; do
		[[ -e $f || -L $f ]] || continue
		printf -v f %q "${f##*/}"
		COMPREPLY+=("$f")
	done
}

_nsbox_pids() {
	local f
	[[ $cur == *[!0-9]* ]] && return
	for f in /proc/"$cur"*; do
		f=${f#/proc/}
		[[ $f == *[!0-9]* ]] || COMPREPLY+=("$f")
	done
}

# _nsbox_devices: network devices and wireless phys (symbolic links in
# sysfs; /sys/class/net/bonding_masters is a file).
_nsbox_devices() {
	local f
	for f in /sys/class/net/"$cur"* /sys/class/ieee80211/"$cur"*; do
		[[ -L $f ]] && COMPREPLY+=("${f##*/}")
	done
}

_nsbox_files() {
	compopt -o filenames 2>/dev/null
	mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
}

_nsbox_dirs() {
	compopt -o filenames 2>/dev/null
	mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur")
}

# _nsbox_command K: operand K is a program, the operands after it its
# arguments (bash-completion's _command_offset completes those when it is
# loaded; files otherwise).
_nsbox_command() {
	if ((${#ops[@]} == $1)); then
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -c -- "$cur")
	elif declare -F _command_offset >/dev/null; then
		_command_offset "${opat[$1]}"
	else
		_nsbox_files
	fi
}
