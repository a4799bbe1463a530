package journey

import "strings"

// The dictionaries of the model: a Log's customers, names, channels and
// touchpoints and a PathTable's channels are coded by first appearance, a
// string's code being its index in the dictionary.

// maxCodes is the most entries a dictionary can hold: codes are int32.
const maxCodes = 1<<31 - 1

// intern returns the code of s in dict, adding s if new; idx caches the
// codes and is built on first use.
func intern(idx *map[string]int32, dict *[]string, s string) int32 {
	if *idx == nil {
		*idx = make(map[string]int32, len(*dict)+16)
		for i, v := range *dict {
			(*idx)[v] = int32(i)
		}
	}
	if c, ok := (*idx)[s]; ok {
		return c
	}
	c := int32(len(*dict))
	s = strings.Clone(s)
	*dict = append(*dict, s)
	(*idx)[s] = c
	return c
}
