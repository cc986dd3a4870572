package netns

import (
	"bufio"
	"io"
	"reflect"
	"strings"
	"testing"
)

func readBatch(s string) (lines [][]string, nums []int, err error) {
	br := &batchReader{r: bufio.NewReader(strings.NewReader(s))}
	for {
		words, err := br.next()
		if err == io.EOF {
			return lines, nums, nil
		}
		if err != nil {
			return lines, nums, err
		}
		lines = append(lines, words)
		nums = append(nums, br.line)
	}
}

func TestBatchReader(t *testing.T) {
	for _, tc := range []struct {
		in    string
		lines [][]string
		nums  []int
		err   error
	}{
		{"netns add a\n", [][]string{{"netns", "add", "a"}}, []int{1}, nil},
		{"# comment\n\n  netns  list  # tail\n", [][]string{{"netns", "list"}}, []int{3}, nil},
		{"netns add \"a b\" 'c\"d'\n", [][]string{{"netns", "add", "a b", "c\"d"}}, []int{1}, nil},
		{"netns exec x echo '\\$\\$'\n", [][]string{{"netns", "exec", "x", "echo", "\\$\\$"}}, []int{1}, nil},
		{"netns \\\nadd a\nnetns list", [][]string{{"netns", "add", "a"}, {"netns", "list"}}, []int{2, 3}, nil},
		{"netns add \"a#b\"\n", nil, nil, errUnterminated},
		{"netns add 'x\n", nil, nil, errUnterminated},
		{"netns \\\n", nil, nil, errMissingContinuation},
		{"\"a\"b\n", [][]string{{"a", "b"}}, []int{1}, nil},
		{"x" + strings.Repeat(" y", 99) + "\n", nil, nil, errTooManyArgs},
		{"netns add a\x00b\n\x00x\nnetns add c\x00\\\nnetns list\n", [][]string{{"netns", "add", "a"}, {"netns", "add", "c"}, {"netns", "list"}}, []int{1, 3, 4}, nil},
		{"netns \\\nadd a\x00 \\\nnetns list\n", [][]string{{"netns", "add", "a"}, {"netns", "list"}}, []int{2, 3}, nil},
	} {
		lines, nums, err := readBatch(tc.in)
		if err != tc.err || !reflect.DeepEqual(lines, tc.lines) || !reflect.DeepEqual(nums, tc.nums) {
			t.Errorf("batch %q = %q %v %v; want %q %v %v", tc.in, lines, nums, err, tc.lines, tc.nums, tc.err)
		}
	}
}

// addsAhead counts the add among the current line and the next
// addLookahead complete lines in the buffer, whatever their spelling.
func TestAddsAhead(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int // for each line read
	}{
		{"netns add a\nnetns add b\nnetns add c\nnetns add d\n", []int{3, 3, 2, 1}},
		{"netns add a\nnetns list\nnet a b\nnetns add c\n", []int{2, 2, 2, 1}},
		{"netns list\n# c\n\nnetns add a\nnetns ad b\n", []int{2, 2, 1}},
		{"netns add a\nnetns add b\nnetns add c", []int{2, 1, 1}}, // the last line may not be whole yet
		{"netns add a\nnetns \\\nadd b\nnetns add c\n", []int{3, 2, 1}},
		{"netns add a\nfoo add b\nnetns exec a add\n", []int{1, 0, 0}},
	} {
		br := &batchReader{r: bufio.NewReader(strings.NewReader(tc.in))}
		var got []int
		for {
			words, err := br.next()
			if err != nil {
				break
			}
			got = append(got, br.addsAhead(words))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: adds ahead %v, want %v", tc.in, got, tc.want)
		}
	}
}

// FuzzBatchReader: any input ends (EOF or an error), never panics, and
// yields no empty lines and no unquoted blanks in words.
func FuzzBatchReader(f *testing.F) {
	for _, s := range []string{"netns add a\n", "# c\nnetns list\n", "a \"b c\" 'd'\n", "x \\\ny\n", "'open\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines, _, _ := readBatch(s)
		for _, l := range lines {
			if len(l) == 0 || len(l) >= maxBatchArgs {
				t.Fatalf("line with %d words from %q", len(l), s)
			}
		}
	})
}

func TestJSONWriter(t *testing.T) {
	for _, pretty := range []bool{false, true} {
		var b strings.Builder
		w := bufio.NewWriter(&b)
		j := &jsonWriter{w: w, pretty: pretty}
		j.startArray()
		j.startObject()
		j.str("name", "q\"\\\t'")
		j.int("id", 5)
		j.endObject()
		j.startObject()
		j.str("name", "b")
		j.endObject()
		j.endArray()
		w.Flush()
		want := `[{"name":"q\"\\\t'","id":5},{"name":"b"}]`
		if pretty {
			want = "[ {\n        \"name\": \"q\\\"\\\\\\t'\",\n        \"id\": 5\n    },{\n        \"name\": \"b\"\n    } ]"
		}
		if b.String() != want {
			t.Errorf("pretty=%v:\n got %q\nwant %q", pretty, b.String(), want)
		}
	}
	var b strings.Builder
	w := bufio.NewWriter(&b)
	j := &jsonWriter{w: w, pretty: true}
	j.startArray()
	j.endArray()
	w.Flush()
	if b.String() != "[ ]" {
		t.Errorf("empty pretty array = %q, want \"[ ]\"", b.String())
	}
}
