package acctest

import (
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	for _, c := range []struct {
		out, name, host string
	}{
		{"Terraform v1.11.4\non linux_amd64\n", "Terraform 1.11.4", "registry.terraform.io"},
		{"Terraform v1.16.4\non linux_amd64\n", "Terraform 1.16.4", "registry.terraform.io"},
		{"OpenTofu v1.12.6\non linux_amd64\n", "OpenTofu 1.12.6", "registry.opentofu.org"},
		// OpenTofu writes warnings about a missing CLI config file to standard output first.
		{"\nWarning: Unable to open CLI configuration file\n\nOpenTofu v1.12.6\non linux_amd64\n", "OpenTofu 1.12.6", "registry.opentofu.org"},
	} {
		got, err := parseVersion("cli", c.out)
		if err != nil {
			t.Fatalf("%q: %v", c.out, err)
		}
		if got.Name() != c.name || got.ProviderAddress() != c.host+"/hashicorp/walkme" {
			t.Errorf("%q: %s at %s, want %s at %s", c.out, got.Name(), got.ProviderAddress(), c.name, c.host)
		}
	}
	for _, bad := range []string{"", "Packer v1.9.0", "Terraform 1.11.4", "Terraform vX"} {
		if _, err := parseVersion("cli", bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func TestSupports(t *testing.T) {
	cli := func(out string) CLIInfo {
		c, err := parseVersion("cli", out)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	oldest, newest, tofu := cli("Terraform v1.11.4"), cli("Terraform v1.16.4"), cli("OpenTofu v1.12.6")
	for _, c := range []struct {
		cli CLIInfo
		f   Feature
		ok  bool
		why string
	}{
		{oldest, Actions, false, "Terraform 1.14.0 or later"},
		{oldest, ResourceIdentity, false, "Terraform 1.12.0 or later"},
		{cli("Terraform v1.12.0"), ResourceIdentity, true, ""},
		{newest, Actions, true, ""},
		{newest, ListResources, true, ""},
		{newest, ResourceIdentity, true, ""},
		{tofu, Actions, false, "not OpenTofu"},
		{tofu, ListResources, false, "not OpenTofu"},
		{tofu, ResourceIdentity, true, ""},
		{cli("OpenTofu v1.11.0"), ResourceIdentity, false, "OpenTofu 1.12.0 or later"},
	} {
		ok, why := c.cli.Supports(c.f)
		if ok != c.ok || !strings.Contains(why, c.why) {
			t.Errorf("%s supports %s: %v %q, want %v %q", c.cli.Name(), c.f.Name, ok, why, c.ok, c.why)
		}
	}
}
