package nsmove

import (
	"strconv"
	"strings"
	"text/tabwriter"

	"nsbox/applets/applet"
	"nsbox/nslib"
	"nsbox/nslib/link"
	"nsbox/wifi"
)

// entry is one line of --list: a network device or a phy.
type entry struct {
	Name      string
	Ifindex   uint32 // a device's
	PhyIndex  *uint32
	Kind      string // loopback, physical, virtual, wireless, phy
	LinkKind  string // rtnl kind: veth, bridge…
	Movable   bool
	MovesWith string // a wireless interface: its phy
	Immutable bool   // the kernel's netns_immutable
	Ifaces    []string
	Rfkill    string // a phy: unblocked, soft, hard, soft+hard
}

// appendJSON writes e as one JSON object; empty optional members are left
// out. (Hand-written: encoding/json would cost ~90 KB of binary.)
func (e entry) appendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = applet.AppendJSONString(b, e.Name)
	if e.Ifindex != 0 {
		b = strconv.AppendUint(append(b, `,"ifindex":`...), uint64(e.Ifindex), 10)
	}
	if e.PhyIndex != nil {
		b = strconv.AppendUint(append(b, `,"phy_index":`...), uint64(*e.PhyIndex), 10)
	}
	b = applet.AppendJSONString(append(b, `,"kind":`...), e.Kind)
	if e.LinkKind != "" {
		b = applet.AppendJSONString(append(b, `,"link_kind":`...), e.LinkKind)
	}
	b = strconv.AppendBool(append(b, `,"movable":`...), e.Movable)
	if e.MovesWith != "" {
		b = applet.AppendJSONString(append(b, `,"moves_with":`...), e.MovesWith)
	}
	if e.Immutable {
		b = append(b, `,"netns_immutable":true`...)
	}
	if len(e.Ifaces) > 0 {
		b = append(b, `,"interfaces":[`...)
		for i, n := range e.Ifaces {
			if i > 0 {
				b = append(b, ',')
			}
			b = applet.AppendJSONString(b, n)
		}
		b = append(b, ']')
	}
	if e.Rfkill != "" {
		b = applet.AppendJSONString(append(b, `,"rfkill":`...), e.Rfkill)
	}
	return append(b, '}')
}

// listDevices prints every device and phy of the source namespace with
// whether it can change namespace.
func (c *cmd) listDevices() error {
	src, err := c.openSource()
	if err != nil {
		return err
	}
	if src != nil {
		defer src.Close()
	}
	links, err := link.DialLinks(fdOf(src))
	if err != nil {
		return c.fail(c.enterCode(), "cannot open rtnetlink: %s", nslib.Strerror(err))
	}
	s := &source{fd: fdOf(src), links: links}
	defer s.close()
	all, err := links.Link.List()
	if err != nil {
		return c.fail(exitKernel, "cannot list devices: %s", kernelReason(err))
	}
	if _, err := s.wireless(); err != nil {
		return c.fail(exitKernel, "cannot list wireless phys: %s", kernelReason(err))
	}
	s.local, _, _ = link.NetnsLocalDevices(s.fd)
	phyName := map[uint32]string{}
	for _, p := range s.phys {
		phyName[p.Index] = p.Name
	}
	wireless := map[uint32]string{}
	for _, it := range s.ifaces {
		wireless[it.Index] = phyName[it.Phy]
	}
	var entries []entry
	for i := range all {
		l := &all[i]
		if l.Attributes == nil {
			continue
		}
		e := entry{Name: l.Attributes.Name, Ifindex: l.Index, LinkKind: link.LinkKind(l), Movable: true}
		switch {
		case link.IsLoopback(l):
			e.Kind, e.Movable, e.Immutable = "loopback", false, true
		case wireless[l.Index] != "":
			e.Kind, e.MovesWith = "wireless", wireless[l.Index]
		case e.LinkKind != "":
			e.Kind = "virtual"
		default:
			e.Kind = "physical"
		}
		if s.local[l.Index] {
			// A wireless interface is immutable too, but moves with its phy.
			e.Immutable, e.Movable = true, e.Kind == "wireless"
		}
		entries = append(entries, e)
	}
	rf, _ := wifi.RfkillStates()
	for _, p := range s.phys {
		idx := p.Index
		e := entry{Name: p.Name, PhyIndex: &idx, Kind: "phy", Movable: p.CanChangeNetns,
			Ifaces: wifi.PhyInterfaces(s.ifaces, p.Index)}
		for _, r := range rf {
			if r.Phy == p.Name {
				e.Rfkill = rfkillWord(r)
			}
		}
		entries = append(entries, e)
	}
	if c.json {
		b := []byte{'['}
		for i, e := range entries {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendJSON(b)
		}
		c.out.Write(append(b, ']', '\n'))
		return nil
	}
	tw := tabwriter.NewWriter(c.out, 0, 0, 2, ' ', 0)
	tw.Write([]byte("NAME\tKIND\tMOVABLE\tDETAILS\n"))
	for _, e := range entries {
		tw.Write([]byte(e.Name + "\t" + e.Kind + "\t" + movableWord(e) + "\t" + details(e) + "\n"))
	}
	return tw.Flush()
}

func movableWord(e entry) string {
	switch {
	case e.MovesWith != "":
		return "with " + e.MovesWith
	case e.Movable:
		return "yes"
	}
	return "no"
}

func details(e entry) string {
	var d []string
	if e.LinkKind != "" {
		d = append(d, e.LinkKind)
	}
	if e.Immutable {
		d = append(d, "netns-immutable")
	}
	if e.PhyIndex != nil {
		d = append(d, "phy#"+strconv.FormatUint(uint64(*e.PhyIndex), 10))
		if !e.Movable {
			d = append(d, "no set_wiphy_netns")
		}
		if len(e.Ifaces) > 0 {
			d = append(d, "interfaces: "+strings.Join(e.Ifaces, ","))
		}
		if e.Rfkill != "" && e.Rfkill != "unblocked" {
			d = append(d, "rfkill: "+e.Rfkill+"-blocked")
		}
	}
	return strings.Join(d, "; ")
}

func rfkillWord(r wifi.Rfkill) string {
	switch {
	case r.Soft && r.Hard:
		return "soft+hard"
	case r.Soft:
		return "soft"
	case r.Hard:
		return "hard"
	}
	return "unblocked"
}
