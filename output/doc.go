// Package output writes findings for people and programs: JSON Lines (the
// scan output contract), an aligned table for a terminal, and CSV for
// spreadsheets.
package output
