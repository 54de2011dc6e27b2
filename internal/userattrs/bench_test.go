package userattrs

import (
	"encoding/json"
	"fmt"
	"testing"
)

var fiveTypes = map[string]string{
	"Status": "string", "ARR": "number", "RenewalDate": "date", "Plan": "string", "account.tier": "string",
}

func benchConfig(n int) Config {
	c := Config{UserIDProperty: "Email", Types: fiveTypes, Users: make(map[string]map[string]string, n)}
	for i := range n {
		c.Users[fmt.Sprintf("user%06d@example.com", i)] = map[string]string{
			"Status": "Active", "ARR": fmt.Sprint(1000 + i), "RenewalDate": "2027-01-31",
			"Plan": "enterprise", "account.tier": "gold",
		}
	}
	return c
}

// The sizes show the growth: time per user must stay flat from 1,000 to 100,000 users.
var benchSizes = []int{1000, 10000, 100000}

func perUser(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/user")
}

func BenchmarkValidate(b *testing.B) {
	for _, n := range benchSizes {
		c := benchConfig(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if probs := Validate(c, nil); len(probs) != 0 {
					b.Fatal(probs[0].Detail)
				}
			}
			perUser(b, n)
		})
	}
}

func BenchmarkPlanNoop(b *testing.B) {
	for _, n := range benchSizes {
		c := benchConfig(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if p := NewPlan(c, c); len(p.Batches) != 0 {
					b.Fatal("no-op plan sends")
				}
			}
			perUser(b, n)
		})
	}
}

func BenchmarkPlanOneChange(b *testing.B) {
	for _, n := range benchSizes {
		prior := benchConfig(n)
		desired := cloneConfig(prior)
		desired.Users["user000007@example.com"]["Status"] = "Churned"
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if p := NewPlan(prior, desired); p.Records() != 1 {
					b.Fatal("one change must send one record")
				}
			}
			perUser(b, n)
		})
	}
}

// BenchmarkCreateRecords is everything a create does short of HTTP: plan, records, JSON.
func BenchmarkCreateRecords(b *testing.B) {
	for _, n := range benchSizes {
		c := benchConfig(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				s, err := NewSchema(c.UserIDProperty, c.Types)
				if err != nil {
					b.Fatal(err)
				}
				p := NewPlan(Config{}, c)
				for _, batch := range p.Batches {
					recs := make([]map[string]any, 0, len(batch))
					for _, id := range batch {
						rec, err := s.Record(id, c.Users[id])
						if err != nil {
							b.Fatal(err)
						}
						recs = append(recs, rec)
					}
					if _, err := json.Marshal(map[string]any{"token": "t", "data": recs}); err != nil {
						b.Fatal(err)
					}
				}
			}
			perUser(b, n)
		})
	}
}
