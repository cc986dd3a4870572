package applet

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// HasArg is getopt_long's has_arg.
type HasArg int

const (
	NoArg HasArg = iota
	RequiredArg
	OptionalArg
)

// Option is one entry of a util-linux style option table. Tables list the
// options in the tool's longopts order, which is the order glibc lists
// ambiguous prefixes in.
type Option struct {
	Long  string
	Short byte // 0: long only
	Arg   HasArg
	// ShortFlag: the short form never takes an argument although the long
	// one may (unshare's -m against --mount=FILE).
	ShortFlag bool
}

func (o *Option) shortArg() HasArg {
	if o.ShortFlag {
		return NoArg
	}
	return o.Arg
}

// GetoptError is the long name of the hidden flag that carries a getopt
// error to its place in the option sequence, so errors come out in the
// order util-linux meets them (an option's own error before a bad one
// further on).
const GetoptError = "nsbox-getopt-error"

// Canonical is glibc getopt_long's view of argv (with the "+" rule: stop
// at the first non-option) rewritten for urfave/cli: every option as
// --LONG, an argument as --LONG==ARG (the extra '=' tells an empty
// argument apart from none), then "--" and the operands. A getopt error
// becomes --nsbox-getopt-error==MESSAGE where it happens, and ends the
// options. prog is the index in argv where the operands start.
func Canonical(argv []string, opts []Option) (out []string, prog int) {
	emit := func(o *Option, arg string, has bool) {
		if has {
			out = append(out, "--"+o.Long+"=="+arg)
		} else {
			out = append(out, "--"+o.Long)
		}
	}
	fail := func(msg string) ([]string, int) {
		return append(out, "--"+GetoptError+"=="+argv[0]+": "+msg, "--"), len(argv)
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
			key, val, hasVal := strings.Cut(a[2:], "=")
			o, msg := lookupLong(opts, key, a)
			if o == nil {
				return fail(msg)
			}
			switch {
			case o.Arg == NoArg && hasVal:
				return fail("option '--" + o.Long + "' doesn't allow an argument")
			case o.Arg == RequiredArg && !hasVal:
				if i+1 >= len(argv) {
					return fail("option '--" + o.Long + "' requires an argument")
				}
				i++
				val, hasVal = argv[i], true
			}
			emit(o, val, hasVal)
			continue
		}
		for j := 1; j < len(a); j++ {
			o := lookupShort(opts, a[j])
			if o == nil {
				return fail("invalid option -- '" + string(a[j]) + "'")
			}
			rest := a[j+1:]
			arg := o.shortArg()
			switch {
			case arg == NoArg:
				emit(o, "", false)
				continue
			case rest != "":
				emit(o, rest, true)
			case arg == OptionalArg:
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

func lookupShort(opts []Option, c byte) *Option {
	for k := range opts {
		if opts[k].Short == c && c != 0 {
			return &opts[k]
		}
	}
	return nil
}

// lookupLong matches an exact name first, else a unique prefix, as glibc
// does; the message is glibc's for an unknown or ambiguous one.
func lookupLong(opts []Option, key, arg string) (*Option, string) {
	var found []*Option
	for k := range opts {
		if opts[k].Long == key {
			return &opts[k], ""
		}
		if strings.HasPrefix(opts[k].Long, key) {
			found = append(found, &opts[k])
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
		msg += " '--" + o.Long + "'"
	}
	return nil, msg
}

// GetoptFlag is how an option of a Canonical command line reaches its
// handler through urfave/cli: Set receives "true" (no argument) or
// "=ARG" and calls the handler at once, so options act in command-line
// order, as they do during util-linux's getopt loop. In the generated
// docs it shows both names, and a value only where one is required; only
// the long name is registered with the parser (an alias would make
// urfave/cli call Set twice).
type GetoptFlag struct {
	*cli.GenericFlag
	opt Option
}

// NewGetoptFlag makes the flag of opt; set gets the argument and whether
// there was one.
func NewGetoptFlag(opt Option, usage string, set func(arg string, has bool) error) *GetoptFlag {
	return &GetoptFlag{GenericFlag: &cli.GenericFlag{Name: opt.Long, Usage: usage,
		Value: &getoptValue{set: set, isBool: opt.Arg != RequiredArg}}, opt: opt}
}

// NewGetoptErrorFlag is the hidden flag for Canonical's error messages.
func NewGetoptErrorFlag(report func(msg string) error) cli.Flag {
	return &cli.GenericFlag{Name: GetoptError, Hidden: true,
		Value: &getoptValue{set: func(msg string, _ bool) error { return report(msg) }}}
}

func (f *GetoptFlag) Names() []string {
	if f.opt.Short == 0 {
		return []string{f.opt.Long}
	}
	return []string{f.opt.Long, string(f.opt.Short)}
}
func (f *GetoptFlag) TakesValue() bool       { return f.opt.Arg == RequiredArg }
func (f *GetoptFlag) GetDefaultText() string { return "" }

type getoptValue struct {
	set    func(arg string, has bool) error
	isBool bool
}

func (v *getoptValue) String() string   { return "" }
func (v *getoptValue) IsBoolFlag() bool { return v.isBool }
func (v *getoptValue) Set(s string) error {
	if arg, ok := strings.CutPrefix(s, "="); ok {
		return v.set(arg, true)
	}
	return v.set("", false)
}
