package furusato

import "time"

// HistoryAction names what a line of a project's history records; stored
// as is, so old lines keep their action, and the management page shows it
// through the message "manage.history.<action>".
type HistoryAction string

// The actions a project's history records.
const (
	HistoryCreated    HistoryAction = "created"
	HistoryEdited     HistoryAction = "edited"
	HistorySubmitted  HistoryAction = "submitted"
	HistorySentBack   HistoryAction = "sent_back"
	HistoryPublished  HistoryAction = "published"
	HistoryClosed     HistoryAction = "closed"
	HistoryReopened   HistoryAction = "reopened"
	HistoryStarted    HistoryAction = "started"
	HistoryCompleted  HistoryAction = "completed"
	HistoryCancelled  HistoryAction = "cancelled"
	HistorySupporters HistoryAction = "supporters"
)

// ProjectHistoryEntry is one change to a project: who made it, when, the
// status move (From and To are equal for an edit), the send-back comment or
// cancel reason, and the names of the fields an edit changed.
type ProjectHistoryEntry struct {
	ID        int64
	ProjectID int64
	At        time.Time
	ActorID   int64  // 0 for the system
	ActorName string // filled by FindProjectHistory; "" for the system or a deleted account
	Action    HistoryAction
	From, To  ProjectStatus
	Comment   string
	Changes   []string
}
