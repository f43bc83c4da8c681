package ingest

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
)

// detect names the format of an input from its first bytes (head) and, when
// the content does not decide, its file name. It returns "" when neither
// tells.
func detect(name string, head []byte) string {
	head = bytes.TrimPrefix(head, utf8BOM)
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		if f := detectJSON(trimmed); f != "" {
			return f
		}
	}
	// An iOS WhatsApp line starts with '[' too.
	if f := detectText(head); f != "" {
		return f
	}
	base := strings.ToLower(filepath.Base(name))
	switch {
	case base == "result.json":
		return FormatTelegram
	case strings.HasSuffix(base, ".jsonl") || strings.HasSuffix(base, ".ndjson"):
		return FormatJSONL
	case strings.HasSuffix(base, ".txt") && strings.Contains(base, "whatsapp"):
		return FormatWhatsApp
	}
	return ""
}

// detectJSON reads the keys of the first record (the first object, or the
// first element of a top-level array) with a token decoder over the head;
// running out of head just ends the look.
func detectJSON(head []byte) string {
	dec := json.NewDecoder(bytes.NewReader(head))
	top := map[string]bool{}    // keys of the record
	nested := map[string]bool{} // "parent.key" one level down
	var stack []byte            // open delimiters
	var keys []string           // current key per open object
	recordDepth := 1
	expectKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(stack) == 0 && t == '[' {
					recordDepth = 2
				}
				stack = append(stack, byte(t))
				keys = append(keys, "")
				expectKey = t == '{'
				continue
			default:
				stack = stack[:len(stack)-1]
				keys = keys[:len(keys)-1]
				if len(stack) < recordDepth {
					return classifyJSON(top, nested)
				}
			}
		case string:
			if expectKey && len(stack) > 0 && stack[len(stack)-1] == '{' {
				keys[len(keys)-1] = t
				switch len(stack) - recordDepth {
				case 0:
					top[t] = true
				case 1:
					nested[keys[len(keys)-2]+"."+t] = true
				}
				expectKey = false
				continue
			}
			if len(stack) == recordDepth && keys[len(keys)-1] == "kind" && (t == "post" || t == "account") {
				top["kind="+t] = true
			}
			// Telethon's to_dict names each object's TL type in "_".
			if len(stack) == recordDepth && keys[len(keys)-1] == "_" && (t == "Message" || t == "MessageService") {
				top["_="+t] = true
			}
		}
		// After a value inside an object, the next string is a key.
		expectKey = len(stack) > 0 && stack[len(stack)-1] == '{'
	}
	return classifyJSON(top, nested)
}

func classifyJSON(top, nested map[string]bool) string {
	switch {
	case top["kind=post"] || top["kind=account"]:
		return FormatJSONL
	case top["peer_id"] && (top["_=Message"] || top["_=MessageService"]):
		return FormatTelethon
	case top["messages"] || top["chats"] || top["left_chats"] || top["personal_information"]:
		return FormatTelegram
	case top["data"] || top["includes"] || top["author_id"] || top["edit_history_tweet_ids"]:
		return FormatXv2
	case top["id_str"] || nested["user.screen_name"]:
		return FormatTwitterV1
	case top["platformId"] || top["account.platform"] || nested["result.posts"] || nested["account.platformId"]:
		return FormatCrowdTangle
	}
	return ""
}

// detectText recognises a CrowdTangle CSV header or WhatsApp lines among the
// first lines.
func detectText(head []byte) string {
	lines := bytes.SplitN(head, []byte("\n"), 12)
	if len(lines) > 0 && bytes.Contains(lines[0], []byte("account.platform")) {
		return FormatCrowdTangle
	}
	for i, l := range lines {
		if i == len(lines)-1 && len(lines) == 12 {
			break // possibly cut by the peek
		}
		if _, ok := parseWhatsAppHeader(string(trimEOL(l))); ok {
			return FormatWhatsApp
		}
	}
	return ""
}
