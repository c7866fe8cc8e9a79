// SPDX-License-Identifier: GPL-2.0
//
// cni-driver: a container runtime's side of CNI, for tests/28-cni.sh. It
// calls the reference CNI library, libcni, exactly as runtimes (containerd,
// CRI-O, podman) do: AddNetworkList, CheckNetworkList, DelNetworkList and
// ValidateNetworkList on a conflist, with libcni's cache of results in a
// directory of the test's. Plugins are looked up in CNI_PATH.
//
//	cni-driver add|check|del CONFLIST CONTAINERID NETNS IFNAME
//	cni-driver validate CONFLIST
//
// add prints the result as the runtime receives it (JSON); a failure
// prints "code N: msg" of the CNI error on stderr and exits 1.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/containernetworking/cni/libcni"
	"github.com/containernetworking/cni/pkg/types"
)

func fail(err error) {
	var cniErr *types.Error

	if errors.As(err, &cniErr) {
		fmt.Fprintf(os.Stderr, "code %d: %s\n", cniErr.Code, cniErr.Msg)
	} else {
		fmt.Fprintf(os.Stderr, "%v\n", err)
	}
	os.Exit(1)
}

func usage() {
	fmt.Fprintf(os.Stderr, "usage: %s add|check|del CONFLIST CONTAINERID NETNS IFNAME\n"+
		"       %s validate CONFLIST\n", filepath.Base(os.Args[0]), filepath.Base(os.Args[0]))
	os.Exit(2)
}

func main() {
	if len(os.Args) < 3 {
		usage()
	}
	list, err := libcni.ConfListFromFile(os.Args[2])
	if err != nil {
		fail(err)
	}
	cacheDir := os.Getenv("NSBOX_CNI_CACHE")
	if cacheDir == "" {
		cacheDir = "/var/lib/cni"
	}
	cni := libcni.NewCNIConfigWithCacheDir(strings.Split(os.Getenv("CNI_PATH"), ":"),
		cacheDir, nil)
	ctx := context.Background()

	if os.Args[1] == "validate" {
		if len(os.Args) != 3 {
			usage()
		}
		if _, err := cni.ValidateNetworkList(ctx, list); err != nil {
			fail(err)
		}
		return
	}
	if len(os.Args) != 6 {
		usage()
	}
	rt := &libcni.RuntimeConf{
		ContainerID: os.Args[3],
		NetNS:       os.Args[4],
		IfName:      os.Args[5],
	}
	switch os.Args[1] {
	case "add":
		res, err := cni.AddNetworkList(ctx, list, rt)
		if err != nil {
			fail(err)
		}
		if err := res.Print(); err != nil {
			fail(err)
		}
	case "check":
		if err := cni.CheckNetworkList(ctx, list, rt); err != nil {
			fail(err)
		}
	case "del":
		if err := cni.DelNetworkList(ctx, list, rt); err != nil {
			fail(err)
		}
	default:
		usage()
	}
}
