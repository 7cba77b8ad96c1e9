package web

import (
	"github.com/furusato/furusato/internal/furusato"
)

// meetingCancelledKey words a team meeting's cancel notice: why, when the
// team's work ended or someone gave a reason (it used to say only that
// the plans had changed; the reason was in the mail alone).
func meetingCancelledKey(p map[string]string) string {
	switch {
	case p["cause"] == furusato.MeetingCancelTeamEnded:
		return "fixes.notice.meeting_cancelled_team_ended"
	case p["reason"] != "":
		return "fixes.notice.meeting_cancelled_reason"
	}
	return "fixes.notice.meeting_cancelled"
}

// maxNoticeReason is how much of a reason a line of the notice list shows
// (a reason may be 1,000 characters; the workspace shows it whole).
const maxNoticeReason = 80

// shortReason is reason cut to maxNoticeReason characters, with 「…」.
func shortReason(reason string) string {
	r := []rune(reason)
	if len(r) <= maxNoticeReason {
		return reason
	}
	return string(r[:maxNoticeReason]) + "…"
}
