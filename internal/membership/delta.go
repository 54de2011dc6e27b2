package membership

// Delta returns the IDs to add (in target, not in current) and to remove (in current,
// not in target). Both inputs must be sorted sets; the outputs are sorted sets. O(n+m).
func Delta(current, target []string) (add, remove []string) {
	i, j := 0, 0
	for i < len(current) && j < len(target) {
		switch c, t := current[i], target[j]; {
		case c == t:
			i++
			j++
		case c < t:
			remove = append(remove, c)
			i++
		default:
			add = append(add, t)
			j++
		}
	}
	remove = append(remove, current[i:]...)
	add = append(add, target[j:]...)
	return add, remove
}

// Union returns the sorted set a ∪ b of two sorted sets.
func Union(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		default:
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// Subtract returns the sorted set a \ b of two sorted sets.
func Subtract(a, b []string) []string {
	out := make([]string, 0, len(a))
	i, j := 0, 0
	for i < len(a) {
		switch {
		case j == len(b) || a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] == b[j]:
			i++
			j++
		default:
			j++
		}
	}
	return out
}

// Sample returns at most n IDs from the start of ids, for a reviewer-facing summary.
func Sample(ids []string, n int) []string {
	if len(ids) > n {
		ids = ids[:n]
	}
	return append([]string{}, ids...)
}
