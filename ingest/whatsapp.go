package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// whatsAppReader reads a WhatsApp "Export chat" text file. The layout is not
// documented by WhatsApp; it follows what the Android and iOS apps write:
//
//	Android: 31/12/2020, 21:41 - Name: text    12/31/20, 9:41 PM - Name: text
//	iOS:     [31/12/2020, 21:41:05] Name: text (often with U+200E marks and
//	         U+202F before AM/PM)
//
// Lines that do not start with a timestamp continue the previous message.
// Times carry no zone: they are the exporting phone's wall clock, stored as
// if UTC.
type whatsAppReader struct {
	src source
	skipCounts
}

func (r *whatsAppReader) Format() string { return FormatWhatsApp }

// waHeader is the parsed start of a message line.
type waHeader struct {
	f1, f2, f3   int  // the three date fields as written
	yearFirst    bool // 2020-12-31
	hour, min    int
	sec          int
	meridiem     byte // 'a', 'p' or 0 for a 24-hour clock
	rest         string
	ios          bool
	f1Len, f3Len int
}

var (
	waDate     = `(\d{1,4})[./-](\d{1,2})[./-](\d{1,4}),?[ \x{a0}](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[ \x{202f}\x{a0}]?([AaPp])\.?[ \x{202f}\x{a0}]?[Mm]\.?)?`
	waAndroid  = regexp.MustCompile(`^` + waDate + `[ \x{a0}\x{202f}][-–][ \x{a0}](.*)$`)
	waIOS      = regexp.MustCompile(`^\[` + waDate + `\][ \x{a0}](.*)$`)
	waURL      = regexp.MustCompile(`https?://[^\s<>"]+`)
	waAttached = regexp.MustCompile(`<attached: ([^>]+)>`)
	waFileAtt  = regexp.MustCompile(`^(.+\.[A-Za-z0-9]{1,5}) \(file attached\)$`)
)

// waMarks are the direction marks WhatsApp sprinkles in iOS exports.
const waMarks = "\u200e\u200f\u202a\u202b\u202c"

// parseWhatsAppHeader reports whether line starts a message (or a system
// line) and parses its timestamp.
func parseWhatsAppHeader(line string) (waHeader, bool) {
	line = strings.TrimLeft(line, waMarks)
	var h waHeader
	m := waAndroid.FindStringSubmatch(line)
	if m == nil {
		if m = waIOS.FindStringSubmatch(line); m == nil {
			return h, false
		}
		h.ios = true
	}
	h.f1, _ = strconv.Atoi(m[1])
	h.f2, _ = strconv.Atoi(m[2])
	h.f3, _ = strconv.Atoi(m[3])
	h.f1Len, h.f3Len = len(m[1]), len(m[3])
	if h.f1Len == 3 || h.f3Len == 3 || (h.f1Len == 4 && h.f3Len == 4) {
		return h, false
	}
	h.yearFirst = h.f1Len == 4
	h.hour, _ = strconv.Atoi(m[4])
	h.min, _ = strconv.Atoi(m[5])
	if m[6] != "" {
		h.sec, _ = strconv.Atoi(m[6])
	}
	if m[7] != "" {
		h.meridiem = strings.ToLower(m[7])[0]
	}
	h.rest = m[8]
	return h, true
}

// dateOrder is how a file writes dates, decided from the file itself.
type dateOrder int

const (
	orderUnknown dateOrder = iota
	orderDayFirst
	orderMonthFirst
)

// evidence says which order a header proves, if any: a first field above 12
// cannot be a month, nor can a second field above 12.
func (h waHeader) evidence() dateOrder {
	switch {
	case h.yearFirst:
		return orderUnknown
	case h.f1 > 12:
		return orderDayFirst
	case h.f2 > 12:
		return orderMonthFirst
	}
	return orderUnknown
}

