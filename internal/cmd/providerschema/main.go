// Command providerschema writes the provider's schemas as JSON in the format of
// `terraform providers schema -json`, read from the provider server in-process.
//
// Terraform 1.11 leaves out action schemas (actions need Terraform 1.14), and tfplugindocs
// deletes the pages of actions it cannot see; asking the provider itself documents
// everything it registers and needs no Terraform at all.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/walkme-community/terraform-provider-walkme/internal/provider"
)

func main() {
	out := flag.String("o", "", "write the JSON to this file instead of standard output")
	key := flag.String("provider-key", provider.RegistryAddress,
		"key of the provider in provider_schemas; tfplugindocs looks the provider up by its short name (walkme)")
	list := flag.Bool("list", false,
		"instead of JSON, print one line per documented object: its examples/ directory kind and its name")
	flag.Parse()
	if err := run(*out, *key, *list); err != nil {
		fmt.Fprintln(os.Stderr, "providerschema:", err)
		os.Exit(1)
	}
}

func run(out, key string, list bool) error {
	srv, err := providerserver.NewProtocol6WithError(provider.New("dev")())()
	if err != nil {
		return fmt.Errorf("starting the provider server: %w", err)
	}
	schemas, warnings, err := export(context.Background(), srv, key)
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, "providerschema: warning:", w)
	}
	if err != nil {
		return err
	}
	data, err := encode(schemas, key, list)
	if err != nil {
		return err
	}
	if out == "" {
		_, err = os.Stdout.Write(data)
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	return nil
}

func encode(schemas *tfjson.ProviderSchemas, key string, list bool) ([]byte, error) {
	if list {
		var b strings.Builder
		for _, n := range names(schemas.Schemas[key]) {
			b.WriteString(n + "\n")
		}
		return []byte(b.String()), nil
	}
	data, err := json.Marshal(schemas)
	if err != nil {
		return nil, fmt.Errorf("encoding the schemas: %w", err)
	}
	return append(data, '\n'), nil
}
