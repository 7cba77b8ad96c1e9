package ui

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
)

// TestJapaneseSentencesEndWithAFullStop: an error (or any message) of two
// sentences or more ends with 「。」, as its first sentence does
// (experience review §1.2: 「…含まれています。入力し直してください」 was
// half-stopped). A one-sentence field error may end without one, as ui.md's
// 「締切日は今日以降の日付を入力してください」. Left out: a last sentence that
// is an example (「例：14:00」), the message templates that end with the
// sender's name, and notification headlines.
func TestJapaneseSentencesEndWithAFullStop(t *testing.T) {
	seen := 0
	eachJapaneseMessage(t, func(n, k, s string) {
		if strings.Contains(k, ".template.") || strings.HasPrefix(k, "notifications.kind.") {
			return
		}
		i := strings.LastIndex(s, "。")
		if i < 0 || strings.HasPrefix(s[i+len("。"):], "例：") {
			return
		}
		if strings.Contains(k, "error") {
			seen++
		}
		if !strings.HasSuffix(s, "。") {
			t.Errorf("%s: %s = %q: its last sentence has no 「。」", n, k, s)
		}
	})
	if seen < 30 {
		t.Errorf("found only %d errors of several sentences; is the pattern right?", seen)
	}
}

// eachJapaneseMessage calls f with the file, key and text of every string
// message of every area's Japanese catalogue.
func eachJapaneseMessage(t *testing.T, f func(file, key, text string)) {
	t.Helper()
	names, _ := fs.Glob(files, "i18n/*.json")
	for _, n := range names {
		if !strings.HasSuffix(n, "/ja.json") && !strings.HasSuffix(n, ".ja.json") {
			continue
		}
		b, _ := fs.ReadFile(files, n)
		var msgs map[string]any
		if err := json.Unmarshal(b, &msgs); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		for k, v := range msgs {
			if s, ok := v.(string); ok {
				f(n, k, s)
			}
		}
	}
}
