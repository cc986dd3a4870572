package applet

import "unicode/utf8"

// AppendJSONString appends s as a JSON string, the one escaper of every
// applet's JSON. Its escapes are util-linux's fputs_quoted_json (\" \\ \b
// \f \n \r \t, other bytes below 0x20 as \u00xx), which covers iproute2's
// json_writer's and also the control bytes iproute2 passes through raw
// (invalid JSON, RFC 8259 section 7). A byte that is not part of valid
// UTF-8 becomes \ufffd, as in encoding/json: RFC 8259 section 8.1 allows
// only UTF-8, and strict parsers reject the raw byte both anchors write.
func AppendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c >= 0x20:
			b = append(b, c)
		case c == '\b':
			b = append(b, `\b`...)
		case c == '\f':
			b = append(b, `\f`...)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '\r':
			b = append(b, `\r`...)
		case c == '\t':
			b = append(b, `\t`...)
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		i++
	}
	return append(b, '"')
}
