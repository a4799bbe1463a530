package wire

import (
	"fmt"
	"strings"
)

// EnumText returns names[v] for an enumeration's MarshalText, or an error
// naming the type when v has no name.
func EnumText(typ string, names []string, v int) ([]byte, error) {
	if v < 0 || v >= len(names) || names[v] == "" {
		return nil, fmt.Errorf("%s(%d) has no name", typ, v)
	}
	return []byte(names[v]), nil
}

// EnumString returns names[v] for an enumeration's String method, or
// "typ(v)" when v has no name.
func EnumString(typ string, names []string, v int) string {
	if v < 0 || v >= len(names) || names[v] == "" {
		return fmt.Sprintf("%s(%d)", typ, v)
	}
	return names[v]
}

// ParseEnum returns the index of text in names, for an enumeration's
// UnmarshalText. An unknown name is an error that lists the known ones.
func ParseEnum(typ string, names []string, text []byte) (int, error) {
	for i, n := range names {
		if n != "" && n == string(text) {
			return i, nil
		}
	}
	var known []string
	for _, n := range names {
		if n != "" {
			known = append(known, fmt.Sprintf("%q", n))
		}
	}
	return 0, fmt.Errorf("unknown %s %q (known: %s)", typ, text, strings.Join(known, ", "))
}
