// slug-ls packs a directory exactly as a Terraform Cloud/Enterprise upload
// does (go-tfe's ConfigurationVersions.Upload calls slug.Pack(dir, w, true):
// symlinks dereferenced, .terraformignore applied, or go-slug's defaults when
// there is none) and lists the archive's entries, one per line, read back
// from the tar itself. The size of the compressed archive goes to stderr.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"

	slug "github.com/hashicorp/go-slug"
)

func main() {
	if len(os.Args) != 2 || os.Args[1] == "-h" || os.Args[1] == "--help" {
		fmt.Fprintln(os.Stderr, "usage: slug-ls DIR  (lists what a Terraform Cloud upload of DIR contains)")
		os.Exit(2)
	}
	var archive bytes.Buffer
	meta, err := slug.Pack(os.Args[1], &archive, true)
	if err != nil {
		fmt.Fprintf(os.Stderr, "slug-ls: packing %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	size := archive.Len()
	gz, err := gzip.NewReader(&archive)
	if err != nil {
		fmt.Fprintf(os.Stderr, "slug-ls: reading the archive: %v\n", err)
		os.Exit(1)
	}
	entries := tar.NewReader(gz)
	for {
		h, err := entries.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "slug-ls: reading the archive: %v\n", err)
			os.Exit(1)
		}
		fmt.Println(h.Name)
	}
	fmt.Fprintf(os.Stderr, "slug-ls: %d files, %d bytes compressed\n", len(meta.Files), size)
}
