package service

import (
	"context"
	"io"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// Entries is the use cases of entries (エントリー) and favourites (気になる):
// participants enter projects, follow and withdraw their entries and accept
// offers; the project's organisation and company screen, move, note and
// export them. Every decision is policy.Entry's, made on the entry as read
// in the same transaction as the write.
type Entries struct {
	db     *store.DB
	now    func() time.Time
	notify *Notifier
}

// NewEntries returns Entries over db; now is the clock, notify tells people.
func NewEntries(db *store.DB, now func() time.Time, notify *Notifier) *Entries {
	return &Entries{db: db, now: now, notify: notify}
}

var errTodo = furusato.Errorf(furusato.EINTERNAL, "not built yet")

// SetFavorite marks (on) or unmarks project projectID as a favourite of the
// actor. Only public projects can be marked; unmarking always works.
func (s *Entries) SetFavorite(ctx context.Context, actor *furusato.Actor, projectID int64, on bool) error {
	return errTodo
}

// Favorites lists the actor's favourite projects, newest mark first.
func (s *Entries) Favorites(ctx context.Context, actor *furusato.Actor) ([]*furusato.Project, error) {
	return nil, errTodo
}

// FavoriteIDs returns which of ids the actor marked, for buttons on lists.
func (s *Entries) FavoriteIDs(ctx context.Context, actor *furusato.Actor, ids []int64) (map[int64]bool, error) {
	return nil, errTodo
}

// EntryStart is what the entry form needs: the project, the profile that
// will be attached, the actor's active entry on it (nil when none) and,
// when the project takes no entries, why.
type EntryStart struct {
	Project *furusato.Project
	Profile *furusato.Profile
	Active  *furusato.Entry
	Closed  furusato.ClosedReason
}

// Start returns what the entry form for project key (slug or id) needs.
func (s *Entries) Start(ctx context.Context, actor *furusato.Actor, key string) (*EntryStart, error) {
	return nil, errTodo
}

// Submit enters the actor into project projectID with what in says
// (Motivation, Contribution, HoursPerMonth, Questions). EINVALID with
// fields for bad input; ECONFLICT when the actor already has an active
// entry there or the project takes no entries (deadline, filled, closed).
func (s *Entries) Submit(ctx context.Context, actor *furusato.Actor, projectID int64, in furusato.Entry) (*furusato.Entry, error) {
	return nil, errTodo
}

// Mine lists the actor's own entries, most recently changed first, with
// their projects.
func (s *Entries) Mine(ctx context.Context, actor *furusato.Actor) ([]*furusato.Entry, error) {
	return nil, errTodo
}

// EntryDetail is one entry as the actor may see it.
type EntryDetail struct {
	Entry  *furusato.Entry // with Project, Participant and Profile
	Events []furusato.EntryEvent
	Notes  []furusato.EntryNote // nil unless the actor may read them (policy.EntryNotes)
	Host   bool                 // the actor screens it (organisation, company, admin)
	Moves  []furusato.Stage     // the moves the actor may make now
}

// Get returns entry id as the actor may see it; ENOTFOUND when the actor
// may not see it (policy.EntryView).
func (s *Entries) Get(ctx context.Context, actor *furusato.Actor, id int64) (*EntryDetail, error) {
	return nil, errTodo
}

// Withdraw withdraws the actor's own entry id, with an optional reason.
func (s *Entries) Withdraw(ctx context.Context, actor *furusato.Actor, id int64, reason string) error {
	return errTodo
}

// Accept accepts the offer on the actor's own entry id (参画決定). ECONFLICT
// when every place is already filled; the last place filled closes the
// project and tells the remaining active entries.
func (s *Entries) Accept(ctx context.Context, actor *furusato.Actor, id int64) error {
	return errTodo
}

// Move moves entry id to stage to (screening, interview, offered,
// declined), recording reason; message, when not empty, is posted to the
// entry's thread and e-mailed with the notice to the participant.
func (s *Entries) Move(ctx context.Context, actor *furusato.Actor, id int64, to furusato.Stage, reason, message string) error {
	return errTodo
}

// AddNote adds a private note to entry id (policy.EntryNotes).
func (s *Entries) AddNote(ctx context.Context, actor *furusato.Actor, id int64, body string) error {
	return errTodo
}

// BoardFilter selects and orders a project's entries.
type BoardFilter struct {
	Stage  furusato.Stage // "" for all
	Query  string         // words in the participant's name or the entry's text
	Sort   string         // "created" (default), "updated", "hours", "name"
	Desc   bool
	Limit  int // 50 when ≤ 0
	Offset int
}

// Board is a project's entries for its organisation and company.
type Board struct {
	Project *furusato.Project
	Counts  map[furusato.Stage]int // per stage, whatever the filter
	Entries []*furusato.Entry      // with Participant
	Total   int                    // matching the filter
}

// Board returns the entries of project projectID (policy.EntryBoard).
func (s *Entries) Board(ctx context.Context, actor *furusato.Actor, projectID int64, f BoardFilter) (*Board, error) {
	return nil, errTodo
}

// ExportCSV writes every entry of project projectID as CSV for Excel: UTF-8
// with a BOM, CRLF line ends, one header row (policy.EntryBoard).
func (s *Entries) ExportCSV(ctx context.Context, actor *furusato.Actor, projectID int64, lang string, w io.Writer) error {
	return errTodo
}

// OrganizationEntries lists the entries of the projects of organisation
// orgID, newest change first, for its coordinators and admins.
func (s *Entries) OrganizationEntries(ctx context.Context, actor *furusato.Actor, orgID int64, f BoardFilter) ([]*furusato.Entry, int, error) {
	return nil, 0, errTodo
}

// CloseDue closes the published projects whose entry deadline has passed
// (published → closed, recorded as the system) and returns how many. Run
// by a periodic job; safe to run twice or on two nodes at once.
func (s *Entries) CloseDue(ctx context.Context) (int, error) {
	return 0, errTodo
}
