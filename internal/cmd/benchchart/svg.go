package main

import (
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The chart shows the no-op plan: the command a reviewer runs on every pull request.
const chartCommand = "plan"

// Geometry of one panel, in SVG user units (pixels).
const (
	width       = 760
	panelHeight = 300
	marginLeft  = 64
	marginRight = 120
	marginTop   = 44
	marginBot   = 58
)

// palette colours the lines of a panel in the order of their input's name.
var palette = []string{"#1f77b4", "#d95f02", "#1b9e77", "#7570b3", "#e7298a"}

// inputLabels says in words what each input is; an input not listed shows its own name.
var inputLabels = map[string]string{
	"user_ids_file": "user_ids_file (IDs in a file)",
	"user_ids":      "user_ids (inline)",
	"users":         "users (inline)",
	"users_file":    "users_file (users in a file)",
}

// counted says what n counts, per resource: the noun for one, and the x axis's title.
var counted = map[string]struct{ noun, axis string }{
	"walkme_segment":         {"user ID", "user IDs in the segment (log scale)"},
	"walkme_user_attributes": {"user", "users, 5 attributes each (log scale)"},
}

type point struct {
	n       int
	seconds float64
}

type panel struct {
	resource string
	floor    *point             // the floor's figure, if measured
	series   map[string][]point // input -> points, sorted by n
	clis     []string
}

// panels groups the plan rows by resource, in the order resources first appear.
func panels(rows []row) []panel {
	var out []panel
	index := map[string]int{}
	for _, r := range rows {
		if r.Command != chartCommand {
			continue
		}
		i, ok := index[r.Resource]
		if !ok {
			i = len(out)
			index[r.Resource] = i
			out = append(out, panel{resource: r.Resource, series: map[string][]point{}})
		}
		p := &out[i]
		if !slices.Contains(p.clis, r.CLI) {
			p.clis = append(p.clis, r.CLI)
		}
		if r.Input == floorInput {
			p.floor = &point{r.N, r.Seconds}
			continue
		}
		p.series[r.Input] = append(p.series[r.Input], point{r.N, r.Seconds})
	}
	for _, p := range out {
		for _, pts := range p.series {
			slices.SortFunc(pts, func(a, b point) int { return a.n - b.n })
		}
	}
	return out
}

// render writes the chart of rows as a standalone SVG document.
func render(w io.Writer, rows []row) error {
	ps := panels(rows)
	if len(ps) == 0 {
		return fmt.Errorf("no %q rows to chart", chartCommand)
	}
	var b strings.Builder
	total := panelHeight * len(ps)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="12">`+"\n", width, total, width, total)
	b.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>` + "\n")
	for i, p := range ps {
		p.draw(&b, float64(i*panelHeight))
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func (p panel) draw(b *strings.Builder, top float64) {
	x0, x1 := float64(marginLeft), float64(width-marginRight)
	y0, y1 := top+panelHeight-marginBot, top+marginTop // y0: bottom of the plot area

	inputs := make([]string, 0, len(p.series))
	minN, maxN, maxS := math.MaxInt, 1, 0.0
	for in, pts := range p.series {
		inputs = append(inputs, in)
		for _, pt := range pts {
			minN, maxN, maxS = min(minN, pt.n), max(maxN, pt.n), max(maxS, pt.seconds)
		}
	}
	slices.Sort(inputs)
	if p.floor != nil {
		maxS = max(maxS, p.floor.seconds)
	}
	if minN == math.MaxInt {
		minN = 1
	}
	lo := math.Floor(math.Log10(float64(minN)))
	hi := math.Ceil(math.Log10(float64(maxN)))
	if hi <= lo {
		hi = lo + 1
	}
	step := niceStep(maxS * 1.15 / 5)
	top1 := math.Ceil(maxS*1.15/step) * step
	// Some room on each side keeps the end points clear of the axes.
	pad := (hi - lo) * 0.06
	xOf := func(n int) float64 { return x0 + (math.Log10(float64(n))-lo+pad)/(hi-lo+2*pad)*(x1-x0) }
	yOf := func(s float64) float64 { return y0 - s/top1*(y0-y1) }

	fmt.Fprintf(b, `<text x="%d" y="%s" font-size="15" font-weight="bold">%s: no-op terraform plan</text>`+"\n",
		marginLeft, f(top+22), esc(p.resource))

	// Axes, grid and ticks.
	for s := 0.0; s <= top1+step/2; s += step {
		y := yOf(s)
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e5e5e5"/>`+"\n", f(x0), f(y), f(x1), f(y))
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="#444">%s s</text>`+"\n", f(x0-6), f(y+4), trimFloat(s))
	}
	decades := hi - lo
	for e := lo; e <= hi; e++ {
		for _, m := range []float64{1, 2, 5} {
			n := m * math.Pow(10, e)
			if (m != 1 && decades > 2) || math.Log10(n) > hi+1e-9 {
				continue
			}
			x := xOf(int(math.Round(n)))
			fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e5e5e5"/>`+"\n", f(x), f(y0), f(x), f(y1))
			fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" fill="#444">%s</text>`+"\n", f(x), f(y0+16), countLabel(int(math.Round(n))))
		}
	}
	fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#444"/>`+"\n", f(x0), f(y0), f(x1), f(y0))
	fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#444"/>`+"\n", f(x0), f(y0), f(x0), f(y1))
	noun, axis := "element", "n (log scale)"
	if c, ok := counted[p.resource]; ok {
		noun, axis = c.noun, c.axis
	}
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" fill="#444">%s</text>`+"\n", f((x0+x1)/2), f(y0+34), esc(axis))
	fmt.Fprintf(b, `<text x="%s" y="%s" font-size="10" fill="#777">median wall time, %s, measured by make bench</text>`+"\n",
		f(x0), f(y0+50), esc(strings.Join(p.clis, ", ")))

	// The floor: the same command on the trivial one-element configuration.
	if p.floor != nil {
		y := yOf(p.floor.seconds)
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888" stroke-dasharray="6 4"/>`+"\n", f(x0), f(y), f(x1), f(y))
		fmt.Fprintf(b, `<text x="%s" y="%s" fill="#666">floor: %s s</text>`+"\n", f(x1+6), f(y+4), fmtSeconds(p.floor.seconds))
		fmt.Fprintf(b, `<text x="%s" y="%s" font-size="10" fill="#666">(%s)</text>`+"\n", f(x1+6), f(y-9), countWord(p.floor.n, noun))
	}

	// One line per input, each point labelled with its figure.
	for i, in := range inputs {
		color := palette[i%len(palette)]
		pts := p.series[in]
		coords := make([]string, len(pts))
		for j, pt := range pts {
			coords[j] = f(xOf(pt.n)) + "," + f(yOf(pt.seconds))
		}
		if len(pts) > 1 {
			fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(coords, " "), color)
		}
		for _, pt := range pts {
			x, y := xOf(pt.n), yOf(pt.seconds)
			fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="4" fill="%s"><title>%s: %s, %s s</title></circle>`+"\n",
				f(x), f(y), color, esc(in), countWord(pt.n, noun), fmtSeconds(pt.seconds))
			fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s s</text>`+"\n", f(x), f(y-9), color, fmtSeconds(pt.seconds))
		}
		label := inputLabels[in]
		if label == "" {
			label = in
		}
		ly := y1 + 4 + float64(i)*16
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="14" height="4" fill="%s"/>`+"\n", f(x0+12), f(ly-4), color)
		fmt.Fprintf(b, `<text x="%s" y="%s" fill="#222">%s</text>`+"\n", f(x0+32), f(ly+1), esc(label))
	}
}

// niceStep rounds raw up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func f(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func trimFloat(v float64) string { return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64) }

func fmtSeconds(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// countLabel writes an axis tick: 1, 10, 100, 1k, 25k, 1M.
func countLabel(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// countWord writes a count in full with thousands separators: "1,000,000 user IDs".
func countWord(n int, noun string) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if n == 1 {
		return s + " " + noun
	}
	return s + " " + noun + "s"
}

func esc(s string) string { return html.EscapeString(s) }