// time resolves the timestamp under a date order.
func (h waHeader) time(order dateOrder) (time.Time, error) {
	var y, mo, d int
	switch {
	case h.yearFirst:
		y, mo, d = h.f1, h.f2, h.f3
	case order == orderMonthFirst:
		mo, d, y = h.f1, h.f2, h.f3
	default:
		d, mo, y = h.f1, h.f2, h.f3
	}
	if !h.yearFirst && h.f3Len <= 2 {
		y += 2000 // WhatsApp exists since 2009: two-digit years are 20yy
	}
	hour := h.hour
	switch h.meridiem {
	case 'a', 'p':
		if hour < 1 || hour > 12 {
			return time.Time{}, fmt.Errorf("hour %d is not on a 12-hour clock", hour)
		}
		hour %= 12
		if h.meridiem == 'p' {
			hour += 12
		}
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 || hour > 23 || h.min > 59 || h.sec > 59 {
		return time.Time{}, fmt.Errorf("no such date or time: %d-%02d-%02d %02d:%02d:%02d", y, mo, d, hour, h.min, h.sec)
	}
	t := time.Date(y, time.Month(mo), d, hour, h.min, h.sec, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, fmt.Errorf("no such date: %d-%02d-%02d", y, mo, d)
	}
	return t, nil
}

// waMessage is a message being assembled from its lines.
type waMessage struct {
	h       waHeader
	line    int
	sender  string
	lines   []string
	size    int // bytes in lines
	system  bool
	invalid bool
	cut     bool // continuation lines past MaxRecordBytes were dropped
}

// maxPending and maxPendingBytes bound the messages that wait for the file
// to reveal its date order; past them, day-first is assumed and marked as
// such.
const (
	maxPending      = 10000
	maxPendingBytes = 64 << 20
)

func (r *whatsAppReader) Items(ctx context.Context) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		st := waState{r: r, chat: whatsAppChat(r.src.name), yield: yield}
		lr := newLineReader(r.src.br)
		for {
			if err := ctx.Err(); err != nil {
				yield(rampart.Item{}, err)
				return
			}
			raw, tooLong, err := lr.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				yield(rampart.Item{}, r.src.fatal(fmt.Errorf("line %d: %w", lr.line+1, err)))
				return
			}
			if tooLong {
				if !yield(rampart.Item{}, r.src.recordErr(lr.line, "", "line is longer than %d bytes; skipped", MaxRecordBytes)) {
					return
				}
				continue
			}
			line, invalid := fixUTF8(string(raw))
			if !st.line(lr.line, line, invalid) {
				return
			}
		}
		if !st.finish() {
			return
		}
		st.flush(true)
	}
}

// waState carries a WhatsApp read between lines.
type waState struct {
	r        *whatsAppReader
	chat     string
	yield    func(rampart.Item, error) bool
	order    dateOrder
	assumed  bool // order defaulted to day-first without evidence
	cur      *waMessage
	pending  []*waMessage
	pendingB int // bytes held in pending
	senders  seenSet
}

// line takes one input line; it returns false once the consumer stops.
func (st *waState) line(n int, line string, invalid bool) bool {
	h, ok := parseWhatsAppHeader(line)
	if !ok {
		switch {
		case st.cur != nil:
			if st.cur.size+len(line) > MaxRecordBytes {
				st.cur.cut = true // one message may not grow without bound
				return true
			}
			st.cur.lines = append(st.cur.lines, line)
			st.cur.size += len(line)
			st.cur.invalid = st.cur.invalid || invalid
		case strings.TrimSpace(strings.Trim(line, waMarks)) == "":
		default:
			return st.yield(rampart.Item{}, st.r.src.recordErr(n, "", "not a WhatsApp message line (no leading date and time) and no message before it to continue"))
		}
		return true
	}
	if st.order == orderUnknown {
		if ev := h.evidence(); ev != orderUnknown {
			st.order = ev
			if !st.flush(false) {
				return false
			}
		}
	}
	if !st.finish() {
		return false
	}
	m := &waMessage{h: h, line: n, invalid: invalid}
	m.sender, m.lines, m.system = splitWhatsAppBody(h)
	for _, l := range m.lines {
		m.size += len(l)
	}
	st.cur = m
	return true
}

// splitWhatsAppBody separates sender and text, and recognises system lines
// (encryption notices, joins, leaves, subject changes), which have no
// sender on Android and whose text starts with U+200E on iOS.
func splitWhatsAppBody(h waHeader) (sender string, lines []string, system bool) {
	i := strings.Index(h.rest, ": ")
	if i <= 0 || strings.ContainsRune(h.rest[:i], '"') {
		return "", nil, true
	}
	sender = strings.Trim(h.rest[:i], waMarks+" ")
	text := h.rest[i+2:]
	if h.ios && strings.HasPrefix(text, "\u200e") {
		body := strings.TrimLeft(text, waMarks)
		if _, _, isMedia := whatsAppMedia(body); !isMedia {
			return sender, nil, true
		}
	}
	return sender, []string{text}, false
}

// finish completes the message being assembled.
func (st *waState) finish() bool {
	m := st.cur
	st.cur = nil
	if m == nil {
		return true
	}
	if m.system {
		st.r.add(SkipSystemLine) // with any lines that continued it
		return true
	}
	if st.order == orderUnknown {
		st.pending = append(st.pending, m)
		st.pendingB += m.size
		if len(st.pending) >= maxPending || st.pendingB >= maxPendingBytes {
			return st.flush(true)
		}
		return true
	}
	return st.emit(m)
}

// flush emits the messages waiting for the date order; with force it
// assumes day-first when the file has given no evidence.
func (st *waState) flush(force bool) bool {
	if st.order == orderUnknown {
		if !force {
			return true
		}
		st.order, st.assumed = orderDayFirst, true
	}
	for i, m := range st.pending {
		st.pending[i] = nil
		if !st.emit(m) {
			st.pending = nil
			return false
		}
	}
	st.pending = st.pending[:0]
	st.pendingB = 0
	return true
}

