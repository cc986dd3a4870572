package nsenter

import (
	"strings"
)

// hasArg is getopt_long's has_arg.
type hasArg int

const (
	noArg hasArg = iota
	requiredArg
	optionalArg
)

// option is one entry of util-linux nsenter's option table (getopt string
// "+ahVt:m::u::i::n::N:p::C::U::T::S:G:r::w::W::ecFZ" plus the long-only
// ones), in its longopts order, which is the order getopt lists ambiguous
// prefixes in.
type option struct {
	long  string
	short byte // 0: long only
	arg   hasArg
}

var options = []option{
	{"all", 'a', noArg}, {"help", 'h', noArg}, {"version", 'V', noArg},
	{"target", 't', requiredArg}, {"mount", 'm', optionalArg}, {"uts", 'u', optionalArg},
	{"ipc", 'i', optionalArg}, {"net", 'n', optionalArg}, {"net-socket", 'N', requiredArg},
	{"pid", 'p', optionalArg}, {"user", 'U', optionalArg}, {"cgroup", 'C', optionalArg},
	{"time", 'T', optionalArg}, {"setuid", 'S', requiredArg}, {"setgid", 'G', requiredArg},
	{"root", 'r', optionalArg}, {"wd", 'w', optionalArg}, {"wdns", 'W', optionalArg},
	{"env", 'e', noArg}, {"no-fork", 'F', noArg}, {"join-cgroup", 'c', noArg},
	{"preserve-credentials", 0, noArg}, {"keep-caps", 0, noArg}, {"user-parent", 0, noArg},
	{"follow-context", 'Z', noArg},
	{"netns", 0, requiredArg}, // nsbox: a named network namespace of the run dir
}

// getoptError is the long option name of the hidden flag that carries a
// getopt error to its place in the option sequence, so errors come out in
// the order util-linux meets them (an unopenable file before a bad option).
const getoptError = "nsbox-getopt-error"

// canonical is glibc getopt_long's view of argv (with the "+" rule:
// stop at the first non-option) rewritten for urfave/cli: every option as
// --LONG, an argument as --LONG==ARG (the extra '=' tells an empty or
// "true" argument apart from none), then "--" and the operands. prog is
// the index in argv where the program starts. getopt errors become
// --nsbox-getopt-error==MESSAGE at the point they happen, and stop there.
func canonical(argv []string) (out []string, prog int) {
	name := argv[0]
	emit := func(o *option, arg string, has bool) {
		if has {
			out = append(out, "--"+o.long+"=="+arg)
		} else {
			out = append(out, "--"+o.long)
		}
	}
	fail := func(msg string) ([]string, int) {
		out = append(out, "--"+getoptError+"=="+name+": "+msg)
		return out, len(argv)
	}
	i := 1
	for ; i < len(argv); i++ {
		a := argv[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		if strings.HasPrefix(a, "--") {
			body := a[2:]
			key, val, hasVal := strings.Cut(body, "=")
			o, msg := lookupLong(key, a)
			if o == nil {
				return fail(msg)
			}
			switch {
			case o.arg == noArg && hasVal:
				return fail("option '--" + o.long + "' doesn't allow an argument")
			case o.arg == requiredArg && !hasVal:
				if i+1 >= len(argv) {
					return fail("option '--" + o.long + "' requires an argument")
				}
				i++
				val, hasVal = argv[i], true
			}
			emit(o, val, hasVal)
			continue
		}
		for j := 1; j < len(a); j++ {
			o := lookupShort(a[j])
			if o == nil {
				return fail("invalid option -- '" + string(a[j]) + "'")
			}
			rest := a[j+1:]
			switch {
			case o.arg == noArg:
				emit(o, "", false)
				continue
			case rest != "":
				emit(o, rest, true)
			case o.arg == optionalArg:
				emit(o, "", false)
			case i+1 >= len(argv):
				return fail("option requires an argument -- '" + string(a[j]) + "'")
			default:
				i++
				emit(o, argv[i], true)
			}
			break
		}
	}
	out = append(out, "--")
	return append(out, argv[i:]...), i
}

func lookupShort(c byte) *option {
	for k := range options {
		if options[k].short == c && c != 0 {
			return &options[k]
		}
	}
	return nil
}

// lookupLong matches an exact name first, else a unique prefix, as glibc
// does; the message is glibc's for an unknown or ambiguous one.
func lookupLong(key, arg string) (*option, string) {
	var found []*option
	for k := range options {
		if options[k].long == key {
			return &options[k], ""
		}
		if strings.HasPrefix(options[k].long, key) {
			found = append(found, &options[k])
		}
	}
	switch len(found) {
	case 0:
		return nil, "unrecognized option '" + arg + "'"
	case 1:
		return found[0], ""
	}
	msg := "option '" + arg + "' is ambiguous; possibilities:"
	for _, o := range found {
		msg += " '--" + o.long + "'"
	}
	return nil, msg
}
