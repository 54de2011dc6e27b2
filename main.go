// Command terraform-provider-walkme is the Terraform provider for WalkMe's public APIs.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/walkme-community/terraform-provider-walkme/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	quietFrameworkTrace()
	tuneGC()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.RegistryAddress,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// quietFrameworkTrace stops the plugin framework's per-element TRACE logging unless the user
// asks for it. The framework logs at TRACE by default, even with TF_LOG unset, and while
// walking a value it grows a context chain by one element per element and logs on it: a
// quadratic cost per RPC (measured in docs/guides/performance.md). TF_LOG_SDK_FRAMEWORK=trace
// brings those logs back.
func quietFrameworkTrace() {
	if _, set := os.LookupEnv("TF_LOG_SDK_FRAMEWORK"); !set {
		_ = os.Setenv("TF_LOG_SDK_FRAMEWORK", "DEBUG")
	}
}
