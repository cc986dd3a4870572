package nsmove_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"nsbox/nslib/nstest"
)

// world is the sandbox every case starts from: named namespaces a and b, a
// stale placeholder, veth pairs va/vb and vc/vd, a bridge, a macvlan on vc,
// and a process in a whose PID is in /run/pid.
const world = `ip netns add a && ip netns add b && touch /run/netns/stale &&
ip link add va type veth peer name vb && ip link add vc type veth peer name vd &&
ip link add br0 type bridge && ip link add mv0 link vc type macvlan &&
{ ip netns exec a sleep 300 >/dev/null 2>&1 & echo $! >/run/pid; } &&
# The process is in a only once ip has joined it (a move by PID before
# that is a move into our own namespace).
for i in $(seq 300); do [ "$(stat -L -c %i /proc/$(cat /run/pid)/ns/net)" = "$(stat -L -c %i /run/netns/a)" ] && break; sleep 0.01; done
`

// reset undoes a world: the named namespaces, the devices left here, the
// process in a.
const reset = `kill $(cat /run/pid 2>/dev/null) 2>/dev/null; wait 2>/dev/null
for f in /run/netns/*; do umount -l "$f" 2>/dev/null; done; rm -rf /run/netns /run/pid
for d in va vb vc vd br0 mv0 vz vy; do ip link del $d 2>/dev/null; done
# A veth whose peer went with an unmounted namespace goes only when the
# kernel tears that namespace down, asynchronously: wait for it.
for i in $(seq 300); do ip -o link | grep -qE ': (va|vb|vc|vd|br0|mv0|vz|vy)[@:]' || break; sleep 0.01; done
`

// state lists the device names of our namespace, a and b.
const state = `for n in "" a b; do echo "[$n]"; ip ${n:+-n $n} -o link | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' '; echo; done`

// sh runs a script in a fresh world with $NSBOX set.
func sh(t *testing.T, script string) nstest.Result {
	t.Helper()
	return nstest.Sh(t, "NSBOX="+nstest.Binary(t)+"\n"+script)
}

func fresh(t *testing.T) {
	t.Helper()
	if r := sh(t, reset+world); r.Code != 0 {
		t.Fatalf("setup: %d %s", r.Code, r.Stderr)
	}
}

