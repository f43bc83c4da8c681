package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func newVersionCmd(s *streams) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "version",
		Short: "Print the version of rampart and of its embedded registry, policy and models",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env, err := loadEnv(envOptions{})
			if err != nil {
				return err
			}
			v := map[string]any{
				"rampart":  version,
				"go":       goVersion(),
				"registry": env.registry.Version(),
				"policy":   env.policy.Version(),
				"models":   env.models(),
			}
			if asJSON {
				return json.NewEncoder(s.out).Encode(v)
			}
			fmt.Fprintf(s.out, "rampart %s (%s)\nregistry %s\npolicy   %s\n", version, v["go"], v["registry"], v["policy"])
			for k, m := range env.models() {
				fmt.Fprintf(s.out, "model    %s %s\n", k, m)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return c
}

func goVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.GoVersion
	}
	return "unknown"
}
