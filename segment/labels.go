package segment

import "fmt"

// Helpers on cluster labels, shared by the quality indices, profiles and
// the silhouette.

// clusterIndex checks labels against n points and groups the rows by
// cluster: members[c] lists the rows of the c-th non-empty cluster in
// increasing order and id[i] is the compact cluster of row i.
func clusterIndex(labels []int, n int) (members [][]int, id []int, err error) {
	if len(labels) != n {
		return nil, nil, fmt.Errorf("%w: %d labels for %d points", ErrLength, len(labels), n)
	}
	// Labels are below n, so a slice maps them to compact clusters (in
	// order of first appearance); a first pass sizes every cluster.
	slot := make([]int, n) // label → compact cluster + 1; 0: not seen yet
	id = make([]int, n)
	var sizes []int
	for i, l := range labels {
		if l < 0 || l >= n {
			return nil, nil, inputErr(i, "label", l, ErrOutOfRange, "0..%d", n-1)
		}
		if slot[l] == 0 {
			sizes = append(sizes, 0)
			slot[l] = len(sizes)
		}
		c := slot[l] - 1
		id[i] = c
		sizes[c]++
	}
	members = make([][]int, len(sizes))
	rows := make([]int, 0, n) // one backing array for all clusters
	for c, size := range sizes {
		members[c] = rows[len(rows) : len(rows) : len(rows)+size]
		rows = rows[:len(rows)+size]
	}
	for i, c := range id {
		members[c] = append(members[c], i)
	}
	return members, id, nil
}