// TestDiffIproute2 runs each move through `ip link set … netns` and through
// nsmove from the same world and compares exit status and where every
// device ended up.
func TestDiffIproute2(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	for _, tc := range []struct{ name, ip, ours string }{
		{"by-name", "ip link set dev va netns a", "$NSBOX nsmove va a"},
		{"by-path", "ip link set dev va netns /run/netns/b", "$NSBOX nsmove va /run/netns/b"},
		{"by-pid", "ip link set dev va netns $(cat /run/pid)", "$NSBOX nsmove va $(cat /run/pid)"},
		{"macvlan", "ip link set dev mv0 netns a", "$NSBOX nsmove mv0 a"},
		{"rename", "ip link set dev va netns a name vz", "$NSBOX nsmove --name vz va a"},
		{"rename-option-last", "ip link set dev va netns a name vz", "$NSBOX nsmove va a --name=vz"},
		{"back-with-n", "ip link set dev va netns a && ip -n a link set dev va netns 1",
			"$NSBOX nsmove va a && $NSBOX nsmove -n a va 1"},
		{"from-path-source", "ip link set dev vb netns b && ip -n b link set dev vb netns a",
			"$NSBOX nsmove vb b && $NSBOX nsmove -n /run/netns/b vb a"},
		{"lo-immutable", "ip link set dev lo netns a", "$NSBOX nsmove lo a"},
		{"bridge-immutable", "ip link set dev br0 netns a", "$NSBOX nsmove br0 a"},
		// A move into the namespace the device is in: done, nothing changes
		// (a name given still renames).
		{"lo-into-its-own", "ip -n a link set dev lo netns a", "$NSBOX nsmove -n a lo a"},
		{"lo-into-its-own-by-path", "ip link set dev lo netns /proc/self/ns/net", "$NSBOX nsmove lo /proc/self/ns/net"},
		{"veth-into-its-own", "ip link set dev va netns /proc/self/ns/net", "$NSBOX nsmove va /proc/self/ns/net"},
		{"bridge-into-its-own", "ip link set dev br0 netns /proc/self/ns/net", "$NSBOX nsmove br0 /proc/self/ns/net"},
		{"veth-into-its-own-renamed", "ip link set dev va netns a && ip -n a link set dev va netns a name vz",
			"$NSBOX nsmove va a && $NSBOX nsmove -n a --name vz va a"},
		{"unknown-device", "ip link set dev nosuch netns a", "$NSBOX nsmove nosuch a"},
		{"unknown-target", "ip link set dev va netns nosuch", "$NSBOX nsmove va nosuch"},
		{"stale-target", "ip link set dev va netns stale", "$NSBOX nsmove va stale"},
		{"not-a-namespace", "ip link set dev va netns /etc/hostname", "$NSBOX nsmove va /etc/hostname"},
		{"name-exists-there", "ip -n a link add vb type veth peer name vy; ip link set dev vb netns a",
			"ip -n a link add vb type veth peer name vy; $NSBOX nsmove vb a"},
		{"bad-new-name", "ip link set dev va netns a name 'a b'", "$NSBOX nsmove --name 'a b' va a"},
		{"permission-denied", "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all ip link set dev va netns a",
			"setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all $NSBOX nsmove va a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got [2]nstest.Result
			var after [2]string
			for i, cmd := range []string{tc.ip, tc.ours} {
				fresh(t)
				got[i] = sh(t, cmd)
				after[i] = sh(t, state).Stdout
			}
			nstest.NoPanic(t, got[1])
			t.Logf("iproute2 %d: %snsmove   %d: %s", got[0].Code, got[0].Stderr, got[1].Code, got[1].Stderr)
			if got[0].Code != got[1].Code || got[0].Stdout != got[1].Stdout {
				t.Errorf("iproute2: status %d %q (stderr %q)\nnsmove:   status %d %q (stderr %q)",
					got[0].Code, got[0].Stdout, got[0].Stderr, got[1].Code, got[1].Stdout, got[1].Stderr)
			}
			if after[0] != after[1] {
				t.Errorf("devices afterwards:\niproute2:\n%s\nnsmove:\n%s", after[0], after[1])
			}
			if got[1].Code != 0 && strings.Count(strings.TrimSpace(got[1].Stderr), "\n") > 0 {
				t.Errorf("error is not one line: %q", got[1].Stderr)
			}
		})
	}
}

