package ingest

import "maps"

// Skipper is implemented by the readers that drop some records on purpose
// (Telegram service messages, WhatsApp system lines, copies already
// yielded), so that a caller can say how many went unread and why instead of
// leaving the difference between input and items unexplained. Find it with a
// type assertion on the Reader that Open returns.
//
// Skipped returns a count per reason (one of the Skip* phrases), or nil when
// nothing was skipped. Counts grow while Items is ranged over and are final
// once it has been consumed to the end; after an early stop they cover what
// was read. Call it from the goroutine that ranged over Items, or after.
// The map is the caller's own.
type Skipper interface {
	Skipped() map[string]int
}

// Skip reasons: short, stable phrases, shown in summaries as they are.
const (
	// SkipServiceMessage is a Telegram service message (a join, pin, call,
	// title change): Desktop "type": "service", Telethon MessageService.
	SkipServiceMessage = "service message"
	// SkipEmptyMessage is Telethon's MessageEmpty, the placeholder the API
	// returns for a deleted or never-existing message id.
	SkipEmptyMessage = "empty message"
	// SkipSystemLine is a WhatsApp system line: encryption notice, group
	// created, added, left, subject changed, and iOS's marked notices such
	// as "This message was deleted.".
	SkipSystemLine = "system line"
	// SkipRepeatedInPage is an X API v2 tweet or user that the same page
	// already gave (a tweet in both data and includes.tweets).
	SkipRepeatedInPage = "repeated in page"
	// SkipRepeatedEmbedded is a Twitter v1.1 retweeted_status or
	// quoted_status already yielded earlier in the input.
	SkipRepeatedEmbedded = "repeated embedded status"
)

// skipCounts is what a reader has skipped so far. Readers hold it by value
// and count from inside Items, which runs on the consumer's goroutine.
type skipCounts struct {
	m map[string]int
}

// add counts one record skipped for reason.
func (s *skipCounts) add(reason string) {
	if s.m == nil {
		s.m = make(map[string]int, 2)
	}
	s.m[reason]++
}

// Skipped implements Skipper for every reader that embeds skipCounts.
func (s *skipCounts) Skipped() map[string]int {
	if len(s.m) == 0 {
		return nil
	}
	return maps.Clone(s.m)
}
