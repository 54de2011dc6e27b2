package acctest

import "testing"

func TestStringList(t *testing.T) {
	if err := StringList("bob", "carol").CheckValue([]any{"bob", "carol"}); err != nil {
		t.Error(err)
	}
	if err := StringList().CheckValue([]any{}); err != nil {
		t.Errorf("an empty list: %v", err)
	}
	for _, got := range [][]any{{"carol", "bob"}, {"bob"}, {"bob", "carol", "dave"}, {}} {
		if StringList("bob", "carol").CheckValue(got) == nil {
			t.Errorf("StringList(bob, carol) accepted %v", got)
		}
	}
}
