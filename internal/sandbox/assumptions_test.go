package sandbox

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestAssumptionsDocumented(t *testing.T) {
	doc, err := os.ReadFile("ASSUMPTIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range Assumptions() {
		if seen[a.ID] {
			t.Errorf("assumption %s listed twice", a.ID)
		}
		seen[a.ID] = true
		if a.Text == "" {
			t.Errorf("assumption %s has no text", a.ID)
		}
		if !strings.Contains(string(doc), "`"+a.ID+"`") {
			t.Errorf("ASSUMPTIONS.md does not mention `%s`", a.ID)
		}
	}
	// And the file names no assumption the code has dropped.
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\|").FindAllStringSubmatch(string(doc), -1) {
		if !seen[m[1]] {
			t.Errorf("ASSUMPTIONS.md lists %s, which the code does not", m[1])
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for name, mutate := range map[string]func(*Config){
		"list shape":       func(c *Config) { c.ListShape = "table" },
		"create response":  func(c *Config) { c.CreateResponse = "full" },
		"negative ttl":     func(c *Config) { c.TokenTTL = -1 },
		"client secret":    func(c *Config) { c.Clients = []Client{{ID: "a"}} },
		"duplicate client": func(c *Config) { c.Clients = append(c.Clients, c.Clients[0]) },
		"property type": func(c *Config) {
			c.Integrations = []Integration{{Token: "t", UserIDProperty: "id", Properties: map[string]PropertyType{"x": "bool"}}}
		},
		"duplicate integration": func(c *Config) { c.Integrations = append(c.Integrations, c.Integrations[0]) },
	} {
		cfg := DefaultConfig()
		mutate(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	s, err := New(Config{})
	if err != nil {
		t.Fatalf("zero Config: %v", err)
	}
	if s.cfg.TokenTTL != defaultTokenTTL || s.cfg.ListShape != "array" || s.cfg.CreateResponse != "guid" || s.cfg.NotificationScope != DefaultNotificationScope {
		t.Errorf("defaults %+v", s.cfg)
	}
}
