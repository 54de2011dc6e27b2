package acctest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/hashicorp/go-version"
)

// CLIInfo is the Terraform or OpenTofu CLI that the acceptance tests run: TF_ACC_TERRAFORM_PATH,
// else `terraform` on PATH.
type CLIInfo struct {
	Path     string
	OpenTofu bool
	Version  *version.Version
}

// Name is how the CLI names itself: "Terraform 1.16.4" or "OpenTofu 1.12.6".
func (c CLIInfo) Name() string {
	if c.OpenTofu {
		return "OpenTofu " + c.Version.String()
	}
	return "Terraform " + c.Version.String()
}

// ProviderHost is the registry host under which the CLI looks for the reattached provider:
// OpenTofu resolves the implied `walkme` provider to registry.opentofu.org/hashicorp/walkme.
func (c CLIInfo) ProviderHost() string {
	if c.OpenTofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// ProviderAddress is the address of the reattached test provider.
func (c CLIInfo) ProviderAddress() string {
	return c.ProviderHost() + "/hashicorp/walkme"
}

var cli struct {
	once sync.Once
	info CLIInfo
	err  error
}

// CLI returns the CLI the acceptance tests run, found and asked for its version once per test
// binary. For OpenTofu it also sets TF_ACC_PROVIDER_HOST (unless set), so that
// terraform-plugin-testing registers the reattached provider where OpenTofu looks for it.
func CLI() (CLIInfo, error) {
	cli.once.Do(func() {
		cli.info, cli.err = detectCLI()
		if cli.err != nil || !cli.info.OpenTofu {
			return
		}
		if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
			cli.err = os.Setenv("TF_ACC_PROVIDER_HOST", cli.info.ProviderHost())
		}
		// OpenTofu warns about a TF_CLI_CONFIG_FILE that does not exist on standard output,
		// before its version, which terraform-exec then cannot parse: use an empty config.
		if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" && cli.err == nil {
			if _, err := os.Stat(f); err != nil {
				cli.err = os.Setenv("TF_CLI_CONFIG_FILE", os.DevNull)
			}
		}
	})
	return cli.info, cli.err
}

func detectCLI() (CLIInfo, error) {
	p := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if p != "" {
		if _, err := os.Stat(p); err != nil {
			return CLIInfo{}, fmt.Errorf("TF_ACC_TERRAFORM_PATH=%s: %w: acceptance tests need the Terraform (or OpenTofu) CLI", p, err)
		}
	} else {
		var err error
		if p, err = exec.LookPath("terraform"); err != nil {
			return CLIInfo{}, fmt.Errorf("terraform CLI not found on PATH: acceptance tests (TF_ACC=1) run the real " +
				"Terraform CLI (1.11 or newer) and cannot download it here; install it, set TF_ACC_TERRAFORM_PATH, " +
				"or run make testacc, which builds the newest Terraform and OpenTofu")
		}
	}
	cmd := exec.CommandContext(context.Background(), p, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return CLIInfo{}, fmt.Errorf("%s version: %w", p, err)
	}
	return parseVersion(p, string(out))
}

// parseVersion reads the line of `version` that names the CLI: "Terraform v1.16.4" or
// "OpenTofu v1.12.6". OpenTofu may print warnings about its CLI configuration before it.
func parseVersion(p, out string) (CLIInfo, error) {
	for line := range strings.Lines(out) {
		product, v, ok := strings.Cut(strings.TrimSpace(line), " v")
		if !ok || (product != "Terraform" && product != "OpenTofu") {
			continue
		}
		ver, err := version.NewVersion(v)
		if err != nil {
			return CLIInfo{}, fmt.Errorf("%s version: %q: %w", p, line, err)
		}
		return CLIInfo{Path: p, OpenTofu: product == "OpenTofu", Version: ver}, nil
	}
	return CLIInfo{}, fmt.Errorf("%s version: %q names neither Terraform nor OpenTofu", p, out)
}
