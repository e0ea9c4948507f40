// Command summitbot answers questions about the Trump–Kim Jong-un summits
// from an indexed article corpus. Run "summitbot help" for the subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// buildVersion is stamped at build time (go build -ldflags "-X main.buildVersion=v1.2.3"),
// as the Dockerfile does; otherwise the VCS revision the Go tool records is used.
var buildVersion string

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, "summitbot:", err)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "summitbot:", err)
		os.Exit(1)
	}
}
