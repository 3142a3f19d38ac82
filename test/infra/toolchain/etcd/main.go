// Command etcd is the etcd server, built from the go.etcd.io/etcd/server/v3
// module (the upstream main package lives in a module with local replaces,
// so it cannot be built from the module proxy; this is the same two lines).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
