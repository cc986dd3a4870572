package netns

import (
	"bufio"
	"strconv"

	"nsbox/applets/applet"
)

// jsonWriter reproduces iproute2's json_writer byte for byte, compact and
// pretty (-p): "[ {" and "} ]" around arrays and four-space indents; its
// strings are valid JSON where iproute2's are not (docs/netns.md).
type jsonWriter struct {
	w      *bufio.Writer
	pretty bool
	depth  int
	sep    byte
	buf    []byte
}

func (j *jsonWriter) eol() {
	if !j.pretty {
		return
	}
	j.w.WriteByte('\n')
	for i := 0; i < j.depth; i++ {
		j.w.WriteString("    ")
	}
}

func (j *jsonWriter) eor() {
	if j.sep != 0 {
		j.w.WriteByte(j.sep)
	}
	j.sep = ','
}

func (j *jsonWriter) begin(c byte) {
	j.eor()
	j.w.WriteByte(c)
	j.depth++
	j.sep = 0
}

func (j *jsonWriter) end(c byte) {
	j.depth--
	if j.sep != 0 {
		j.eol()
	}
	j.w.WriteByte(c)
	j.sep = ','
}

func (j *jsonWriter) startArray() {
	j.begin('[')
	if j.pretty {
		j.w.WriteByte(' ')
	}
}

func (j *jsonWriter) endArray() {
	if j.pretty && j.sep != 0 {
		j.w.WriteByte(' ')
	}
	j.sep = 0
	j.end(']')
}

func (j *jsonWriter) startObject() { j.begin('{') }
func (j *jsonWriter) endObject()   { j.end('}') }

func (j *jsonWriter) name(n string) {
	j.eor()
	j.eol()
	j.sep = 0
	j.puts(n)
	j.w.WriteByte(':')
	if j.pretty {
		j.w.WriteByte(' ')
	}
}

// puts writes s quoted (applet.AppendJSONString): iproute2's escapes, and
// also the control bytes and invalid UTF-8 it writes raw.
func (j *jsonWriter) puts(s string) {
	j.buf = applet.AppendJSONString(j.buf[:0], s)
	j.w.Write(j.buf)
}

// Values, like names, go through eor: the first gets no separator, and
// whatever follows them gets a comma.
func (j *jsonWriter) str(key, v string) {
	j.name(key)
	j.eor()
	j.puts(v)
}

func (j *jsonWriter) int(key string, v int64) {
	j.name(key)
	j.eor()
	j.w.WriteString(strconv.FormatInt(v, 10))
}

func (j *jsonWriter) bool(key string, v bool) {
	j.name(key)
	j.eor()
	j.w.WriteString(strconv.FormatBool(v))
}

// intArray writes "key":[1,2,3] in the writer's style.
func (j *jsonWriter) intArray(key string, vs []int) {
	j.name(key)
	j.startArray()
	for _, v := range vs {
		j.eor()
		j.w.WriteString(strconv.Itoa(v))
	}
	j.endArray()
}

// objects writes "key":[{…},…], the fields of object i written by item(i).
func (j *jsonWriter) objects(key string, n int, item func(i int)) {
	j.name(key)
	j.startArray()
	for i := 0; i < n; i++ {
		j.startObject()
		item(i)
		j.endObject()
	}
	j.endArray()
}
