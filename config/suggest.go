package config

import "strings"

// suggestKey proposes the intended dotted key for an unknown key in a known section:
// the same name spelled differently (app-password), a close misspelling (usrname), or
// a shortened name (url for api_url), or the right name in the wrong section (token
// under [wordpress]).
func suggestKey(section, key string) string {
	if best := closest(key, knownKeys[section]); best != "" {
		return section + "." + best
	}
	// "url" under [medium] means api_url more likely than wordpress.url.
	for _, k := range knownKeys[section] {
		if strings.HasSuffix(k, "_"+normalize(key)) {
			return section + "." + k
		}
	}
	return suggestAnywhere(key)
}

// suggestAnywhere looks for key among every section's keys.
func suggestAnywhere(key string) string {
	for _, s := range sectionOrder {
		if best := closest(key, knownKeys[s]); best != "" && normalize(best) == normalize(key) {
			return s + "." + best
		}
	}
	for _, s := range sectionOrder {
		if best := closest(key, knownKeys[s]); best != "" {
			return s + "." + best
		}
	}
	return ""
}

// closest returns the candidate that key most likely meant, or "" if none is close.
func closest(key string, candidates []string) string {
	n := normalize(key)
	best, bestDist := "", -1
	for _, c := range candidates {
		if n == c {
			return c
		}
		d := levenshtein(n, c)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := 2
	if len(n) <= 4 {
		limit = 1
	}
	if bestDist >= 0 && bestDist <= limit {
		return best
	}
	return ""
}

func normalize(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer("-", "_", " ", "_", ".", "_").Replace(s)
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
