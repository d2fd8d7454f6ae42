//go:build tools

// Package tools names the commands that integration-tests/k8s/provision --node builds, so that
// `go mod tidy` records every module they need. It is never compiled.
package tools

import (
	_ "github.com/containerd/containerd/v2/cmd/containerd"
	_ "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2"
	_ "github.com/containerd/containerd/v2/cmd/ctr"
)
