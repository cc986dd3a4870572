package procscan

import "testing"

func TestLinkIno(t *testing.T) {
	for _, tc := range []struct {
		link string
		ino  uint64
		ok   bool
	}{
		{"net:[4026531840]", 4026531840, true},
		{"cgroup:[4026531835]", 4026531835, true},
		{"time:[x1]", 0, false},
		{"net:[]", 0, false},
		{":[1]", 0, false},
		{"net:[12", 0, false},
	} {
		ino, ok := linkIno([]byte(tc.link))
		if ok != tc.ok || (ok && ino != tc.ino) {
			t.Errorf("linkIno(%q) = %d, %v; want %d, %v", tc.link, ino, ok, tc.ino, tc.ok)
		}
	}
}

// BenchmarkScanSystem scans this machine's /proc as lsns does by default.
func BenchmarkScanSystem(b *testing.B) {
	var cfg ScanConfig
	for i := range cfg.Types {
		cfg.Types[i] = true
	}
	cfg.Relations, cfg.FDs, cfg.Mounts, cfg.AllMntNS = true, true, true, true
	for i := 0; i < b.N; i++ {
		if _, err := ScanSystem(cfg); err != nil {
			b.Fatal(err)
		}
	}
}
