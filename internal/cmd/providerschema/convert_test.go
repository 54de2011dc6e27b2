package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"

	walkme "github.com/walkme-community/terraform-provider-walkme/internal/provider"
)

const testAddress = "registry.terraform.io/hashicorp/wmtest"

func testServer(t *testing.T, p provider.Provider) tfprotov6.ProviderServer {
	t.Helper()
	srv, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// exportJSON runs the exporter and decodes its output the way tfplugindocs does.
func exportJSON(t *testing.T, p provider.Provider, address string) ([]byte, *tfjson.ProviderSchema) {
	t.Helper()
	schemas, _, err := export(context.Background(), testServer(t, p), address)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	data, err := json.Marshal(schemas)
	if err != nil {
		t.Fatal(err)
	}
	var decoded tfjson.ProviderSchemas
	if err := decoded.UnmarshalJSON(data); err != nil {
		t.Fatalf("tfjson cannot read the output: %v", err)
	}
	ps, ok := decoded.Schemas[address]
	if !ok {
		t.Fatalf("no schema under %q in %s", address, data)
	}
	return data, ps
}

// Terraform 1.11 cannot show these: the exporter's reason to exist.
func TestExportIncludesActionsAndIdentities(t *testing.T) {
	_, ps := exportJSON(t, testProvider{}, testAddress)

	a, ok := ps.ActionSchemas["wmtest_ping"]
	if !ok {
		t.Fatalf("action wmtest_ping missing; actions: %v", ps.ActionSchemas)
	}
	if a.Block.Description != "Pings **once**." || a.Block.DescriptionKind != tfjson.SchemaDescriptionKindMarkdown {
		t.Errorf("action description = %q (%s)", a.Block.Description, a.Block.DescriptionKind)
	}
	target := a.Block.Attributes["target"]
	if target == nil || !target.Required || target.AttributeType != cty.String || target.Description != "Who to ping." {
		t.Errorf("action attribute target = %+v", target)
	}
	if users := a.Block.Attributes["users"]; users == nil || !users.AttributeType.Equals(cty.List(cty.String)) {
		t.Errorf("action attribute users = %+v", users)
	}

	id, ok := ps.ResourceIdentitySchemas["wmtest_thing"]
	if !ok {
		t.Fatalf("identity of wmtest_thing missing")
	}
	if a := id.Attributes["id"]; a == nil || !a.RequiredForImport || a.Description != "The id." {
		t.Errorf("identity attribute id = %+v", a)
	}
	if a := id.Attributes["region"]; a == nil || !a.OptionalForImport || a.RequiredForImport {
		t.Errorf("identity attribute region = %+v", a)
	}

	pw := ps.ResourceSchemas["wmtest_thing"].Block.Attributes["password"]
	if pw == nil || !pw.WriteOnly || !pw.Sensitive {
		t.Errorf("write-only attribute password = %+v", pw)
	}
}

// A provider whose schema does not validate must fail the docs build, not document less.
func TestExportFailsOnSchemaErrors(t *testing.T) {
	_, _, err := export(context.Background(), testServer(t, badProvider{}), testAddress)
	if err == nil || !strings.Contains(err.Error(), "GetProviderSchema") || !strings.Contains(err.Error(), "Bad-Name") {
		t.Fatalf("export error = %v, want a GetProviderSchema error naming Bad-Name", err)
	}
}

type badProvider struct{ testProvider }

func (badProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	var ok provider.SchemaResponse
	testProvider{}.Schema(context.Background(), provider.SchemaRequest{}, &ok)
	ok.Schema.Attributes["Bad-Name"] = ok.Schema.Attributes["endpoint"]
	resp.Schema = ok.Schema
}

// The exporter must write exactly what `terraform providers schema -json` writes, for
// everything Terraform 1.11 can show: for a provider with every schema construct, and for
// this repository's provider. The test serves the provider in-process and lets the real CLI
// attach to it (TF_REATTACH_PROVIDERS), so nothing is built or installed.
func TestExportMatchesTerraform(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs the Terraform CLI: set TF_ACC=1")
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform CLI not found on PATH; this test compares with its output")
	}
	for _, c := range []struct {
		name, address string
		newProvider   func() provider.Provider
	}{
		{"every construct", testAddress, func() provider.Provider { return testProvider{} }},
		{"walkme", walkme.RegistryAddress, walkme.New("dev")},
	} {
		t.Run(c.name, func(t *testing.T) {
			ours, _ := exportJSON(t, c.newProvider(), c.address)
			theirs := terraformSchemaJSON(t, tf, c.address, c.newProvider)

			var got, want map[string]any
			if err := json.Unmarshal(ours, &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(theirs, &want); err != nil {
				t.Fatalf("terraform output: %v\n%s", err, theirs)
			}
			// Terraform 1.11 knows neither actions (1.14) nor resource identities (1.12).
			ps := got["provider_schemas"].(map[string]any)[c.address].(map[string]any)
			delete(ps, "action_schemas")
			delete(ps, "resource_identity_schemas")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("exporter output differs from terraform providers schema -json (-terraform +exporter):\n%s", diff)
			}
		})
	}
}

func terraformSchemaJSON(t *testing.T, tf, address string, newProvider func() provider.Provider) []byte {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		err := tf6server.Serve(address, func() tfprotov6.ProviderServer { return testServer(t, newProvider()) },
			tf6server.WithDebug(ctx, reattach, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
		if err != nil {
			t.Errorf("serving the test provider: %v", err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	cfg := <-reattach
	attach, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol":        string(cfg.Protocol),
		"ProtocolVersion": cfg.ProtocolVersion,
		"Pid":             cfg.Pid,
		"Test":            cfg.Test,
		"Addr":            map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	source := strings.TrimPrefix(address, "registry.terraform.io/")
	main := fmt.Sprintf("terraform {\n  required_providers {\n    %s = { source = %q }\n  }\n}\n",
		path.Base(source), source)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	cliConfig := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, tf, "providers", "schema", "-json")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(attach),
		"TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("terraform providers schema -json: %v\n%s", err, stderr)
	}
	return out
}

// Types the framework's schemas do not produce today, but the protocol allows.
func TestCtyTypeTuplesAndOptionalAttributes(t *testing.T) {
	in := tftypes.Tuple{ElementTypes: []tftypes.Type{
		tftypes.String,
		tftypes.Object{
			AttributeTypes:     map[string]tftypes.Type{"a": tftypes.Number, "b": tftypes.List{ElementType: tftypes.Bool}},
			OptionalAttributes: map[string]struct{}{"b": {}},
		},
	}}
	want := cty.Tuple([]cty.Type{
		cty.String,
		cty.ObjectWithOptionalAttrs(map[string]cty.Type{"a": cty.Number, "b": cty.List(cty.Bool)}, []string{"b"}),
	})
	got, err := ctyType(in)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equals(want) {
		t.Errorf("ctyType(%s) = %#v, want %#v", in, got, want)
	}
	if _, err := ctyType(nil); err == nil {
		t.Error("ctyType(nil) succeeded")
	}
}
