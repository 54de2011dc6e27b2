package membership

import (
	"slices"
	"testing"
)

const million = 1_000_000

func BenchmarkParse1M(b *testing.B) {
	data := []byte(fileOf(testIDs(million, 1)))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDigest1M(b *testing.B) {
	ids := Normalize(testIDs(million, 1))
	b.ReportAllocs()
	for b.Loop() {
		Digest(ids)
	}
}

func BenchmarkDelta1M(b *testing.B) {
	current := Normalize(testIDs(million, 1))
	target := Normalize(append(slices.Clone(current[1000:]), testIDs(1000, 2)...))
	b.ReportAllocs()
	for b.Loop() {
		add, remove := Delta(current, target)
		if len(add) != 1000 || len(remove) != 1000 {
			b.Fatalf("add %d remove %d", len(add), len(remove))
		}
	}
}

func BenchmarkEncode1M(b *testing.B) {
	ids := Normalize(testIDs(million, 1))
	b.ReportAllocs()
	var n int
	for b.Loop() {
		data, err := Encode(ids)
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "encoded-bytes")
}

func BenchmarkDecode1M(b *testing.B) {
	data, err := Encode(Normalize(testIDs(million, 1)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFile1M is the plan-time path of a 1,000,000-member file: parse, digest, encode.
func BenchmarkFile1M(b *testing.B) {
	data := []byte(fileOf(testIDs(million, 1)))
	b.ReportAllocs()
	for b.Loop() {
		ids, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		Digest(ids)
		if _, err := Encode(ids); err != nil {
			b.Fatal(err)
		}
	}
}
