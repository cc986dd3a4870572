package rundir

import "testing"

func TestValidName(t *testing.T) {
	long := make([]byte, 256)
	for i := range long {
		long[i] = 'a'
	}
	for _, tc := range []struct {
		name string
		want bool
	}{{"a", true}, {"with space", true}, {"-x", true}, {"ü", true}, {"", false}, {".", false}, {"..", false},
		{"a/b", false}, {"/", false}, {string(long[:255]), true}, {string(long), false}} {
		if got := ValidName(tc.name); got != tc.want {
			t.Errorf("ValidName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
