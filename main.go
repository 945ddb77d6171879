// Command wp2medium lists a WordPress site's posts beside their Medium status,
// previews them and cross-posts them to Medium. See README.md.
package main

import (
	"os"

	"github.com/wp2medium/wp2medium/cli"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	os.Exit(cli.Execute(version, os.Args[1:], os.Stdout, os.Stderr))
}
