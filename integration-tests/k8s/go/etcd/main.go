// Command etcd is etcd's own main (the root of the etcd repository), built from the
// published go.etcd.io/etcd/server/v3 module by integration-tests/k8s/provision.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
