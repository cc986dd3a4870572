package nsmove

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jsimonetti/rtnetlink/v2"
	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/link"
	"nsbox/wifi"
)

// step is one thing to move: a network device, or a whole phy with the
// interfaces on it.
type step struct {
	link   *rtnetlink.LinkMessage
	phy    *wifi.Phy
	ifaces []string // the phy's interfaces
	via    string   // the wireless interface that named the phy
}

func (s step) name() string {
	if s.phy != nil {
		return s.phy.Name
	}
	return s.link.Attributes.Name
}

// source is what the source namespace holds, looked up lazily: the
// nl80211 socket is opened only when a device may be wireless.
type source struct {
	fd     int
	links  *link.LinkConn
	radio  *wifi.Conn
	phys   []wifi.Phy
	ifaces []wifi.Interface
	local  map[uint32]bool // netns-local devices by ifindex
	noWiFi bool
}

func (s *source) close() {
	if s.radio != nil {
		s.radio.Close()
	}
	if s.links != nil {
		s.links.Close()
	}
}

// wireless loads the phys and wireless interfaces (once); false when the
// kernel has no nl80211.
func (s *source) wireless() (bool, error) {
	if s.radio != nil || s.noWiFi {
		return !s.noWiFi, nil
	}
	r, err := wifi.Dial(s.fd)
	if err == wifi.ErrNoWireless {
		s.noWiFi = true
		return false, nil
	}
	if err != nil {
		return false, err
	}
	s.radio = r
	if s.phys, err = r.Phys(); err != nil {
		return false, err
	}
	s.ifaces, err = r.Interfaces()
	return err == nil, err
}

// phyByArg finds phy#N (an index) or a phy by name.
func (s *source) phyByArg(arg string) *wifi.Phy {
	if n, ok := strings.CutPrefix(arg, "phy#"); ok {
		idx, err := strconv.ParseUint(n, 10, 32)
		if err != nil {
			return nil
		}
		for i := range s.phys {
			if s.phys[i].Index == uint32(idx) {
				return &s.phys[i]
			}
		}
		return nil
	}
	for i := range s.phys {
		if s.phys[i].Name == arg {
			return &s.phys[i]
		}
	}
	return nil
}

func (s *source) phyStep(p *wifi.Phy) step {
	return step{phy: p, ifaces: wifi.PhyInterfaces(s.ifaces, p.Index)}
}

// resolve turns one DEVICE argument into a step, or an error already
// printed.
func (c *cmd) resolve(s *source, arg string) (step, error) {
	// No interface name or altname reaches ALTIFNAMSIZ (128): a longer one
	// is no device, and may not even fit in a netlink attribute.
	if !strings.HasPrefix(arg, "phy#") && len(arg) < 128 {
		l, err := s.links.ByName(arg)
		switch {
		case err == nil:
			return c.resolveLink(s, arg, l)
		case !errors.Is(err, unix.ENODEV) && !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.ERANGE):
			// EINVAL, ERANGE: a name the kernel cannot hold, so no device has it.
			return step{}, c.fail(exitKernel, "cannot look up device \"%s\": %s", arg, kernelReason(err))
		}
	}
	ok, err := s.wireless()
	if err != nil {
		return step{}, c.fail(exitKernel, "cannot list wireless phys: %s", kernelReason(err))
	}
	if ok {
		if p := s.phyByArg(arg); p != nil {
			return s.phyStep(p), nil
		}
	}
	return step{}, c.fail(exitNoDevice, "Cannot find device \"%s\"", arg)
}

// resolveLink decides how a found device moves: a device with an rtnl
// kind (veth, macvlan…) or the loopback is never wireless; any other may
// belong to a phy, and then the phy moves.
func (c *cmd) resolveLink(s *source, arg string, l *rtnetlink.LinkMessage) (step, error) {
	if link.IsLoopback(l) || link.LinkKind(l) != "" {
		return step{link: l}, nil
	}
	ok, err := s.wireless()
	if err != nil {
		return step{}, c.fail(exitKernel, "cannot list wireless interfaces: %s", kernelReason(err))
	}
	if !ok {
		return step{link: l}, nil
	}
	for _, it := range s.ifaces {
		if it.Index != l.Index {
			continue
		}
		for i := range s.phys {
			if s.phys[i].Index != it.Phy {
				continue
			}
			st := s.phyStep(&s.phys[i])
			if c.noPhy {
				return step{}, c.fail(exitKernel, "%s is an interface of the radio %s; it moves only with the whole phy (--no-phy given)", arg, st.name())
			}
			if c.newName != "" {
				return step{}, c.fail(exitUsage, "--name cannot rename %s: it moves with its phy %s", arg, st.name())
			}
			st.via = arg
			return st, nil
		}
	}
	return step{link: l}, nil
}

