package userattrs

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

var benchTypes = map[string]string{"Status": "string", "ARR": "number", "RenewalDate": "date", "Plan": "string", "Region": "string",
	"Seats": "number", "Tier": "string", "Owner": "string", "Segment": "string", "Score": "number"}

func benchCSV(n int) string {
	var b strings.Builder
	b.WriteString("Email,Status,ARR,RenewalDate,Plan,Region,Seats,Tier,Owner,Segment,Score\n")
	for i := range n {
		fmt.Fprintf(&b, "user%07d@example-corp.com,Active,%d,2027-%02d-%02d,enterprise,emea,%d,gold,owner%d@example-corp.com,smb,%d.5\n",
			i, 1000+i, 1+i%12, 1+i%28, 1+i%500, i%97, i%100)
	}
	return b.String()
}

// BenchmarkFile100k measures each step a plan of a 100,000-user file takes.
func BenchmarkFile100k(b *testing.B) {
	content := benchCSV(100000)
	table, err := ParseTable(FormatCSV, content, "Email", benchTypes)
	if err != nil {
		b.Fatal(err)
	}
	enc, _ := table.Encode()
	changed := strings.Replace(content, "user0000007@example-corp.com,Active", "user0000007@example-corp.com,Churned", 1)
	changedTable, err := ParseTable(FormatCSV, changed, "Email", benchTypes)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC() // the garbage of making the data is not the steps'

	b.Run("parse", func(b *testing.B) { // into a table
		for b.Loop() {
			_, _ = ParseTable(FormatCSV, content, "Email", benchTypes)
		}
	})
	b.Run("parse-maps", func(b *testing.B) { // the one pass that words problems
		for b.Loop() {
			_, _ = ParseFile(FormatCSV, content, "Email", benchTypes)
		}
	})
	b.Run("digest", func(b *testing.B) {
		for b.Loop() {
			t := &Table{names: table.names, ids: table.ids, vals: table.vals, has: table.has} // not digested yet
			t.Digest()
		}
	})
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			_, _ = table.Encode()
		}
	})
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			_, _, _ = Decode(enc)
		}
	})
	b.Run("open-stored", func(b *testing.B) {
		for b.Loop() {
			_, _ = OpenStored(enc)
		}
	})
	b.Run("plan-stored", func(b *testing.B) { // a one-user change, against the stored users
		desired := TableConfig{UserIDProperty: "Email", Types: benchTypes, Users: changedTable}
		st, _ := OpenStored(enc)
		for b.Loop() {
			_, _, _ = st.Plan("Email", benchTypes, desired)
		}
	})
	b.Run("plan", func(b *testing.B) { // maps: inline users
		c := Config{UserIDProperty: "Email", Types: benchTypes, Users: table.Users()}
		for b.Loop() {
			NewPlan(c, c)
		}
	})
	b.Logf("encoded %d bytes", len(enc))
}
