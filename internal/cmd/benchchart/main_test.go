package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `resource,case,input,n,command,seconds,cli
walkme_segment,floor,floor,1,plan,0.47,terraform 1.11.4
walkme_segment,floor,floor,1,create,0.91,terraform 1.11.4
walkme_segment,inline,user_ids,1000,plan,1.29,terraform 1.11.4
walkme_segment,file25k,user_ids_file,25000,plan,0.50,terraform 1.11.4
walkme_segment,file1m,user_ids_file,1000000,plan,1.93,terraform 1.11.4
walkme_segment,file1m,user_ids_file,1000000,create,5.84,terraform 1.11.4
walkme_user_attributes,floor,floor,1,plan,0.35,terraform 1.11.4
walkme_user_attributes,u10000,users,10000,plan,10.90,terraform 1.11.4
`

func TestRenderDrawsEachPlanFigureAndTheFloor(t *testing.T) {
	rows, err := readRows("sample.csv", strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := render(&buf, rows); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{
		"walkme_segment: no-op terraform plan",
		"walkme_user_attributes: no-op terraform plan",
		">1.29 s<", ">0.50 s<", ">1.93 s<", ">10.90 s<",
		"floor: 0.47 s", "floor: 0.35 s",
		"user_ids_file (IDs in a file)", "user_ids (inline)", "users (inline)",
		"user_ids_file: 1,000,000 user IDs, 1.93 s",
		"terraform 1.11.4",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart does not show %q", want)
		}
	}
	// Applies are in the data, not in the chart of no-op plans.
	for _, unwanted := range []string{"5.84", "0.91"} {
		if strings.Contains(svg, unwanted) {
			t.Errorf("the chart shows %s, a create figure", unwanted)
		}
	}
	if got := strings.Count(svg, "<polyline"); got != 1 {
		t.Errorf("%d lines drawn, want 1 (user_ids_file; the other inputs have one point each)", got)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	rows, err := readRows("sample.csv", strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := render(&a, rows); err != nil {
		t.Fatal(err)
	}
	if err := render(&b, rows); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("two renders of the same data differ: the committed chart could never be checked")
	}
}

func TestReadRowsRejectsBadData(t *testing.T) {
	head := strings.Join(header, ",") + "\n"
	for name, tc := range map[string]struct{ data, want string }{
		"header":        {"resource,n,seconds\nx,1,2\n", `bad.csv: header is "resource,n,seconds"`},
		"n":             {head + "walkme_segment,c,user_ids,ten,plan,1.0,terraform 1.11.4\n", `bad.csv:2: n = "ten"`},
		"seconds":       {head + "walkme_segment,c,user_ids,10,plan,-1,terraform 1.11.4\n", `bad.csv:2: seconds = "-1"`},
		"empty":         {head + "walkme_segment,,user_ids,10,plan,1,terraform 1.11.4\n", "bad.csv:2: case is empty"},
		"column count":  {head + "walkme_segment,c,user_ids,10,plan,1\n", "bad.csv"},
		"no rows again": {"", "bad.csv: reading the header"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readRows("bad.csv", strings.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestRenderRefusesDataWithoutPlans(t *testing.T) {
	rows := []row{{Resource: "walkme_segment", Case: "c", Input: "user_ids", N: 1, Command: "create", Seconds: 1, CLI: "terraform"}}
	if err := render(&bytes.Buffer{}, rows); err == nil {
		t.Error("render drew a chart with no plan figure")
	}
}

// The committed chart is the one its committed data draws: nobody edits it by hand, and
// a bench run that changed the data also regenerated the chart (scripts/bench.sh does).
func TestCommittedChartMatchesItsData(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	files, err := filepath.Glob(filepath.Join(root, "docs", "images", "bench-*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs/images/bench-*.csv (err %v): make bench writes them", err)
	}
	rows, err := readFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := render(&want, rows); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, "docs", "images", "performance.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() {
		t.Error("docs/images/performance.svg is not what its data draws: run " +
			"go run ./internal/cmd/benchchart docs/images/bench-*.csv (make bench does)")
	}
	guide, err := os.ReadFile(filepath.Join(root, "docs", "guides", "performance.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(guide), "](../images/performance.svg)") {
		t.Error("docs/guides/performance.md does not show ../images/performance.svg")
	}
}
