package furusato

import "time"

// Message is one message in an entry's thread, between the participant, the
// project's coordinators and the company's staff. Body is plain text; links
// are made clickable when shown, nothing else is interpreted.
type Message struct {
	ID        int64
	EntryID   int64
	AuthorID  int64
	Body      string
	CreatedAt time.Time

	AuthorName string // joined for display
}

// MaxMessage bounds a message, in runes.
const MaxMessage = 4000

// DeletedMessageBody replaces the text of every message whose author
// deleted their account (a message needs a body); pages show a translated
// notice instead.
const DeletedMessageBody = "（退会したユーザーのメッセージは削除されました）"
