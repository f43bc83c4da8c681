package bank

// SetBulkMinRows sets the number of new rows from which an import takes the
// bulk path (indexes dropped and rebuilt); -1 takes it for every import
// with new rows, whatever the table holds. It returns a function that
// restores the threshold.
func SetBulkMinRows(n int) (restore func()) {
	old := bulkMinRows
	bulkMinRows = n
	return func() { bulkMinRows = old }
}
