package wifi

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// rfkill is global, not per network namespace: one switch per phy, named
// after it. The state comes from /dev/rfkill (the kernel queues an "add"
// event for every switch when it is opened, as `rfkill list` reads it), and
// the switch is tied to its phy by the sysfs link of the switch, which is
// read with readlink only: the phy directory it points into is hidden when
// the phy lives in another namespace than the one /sys was mounted in.
const (
	rfkillDev       = "/dev/rfkill"
	rfkillClass     = "/sys/class/rfkill/rfkill"
	rfkillEventSize = 8 // struct rfkill_event (v1): idx u32, type, op, soft, hard u8
	rfkillOpAdd     = 0
	rfkillOpChange  = 2
	rfkillTypeAll   = 0
)

// Rfkill is one radio switch of a phy.
type Rfkill struct {
	Index      uint32 // rfkillN
	Phy        string // the phy it belongs to ("" if not a phy's switch)
	Soft, Hard bool   // blocked by software (rfkill block) or by a hardware switch
}

// Blocked tells whether the radio is off for either reason.
func (r Rfkill) Blocked() bool { return r.Soft || r.Hard }

// RfkillStates returns every rfkill switch with its phy and block state.
func RfkillStates() ([]Rfkill, error) {
	fd, err := unix.Open(rfkillDev, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: rfkillDev, Err: err}
	}
	defer unix.Close(fd)
	var states []Rfkill
	for {
		var buf [64]byte
		n, err := unix.Read(fd, buf[:])
		if err == unix.EAGAIN {
			return states, nil
		}
		if err != nil {
			return states, &os.PathError{Op: "read", Path: rfkillDev, Err: err}
		}
		if n < rfkillEventSize {
			continue
		}
		if ev := decodeRfkillEvent(buf[:n]); ev.op == rfkillOpAdd {
			states = append(states, Rfkill{Index: ev.idx, Phy: rfkillPhy(ev.idx), Soft: ev.soft != 0, Hard: ev.hard != 0})
		}
	}
}

// RfkillOfPhy returns the switch of the named phy (found false if it has
// none, or rfkill is not available).
func RfkillOfPhy(phy string) (r Rfkill, found bool, err error) {
	states, err := RfkillStates()
	if err != nil {
		return Rfkill{}, false, err
	}
	for _, s := range states {
		if s.Phy == phy {
			return s, true, nil
		}
	}
	return Rfkill{}, false, nil
}

// rfkillPhy names the phy a switch belongs to: its sysfs link points to
// …/ieee80211/PHY/rfkillN.
func rfkillPhy(idx uint32) string {
	target, err := os.Readlink(rfkillClass + strconv.FormatUint(uint64(idx), 10))
	if err != nil {
		return ""
	}
	dir := filepath.Dir(target)
	if filepath.Base(filepath.Dir(dir)) != "ieee80211" {
		return ""
	}
	return filepath.Base(dir)
}

// Unblock clears the soft block of switch idx, as `rfkill unblock IDX`: an
// RFKILL_OP_CHANGE event written to /dev/rfkill. A hard block stays.
func Unblock(idx uint32) error {
	fd, err := unix.Open(rfkillDev, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &os.PathError{Op: "open", Path: rfkillDev, Err: err}
	}
	defer unix.Close(fd)
	ev := rfkillEvent{idx: idx, typ: rfkillTypeAll, op: rfkillOpChange}
	if _, err := unix.Write(fd, ev.encode()); err != nil {
		return &os.PathError{Op: "write", Path: rfkillDev, Err: err}
	}
	return nil
}

// rfkillEvent is struct rfkill_event (v1), idx in the CPU's byte order.
type rfkillEvent struct {
	idx                 uint32
	typ, op, soft, hard uint8
}

func (e rfkillEvent) encode() []byte {
	b := make([]byte, rfkillEventSize)
	binary.NativeEndian.PutUint32(b, e.idx)
	b[4], b[5], b[6], b[7] = e.typ, e.op, e.soft, e.hard
	return b
}

// decodeRfkillEvent reads an event of at least rfkillEventSize bytes.
func decodeRfkillEvent(b []byte) rfkillEvent {
	return rfkillEvent{idx: binary.NativeEndian.Uint32(b), typ: b[4], op: b[5], soft: b[6], hard: b[7]}
}
