package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The oracle's output must be byte-for-byte reproducible, so it is written by
// hand rather than with encoding/json (which sorts map keys and escapes <, >
// and &). A value is one of: nil, object, []any, string, *string, bool, int,
// verbatim.

// member is one key of an object.
type member struct {
	key   string
	value any
}

// object is a JSON object whose keys keep their order.
type object []member

// verbatim is JSON text copied to the output as it is (a batch request's id).
type verbatim []byte

// compact renders v on one line.
func compact(v any) []byte {
	var b bytes.Buffer
	writeCompact(&b, v)
	return b.Bytes()
}

func writeCompact(b *bytes.Buffer, v any) {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case object:
		b.WriteByte('{')
		for i, m := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, m.key)
			b.WriteByte(':')
			writeCompact(b, m.value)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			writeCompact(b, e)
		}
		b.WriteByte(']')
	case string:
		writeString(b, t)
	case *string:
		if t == nil {
			b.WriteString("null")
		} else {
			writeString(b, *t)
		}
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case int:
		b.WriteString(strconv.Itoa(t))
	case verbatim:
		b.Write(t)
	default:
		panic(fmt.Sprintf("no JSON form for %T", v))
	}
}

// inlineWidth: with -pretty, an object or array whose one-line form is at
// most this long stays on one line (label pairs, small metrics).
const inlineWidth = 100

// indented renders v like json.MarshalIndent with two spaces, except that
// values short enough stay on one line.
func indented(v any) []byte {
	var b bytes.Buffer
	writeIndented(&b, v, 0)
	return b.Bytes()
}

func writeIndented(b *bytes.Buffer, v any, depth int) {
	line := compact(v)
	if len(line) <= inlineWidth {
		b.Write(line)
		return
	}
	inner := strings.Repeat("  ", depth+1)
	outer := strings.Repeat("  ", depth)
	switch t := v.(type) {
	case object:
		b.WriteString("{\n")
		for i, m := range t {
			b.WriteString(inner)
			writeString(b, m.key)
			b.WriteString(": ")
			writeIndented(b, m.value, depth+1)
			if i+1 < len(t) {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(outer + "}")
	case []any:
		b.WriteString("[\n")
		for i, e := range t {
			b.WriteString(inner)
			writeIndented(b, e, depth+1)
			if i+1 < len(t) {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(outer + "]")
	default:
		b.Write(line)
	}
}

// writeString quotes s as encoding/json does without HTML escaping: `"` and
// `\` escaped, \n \r \t by name, other control bytes and DEL as \u00XX,
// U+2028 and U+2029 as \u escapes, and each byte that is not valid UTF-8 as
// \ufffd.
func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && n == 1:
				b.WriteString(`\ufffd`)
			case r == '\u2028' || r == '\u2029':
				fmt.Fprintf(b, `\u%04x`, r)
			default:
				b.WriteString(s[i : i+n])
			}
			i += n
			continue
		}
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 || c == 0x7f {
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			} else {
				b.WriteByte(c)
			}
		}
		i++
	}
	b.WriteByte('"')
}
