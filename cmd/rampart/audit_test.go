package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/sqlite"
)

// auditDB makes a store with n audit records, the last few checkpointed.
func auditDB(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.db")
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	log, err := audit.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	chain := audit.NewChain(log, audit.Options{})
	for i := range n {
		if _, err := chain.Append(context.Background(), "user:1", "case.create", fmt.Sprint("case:", i), map[string]any{"i": i}); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestAuditVerifyCatchesTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper string // SQL run against the audit table
		want   string // in stdout
	}{
		{"intact", "", "audit log intact: 6 records"},
		{"edit", `UPDATE audit_log SET actor = 'user:2' WHERE seq = 3`, "BROKEN at record 3 (edited)"},
		{"delete", `DELETE FROM audit_log WHERE seq = 4`, "BROKEN at record"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := auditDB(t, 6)
			if tc.tamper != "" {
				log, err := audit.OpenSQLite(t.Context(), db)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := log.DB().ExecContext(t.Context(), tc.tamper); err != nil {
					t.Fatal(err)
				}
				log.Close()
			}
			r := runCLI(t, "", "audit", "verify", "--db", db)
			wantCode := exitOK
			if tc.tamper != "" {
				wantCode = exitFatal
			}
			if r.code != wantCode || !strings.Contains(r.stdout, tc.want) {
				t.Errorf("exit %d (want %d), stdout %q (want %q), stderr %q", r.code, wantCode, r.stdout, tc.want, r.stderr)
			}
		})
	}
}

func TestAuditExportVerifiesWithoutDatabase(t *testing.T) {
	db := auditDB(t, 3)
	bundle := filepath.Join(t.TempDir(), "bundle.jsonl")
	if r := runCLI(t, "", "audit", "export", "--db", db, "-o", bundle); r.code != exitOK {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	if r := runCLI(t, "", "audit", "verify", "--bundle", bundle); r.code != exitOK || !strings.Contains(r.stdout, "3 records") {
		t.Fatalf("verify bundle: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
