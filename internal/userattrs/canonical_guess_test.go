package userattrs

import "testing"

// TestCanonicalNamesGuess: writeCanonical guesses that one user's attribute names are every
// user's, and writes again with the union when a user differs. Whichever user the guess is
// taken from, the digest and the encoded users stay those of the canonical form (the values
// are pinned: state holds the digest, so it must never change).
func TestCanonicalNamesGuess(t *testing.T) {
	cases := []struct {
		name   string
		users  map[string]map[string]string
		digest string
	}{
		{"same names", map[string]map[string]string{"a": {"x": "1", "y": "2"}, "b": {"x": "3", "y": "4"}},
			"635ffb9dc07f915992d2fe376afcdb93c6dc9bbd4f01bf75c9282ab23c80cb7b"},
		{"a subset", map[string]map[string]string{"a": {"x": "1", "y": "2"}, "b": {"x": "3"}},
			"230cd581a9cecb64a6fcdf32b255bb7f7956d7c37e98bdeebb2085d3b93409e6"},
		{"other names, same count", map[string]map[string]string{"a": {"x": "1"}, "b": {"y": "2"}},
			"fb1ed7ee303dc67ab411b3450f18f3da1028fa8b90f697f49751fd97e1670af0"},
		{"a superset", map[string]map[string]string{"a": {"x": "1"}, "b": {"x": "2", "y": "3"}, "c": {"z": "4"}},
			"6d4c251218a535c7db520e0e41a74d86a5b3dba90d34aedb34d261b49cfbfe81"},
		{"no attributes", map[string]map[string]string{"a": {}, "b": {"x": "1"}},
			"6cf5bf81527fb61a235c8d4baaf15844d041c91fb20923601df99f3a19051970"},
	}
	for _, c := range cases {
		// Map order picks the guess: repeat so that every user is likely to be picked.
		for range 20 {
			if d := Digest(c.users); d != c.digest {
				t.Fatalf("%s: digest %s, want %s", c.name, d, c.digest)
			}
			data, err := Encode(c.users)
			if err != nil {
				t.Fatal(err)
			}
			got, digest, err := Decode(data)
			if err != nil || digest != c.digest || !equalUsers(got, c.users) {
				t.Fatalf("%s: round trip %v %s %v", c.name, got, digest, err)
			}
		}
	}
}