// check refuses, before anything moves, a step the kernel would refuse.
// A move into the namespace the device is already in (same) is done
// before the kernel looks at netns-local devices (lo included) or at a
// phy's set_wiphy_netns, so only the kernel's own answer counts there.
func (c *cmd) check(s *source, st step, same bool) error {
	if st.phy != nil {
		if c.newName != "" {
			return c.fail(exitUsage, "--name renames an interface; %s is a wireless phy", st.name())
		}
		if !same && !st.phy.CanChangeNetns {
			return c.fail(exitKernel, "cannot move %s: its driver does not support network namespaces (no set_wiphy_netns)", st.name())
		}
		return nil
	}
	if !same && (link.IsLoopback(st.link) || s.local[st.link.Index]) {
		return c.fail(exitKernel, "cannot move %s: The interface netns is immutable", st.name())
	}
	return nil
}

// move resolves every DEVICE, checks them all, then moves them in order.
func (c *cmd) move(srcFD, dstFD int, args []string) error {
	links, err := link.DialLinks(srcFD)
	if err != nil {
		return c.fail(c.enterCode(), "cannot open the source namespace's rtnetlink: %s", nslib.Strerror(err))
	}
	s := &source{fd: srcFD, links: links}
	defer s.close()
	var steps []step
	seen := map[string]bool{}
	for _, arg := range args {
		st, err := c.resolve(s, arg)
		if err != nil {
			return err
		}
		key := "link" + strconv.Itoa(int(indexOf(st)))
		if st.phy != nil {
			key = "phy" + strconv.Itoa(int(st.phy.Index))
		}
		if !seen[key] {
			seen[key] = true
			steps = append(steps, st)
		}
	}
	same := sameNetns(srcFD, dstFD)
	if len(steps) > 1 && !same {
		// One device is moved or refused by the kernel as a whole; a batch
		// is checked first so that nothing is left half-moved.
		s.local, _, _ = link.NetnsLocalDevices(srcFD)
	}
	for _, st := range steps {
		if err := c.check(s, st, same); err != nil {
			return err
		}
	}
	if len(steps) > 1 && !same {
		if err := c.checkNames(dstFD, steps); err != nil {
			return err
		}
	}
	var moved []string
	for _, st := range steps {
		if st.via != "" {
			c.note("%s belongs to %s: moving %s (%s)", st.via, st.name(), st.name(), strings.Join(st.ifaces, ", "))
		}
		var err error
		if st.phy != nil {
			err = s.radio.MovePhy(st.phy.Index, dstFD)
		} else {
			err = s.links.Move(st.link.Index, dstFD, c.newName)
		}
		if err != nil {
			already := ""
			if len(moved) > 0 {
				already = " (already moved: " + strings.Join(moved, ", ") + ")"
			}
			return c.fail(exitKernel, "cannot move %s: %s%s", st.name(), kernelReason(err), already)
		}
		moved = append(moved, st.name())
	}
	c.rfkill(steps)
	return nil
}

// sameNetns tells a move into the namespace the devices are already in
// (the kernel takes it as done).
func sameNetns(srcFD, dstFD int) bool {
	var a, b unix.Stat_t
	if srcFD == 0 {
		if unix.Stat("/proc/thread-self/ns/net", &a) != nil {
			return false
		}
	} else if unix.Fstat(srcFD, &a) != nil {
		return false
	}
	return unix.Fstat(dstFD, &b) == nil && a.Dev == b.Dev && a.Ino == b.Ino
}

func indexOf(st step) uint32 {
	if st.link != nil {
		return st.link.Index
	}
	return 0
}

// checkNames refuses a batch in which a device would meet a namesake in
// the target: the kernel would refuse it half-way through.
func (c *cmd) checkNames(dstFD int, steps []step) error {
	dst, err := link.DialLinks(dstFD)
	if err != nil {
		return nil // the kernel will say it
	}
	defer dst.Close()
	there, err := dst.Link.List()
	if err != nil {
		return nil
	}
	taken := map[string]bool{}
	for _, l := range there {
		if l.Attributes != nil {
			taken[l.Attributes.Name] = true
		}
	}
	// A phy's interfaces are not checked: on a clash cfg80211 gives them a
	// new wlan%d name instead of refusing.
	for _, st := range steps {
		if st.link != nil && taken[st.link.Attributes.Name] {
			return c.fail(exitKernel, "cannot move %s: An interface with the same name exists in the target netns", st.name())
		}
	}
	return nil
}

// rfkill warns about moved radios that are blocked (useless where they
// went), after clearing soft blocks with --unblock. rfkill is optional:
// without /dev/rfkill nothing is said.
func (c *cmd) rfkill(steps []step) {
	for _, st := range steps {
		if st.phy == nil {
			continue
		}
		r, found, err := wifi.RfkillOfPhy(st.phy.Name)
		if err != nil || !found {
			continue
		}
		if c.unblock && r.Soft {
			if err := wifi.Unblock(r.Index); err != nil {
				c.note("warning: cannot unblock %s (rfkill%d): %s", st.name(), r.Index, nslib.Strerror(err))
			} else if r2, ok, err := wifi.RfkillOfPhy(st.phy.Name); err == nil && ok {
				r = r2
			}
		}
		switch {
		case r.Hard:
			c.note("warning: %s is hard-blocked (rfkill%d): a hardware switch keeps the radio off", st.name(), r.Index)
		case r.Soft:
			c.note("warning: %s is soft-blocked (rfkill%d): unblock it with nsmove --unblock or rfkill unblock %d", st.name(), r.Index, r.Index)
		}
	}
}
