// The CNCF Distribution registry (cmd/registry), trimmed to what the registry
// tests use: filesystem storage, htpasswd auth, TLS. A wrapper module so the
// version is pinned in go.mod like every other toolchain item.
package main

import (
	"github.com/distribution/distribution/v3/registry"
	_ "github.com/distribution/distribution/v3/registry/auth/htpasswd"
	_ "github.com/distribution/distribution/v3/registry/storage/driver/filesystem"
)

func main() {
	// Execute prints its own error; a non-nil one is only a bad command line.
	if err := registry.RootCmd.Execute(); err != nil {
		panic(err)
	}
}
