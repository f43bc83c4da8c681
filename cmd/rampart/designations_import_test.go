package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runDesignations runs `rampart designations ...` with the version
// subcommands attached, as the root command will once they are wired.
func runDesignations(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	s := &streams{in: strings.NewReader(""), out: &out, err: &errb}
	c := newDesignationsCmd(s)
	c.AddCommand(designationsVersionCmds(s)...)
	c.SetArgs(args)
	c.SetOut(&out)
	c.SetErr(&errb)
	c.SilenceUsage, c.SilenceErrors = true, true
	err := c.ExecuteContext(t.Context())
	return out.String(), err
}

// TestDesignationsImportAtomic: a CSV whose last row is bad stores no
// version, and a good import then becomes version 1; importing it again
// adds nothing.
func TestDesignationsImportAtomic(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	good := "Name,Aliases,Date Proscribed\nExample Front,EF Media,2024-03-01\n"
	bad := good + "Another Front,,2024-13-45\n"
	for name, body := range map[string]string{"good.csv": good, "bad.csv": bad} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := runDesignations(t, "import", "--list", "nacta", "--db", db, filepath.Join(dir, "bad.csv"))
	if err == nil || !strings.Contains(err.Error(), "bad.csv: line 3") || !strings.Contains(err.Error(), "nothing stored") {
		t.Fatalf("import of a bad file = %v; want an error naming bad.csv line 3 and saying nothing was stored", err)
	}
	out, err := runDesignations(t, "history", "--db", db)
	if err != nil || !strings.Contains(out, "no imported lists") {
		t.Fatalf("history after a failed import = %q, %v; want no versions", out, err)
	}
	out, err = runDesignations(t, "import", "--list", "nacta", "--db", db, filepath.Join(dir, "good.csv"))
	if err != nil || !strings.Contains(out, "imported nacta version 1: 1 entities") {
		t.Fatalf("import = %q, %v", out, err)
	}
	out, err = runDesignations(t, "import", "--list", "nacta", "--db", db, filepath.Join(dir, "good.csv"))
	if err != nil || !strings.Contains(out, "unchanged: same file as version 1") {
		t.Fatalf("second import of the same file = %q, %v", out, err)
	}
	out, err = runDesignations(t, "diff", "--db", db, "0", "1")
	if err != nil || !strings.Contains(out, "+ entity pk_nacta/example_front") || !strings.Contains(out, `+ alias pk_nacta/example_front: "EF Media"`) {
		t.Fatalf("diff 0 1 = %q, %v", out, err)
	}
	r, err := designationsRegistry(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Entity("pk_nacta/example_front"); !ok || !strings.HasSuffix(r.Version(), "+nacta-1") {
		t.Errorf("registry in force %s lacks the imported entity", r.Version())
	}
	if _, err := runDesignations(t, "diff", "--db", db, "1", "7"); err == nil || !strings.Contains(err.Error(), "no designation list version 7") {
		t.Errorf("diff with a missing version = %v", err)
	}
}