// TestMoves covers what iproute2 cannot do in one command: several devices,
// all-or-nothing checks, name over PID, and the messages.
func TestMoves(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	for _, tc := range []struct {
		name, cmd string
		code      int
		stderr    string // a substring of stderr ("" : empty stderr)
		after     string // state afterwards
	}{
		{"several", "$NSBOX nsmove va vc b", 0, "",
			"[]\nbr0 lo mv0 vb vd \n[a]\nlo \n[b]\nlo va vc \n"},
		{"several-duplicate", "$NSBOX nsmove va va b", 0, "",
			"[]\nbr0 lo mv0 vb vc vd \n[a]\nlo \n[b]\nlo va \n"},
		{"one-unknown-nothing-moved", "$NSBOX nsmove va nosuch vc b", 1, `nsmove: Cannot find device "nosuch"`,
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"one-immutable-nothing-moved", "$NSBOX nsmove va br0 b", 2, "nsmove: cannot move br0: The interface netns is immutable",
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"lo-in-batch-nothing-moved", "$NSBOX nsmove va lo b", 2, "nsmove: cannot move lo: The interface netns is immutable",
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"batch-into-its-own", "$NSBOX nsmove va lo br0 mv0 /proc/self/ns/net", 0, "",
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"name-clash-nothing-moved", "ip -n b link add vc type veth peer name vy; $NSBOX nsmove va vc b", 2,
			"nsmove: cannot move vc: An interface with the same name exists in the target netns",
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo vc vy \n"},
		{"name-wins-over-pid", "ip netns add 1 && $NSBOX nsmove va 1 && ip -n 1 link show va >/dev/null 2>&1", 0, "",
			"[]\nbr0 lo mv0 vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"pid-1-is-home", "$NSBOX nsmove va a && $NSBOX nsmove -n a va 1", 0, "",
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"unknown-pid", "$NSBOX nsmove va 99999", 255, `nsmove: cannot open network namespace "99999"`,
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"unknown-source", "$NSBOX nsmove -n nosuch va a", 255, `nsmove: cannot open network namespace "nosuch"`,
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"stale-target", "$NSBOX nsmove va stale", 2, `nsmove: "stale" is not a network namespace`,
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"name-needs-one-device", "$NSBOX nsmove --name vz va vc a", 255, "--name renames one DEVICE",
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"no-target", "$NSBOX nsmove va", 255, "need at least one DEVICE and a TARGET",
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"unknown-option", "$NSBOX nsmove --bogus va a", 255, "unrecognized option '--bogus'",
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"phy-without-wifi", "$NSBOX nsmove 'phy#0' a", 1, `nsmove: Cannot find device "phy#0"`,
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"empty-source", "$NSBOX nsmove -n '' va a", 255, `nsmove: cannot open network namespace ""`,
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"empty-device", "$NSBOX nsmove '' a", 255, `nsmove: argument "" is wrong: "dev" not a valid ifname`, // as ip link
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"empty-new-name", "$NSBOX nsmove --name '' va a", 255, `"name" not a valid ifname`,
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"option-without-value", "$NSBOX nsmove va a -n", 255, "option requires an argument -- 'n'",
			"[]\nbr0 lo mv0 va vb vc vd \n[a]\nlo \n[b]\nlo \n"},
		{"attached-n", "$NSBOX nsmove va a && $NSBOX nsmove -na va b", 0, "",
			"[]\nbr0 lo mv0 vb vc vd \n[a]\nlo \n[b]\nlo va \n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fresh(t)
			r := sh(t, tc.cmd)
			nstest.NoPanic(t, r)
			if r.Code != tc.code {
				t.Errorf("%s: status %d, want %d (stderr %q)", tc.cmd, r.Code, tc.code, r.Stderr)
			}
			if (tc.stderr == "" && r.Stderr != "") || !strings.Contains(r.Stderr, tc.stderr) {
				t.Errorf("%s: stderr %q, want %q", tc.cmd, r.Stderr, tc.stderr)
			}
			if got := sh(t, state).Stdout; got != tc.after {
				t.Errorf("%s: devices afterwards\n%s\nwant\n%s", tc.cmd, got, tc.after)
			}
		})
	}
}

func TestList(t *testing.T) {
	if !nstest.Sandbox(t) {
		return
	}
	fresh(t)
	r := sh(t, "$NSBOX nsmove --list")
	nstest.NoPanic(t, r)
	for _, want := range []string{"NAME  KIND", "\nlo    loopback  no       netns-immutable\n", "\nva    virtual   yes      veth\n",
		"\nbr0   virtual   no       bridge; netns-immutable\n", "\nmv0   virtual   yes      macvlan\n"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("--list: no %q in\n%s", want, r.Stdout)
		}
	}
	r = sh(t, "$NSBOX nsmove va a && $NSBOX nsmove -l -j -n a")
	nstest.NoPanic(t, r)
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &got); err != nil {
		t.Fatalf("-j: %v: %q", err, r.Stdout)
	}
	if len(got) != 2 || got[0]["name"] != "lo" || got[0]["movable"] != false ||
		got[1]["name"] != "va" || got[1]["kind"] != "virtual" || got[1]["link_kind"] != "veth" || got[1]["movable"] != true {
		t.Errorf("-l -j -n a: %s", r.Stdout)
	}
	// Device names may hold control bytes, quotes and bytes that are not
	// UTF-8: the JSON stays valid and decodes to them (stray bytes U+FFFD).
	r = sh(t, `ip -n b link add $'v\x01"\\\xff' type veth peer name $'w\x1f\xc3\xa9' && $NSBOX nsmove -l -j -n b`)
	var odd []struct{ Name string }
	if err := json.Unmarshal([]byte(r.Stdout), &odd); err != nil || !utf8.ValidString(r.Stdout) {
		t.Fatalf("-j with odd names: %v: %q (stderr %q)", err, r.Stdout, r.Stderr)
	}
	var names []string
	for _, e := range odd {
		names = append(names, e.Name)
	}
	slices.Sort(names)
	if want := []string{"lo", "v\x01\"\\\ufffd", "w\x1fé"}; !slices.Equal(names, want) {
		t.Errorf("-l -j -n b: names %q, want %q", names, want)
	}
	if r := sh(t, "$NSBOX nsmove --list va"); r.Code != 255 {
		t.Errorf("--list with an operand: status %d", r.Code)
	}
}
