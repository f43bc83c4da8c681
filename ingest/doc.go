// Package ingest turns real export formats into rampart Items, one streaming
// Reader per format: native JSON Lines, X API v2 pages, Twitter v1.1 JSON,
// Telegram Desktop exports, Telethon (Telegram API) message dumps, WhatsApp
// chat exports and CrowdTangle CSV/JSON.
//
// Every reader streams: memory stays bounded by the largest single record
// (capped at MaxRecordBytes), never by the size of the input, so a 10 GB
// export is read the same way as a 10 KB one. A bad record yields a
// *RecordError naming the file, line and JSON path, and reading goes on; any
// other error ends the sequence. Records a reader drops on purpose (Telegram
// service messages, WhatsApp system lines, repeated copies) are neither: the
// reader counts them per reason, and a caller reads the counts through the
// optional Skipper interface. How each format forms platforms, ids, account
// ids, chats and times, and what each skips, is written down in FORMATS.md.
package ingest