func (st *waState) emit(m *waMessage) bool {
	src := st.r.src
	t, err := m.h.time(st.order)
	if err != nil {
		return st.yield(rampart.Item{}, src.recordErr(m.line, "", "message timestamp: %v", err))
	}
	text := strings.Join(m.lines, "\n")
	p := &rampart.Post{
		Platform:  rampart.PlatformWhatsApp,
		ID:        st.chat + ":" + strconv.Itoa(m.line),
		AccountID: m.sender,
		Chat:      st.chat,
		CreatedAt: t,
	}
	if media, rest, ok := whatsAppMedia(strings.TrimLeft(m.lines[0], waMarks)); ok {
		p.Media = []rampart.Media{media}
		if media.Path == "" {
			p.Extra = map[string]any{"media_omitted": true}
		}
		text = strings.Join(append([]string{rest}, m.lines[1:]...), "\n")
		text = strings.TrimLeft(text, "\n")
	}
	p.Text = text
	for _, u := range waURL.FindAllString(text, -1) {
		p.URLs = append(p.URLs, strings.TrimRight(u, ".,;:!?)]}'"))
	}
	if st.assumed && !m.h.yearFirst {
		if p.Extra == nil {
			p.Extra = map[string]any{}
		}
		p.Extra["date_order"] = "assumed day-first: no date in the file shows the order"
	}
	fl := flags(m.invalid)
	if m.cut {
		fl = append(fl, rampart.FlagTruncated)
	}
	if m.sender != "" && st.senders.add(m.sender) {
		a := &rampart.Account{Platform: rampart.PlatformWhatsApp, ID: m.sender, Name: m.sender}
		if !st.yield(rampart.Item{Account: a, Origin: src.origin(FormatWhatsApp, m.line, ""), Flags: fl}, nil) {
			return false
		}
	}
	return st.yield(rampart.Item{Post: p, Origin: src.origin(FormatWhatsApp, m.line, ""), Flags: fl}, nil)
}

// whatsAppMedia recognises an attachment on a message's first line: a file
// the export ships ("<attached: NAME>" on iOS, "NAME (file attached)" on
// Android) or one it left out ("<Media omitted>", "image omitted"). It
// returns the media and the rest of the line.
func whatsAppMedia(first string) (rampart.Media, string, bool) {
	if m := waAttached.FindStringSubmatchIndex(first); m != nil {
		name := first[m[2]:m[3]]
		rest := strings.TrimSpace(first[:m[0]] + first[m[1]:])
		return rampart.Media{Type: mediaTypeFromName(name), Path: name}, rest, true
	}
	if m := waFileAtt.FindStringSubmatch(first); m != nil {
		return rampart.Media{Type: mediaTypeFromName(m[1]), Path: m[1]}, "", true
	}
	switch t := strings.TrimSpace(first); t {
	case "<Media omitted>", "<Médias omis>", "<Medien ausgeschlossen>":
		return rampart.Media{}, "", true
	case "image omitted":
		return rampart.Media{Type: "photo"}, "", true
	case "video omitted":
		return rampart.Media{Type: "video"}, "", true
	case "audio omitted":
		return rampart.Media{Type: "audio"}, "", true
	case "sticker omitted":
		return rampart.Media{Type: "sticker"}, "", true
	case "GIF omitted":
		return rampart.Media{Type: "animated_gif"}, "", true
	default:
		if strings.HasSuffix(t, "document omitted") {
			return rampart.Media{Type: "document"}, "", true
		}
	}
	return rampart.Media{}, "", false
}

// mediaTypeFromName guesses a media type from a WhatsApp file name such as
// 00000012-PHOTO-2020-01-01-10-00-00.jpg or IMG-20200101-WA0001.jpg.
func mediaTypeFromName(name string) string {
	upper := strings.ToUpper(name)
	switch {
	case strings.Contains(upper, "-PHOTO-") || strings.HasPrefix(upper, "IMG-"):
		return "photo"
	case strings.Contains(upper, "-VIDEO-") || strings.HasPrefix(upper, "VID-"):
		return "video"
	case strings.Contains(upper, "-GIF-"):
		return "animated_gif"
	case strings.Contains(upper, "-AUDIO-") || strings.HasPrefix(upper, "PTT-") || strings.HasPrefix(upper, "AUD-"):
		return "audio"
	case strings.Contains(upper, "-STICKER-") || strings.HasPrefix(upper, "STK-"):
		return "sticker"
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".webp", ".heic":
		return "photo"
	case ".mp4", ".mov", ".3gp":
		return "video"
	case ".opus", ".m4a", ".mp3", ".ogg", ".aac":
		return "audio"
	}
	return "document"
}

// whatsAppChat names the chat after the file: "WhatsApp Chat with Family.txt"
// becomes "WhatsApp Chat with Family"; standard input is "stdin".
func whatsAppChat(name string) string {
	if name == "-" || name == "" {
		return "stdin"
	}
	base := filepath.Base(name)
	return strings.TrimSuffix(base, filepath.Ext(base))
}
