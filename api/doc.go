// Package api is Rampart's JSON REST API: casework (findings, cases, the
// review queue), users and API tokens, and the audit log, served with
// net/http. Every route is declared once in a table that also fixes the
// roles allowed to call it (deny by default) and generates the OpenAPI 3.1
// document. Errors are RFC 9457 problem details. See README.md.
package api
