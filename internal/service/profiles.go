package service

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// PersonalData is the use cases of what the platform holds about a
// signed-in person, asked for by that person: their profile (GetProfile,
// SaveProfile), the export of everything held about them (ExportData) and
// deleting their account (DeleteAccount). Each acts on the actor's own
// account only; no method takes another user's id.
type PersonalData struct {
	guard            // the database, the clock and the password check of DeleteAccount
	entries *Entries // withdraws a deleted account's entries
}

// NewPersonalData returns PersonalData over db; now is the clock and
// entries the entry workflow that a deleted account leaves.
func NewPersonalData(db *store.DB, now func() time.Time, entries *Entries) *PersonalData {
	return &PersonalData{guard: guard{db: db, now: now}, entries: entries}
}

// GetProfile returns the actor's profile; an empty one (AffiliationPublic
// false) when they never saved one. EUNAUTHORIZED for a visitor.
func (pd *PersonalData) GetProfile(ctx context.Context, actor *furusato.Actor) (*furusato.Profile, error) {
	if !actor.SignedIn() {
		return nil, furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	p, err := pd.db.FindProfile(ctx, actor.User.ID)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return &furusato.Profile{UserID: actor.User.ID}, nil
	}
	return p, err
}

// SaveProfile normalises and validates p (normalizeProfile and
// furusato.Profile.Validate) and the display name (as at sign-up), then
// stores both for the actor, whatever p.UserID says, with an audit entry
// "profile.update" (which names no values). It returns EINVALID with
// Fields for "display_name" and the fields of Profile.Validate, all at
// once, and EUNAUTHORIZED for a visitor. p is left normalised, to show again.
func (pd *PersonalData) SaveProfile(ctx context.Context, actor *furusato.Actor, displayName string, p *furusato.Profile, ip string) error {
	if !actor.SignedIn() {
		return furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	p.UserID = actor.User.ID
	normalizeProfile(p)
	var f furusato.FieldErrors
	name, key := normalizeDisplayName(displayName)
	if key != "" {
		f.Add("display_name", key, displayNameBounds(key)...)
	}
	f.Merge(p.Validate())
	if err := f.Err(); err != nil {
		return err
	}
	now := pd.now()
	return pd.db.Tx(ctx, func(tx *store.Tx) error {
		if name != actor.User.DisplayName {
			if err := tx.SetDisplayName(ctx, actor.User.ID, name, now); err != nil {
				return err
			}
		}
		if err := tx.SaveProfile(ctx, p, now); err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditProfileUpdate, ObjectType: "user", ObjectID: actor.User.ID, IP: ip})
	})
}

// DataExport is everything Furusato holds about one person, as the JSON
// document they download, and nothing about anyone else (see exportAudit
// and profiles_export.go). It never holds the password hash or a token's
// secret. Times are JST, ISO 8601.
type DataExport struct {
	Format            string               `json:"format"`   // ExportFormat
	Language          string               `json:"language"` // of the labels and texts; set by the edge
	ExportedAt        time.Time            `json:"exported_at"`
	User              ExportUser           `json:"user"`
	Profile           *ExportProfile       `json:"profile"` // null when none was saved
	Memberships       []ExportMembership   `json:"memberships"`
	Entries           []ExportEntry        `json:"entries"`
	Favorites         []ExportFavorite     `json:"favorites"`
	Notifications     []ExportNotification `json:"notifications"`
	NotificationPrefs []ExportNoticePref   `json:"notification_preferences"`
	APITokens         []ExportAPIToken     `json:"api_tokens"`
	Teams             *ExportTeams         `json:"teams"` // what they wrote or agreed to in teams
	Audit             []ExportAudit        `json:"audit_log"`
	ActiveSessions    int                  `json:"active_sessions"`
	Consents          []ExportConsent      `json:"consents"` // the versions of the terms agreed to (pages.go)
}

// ExportUser is the account, without the password hash.
type ExportUser struct {
	ID              int64      `json:"id"`
	Email           string     `json:"email"`
	DisplayName     string     `json:"display_name"`
	Admin           bool       `json:"admin"`
	EmailVerifiedAt *time.Time `json:"email_verified_at"`
	CreatedAt       time.Time  `json:"created_at"`
}

// ExportProfile is the profile as stored.
type ExportProfile struct {
	NameKana            string    `json:"name_kana"`
	Hometown            int       `json:"hometown_prefecture_code"`
	ResidencePrefecture int       `json:"residence_prefecture_code"`
	ResidenceCity       string    `json:"residence_city"`
	Occupation          string    `json:"occupation"`
	Affiliation         string    `json:"affiliation"`
	AffiliationPublic   bool      `json:"affiliation_public"`
	Skills              []string  `json:"skills"`
	InterestThemes      []string  `json:"interest_themes"`
	InterestPrefectures []int     `json:"interest_prefecture_codes"`
	Bio                 string    `json:"bio"`
	Links               []string  `json:"links"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
}

// ExportMembership is one role of the person.
type ExportMembership struct {
	Role           string    `json:"role"`
	OrganizationID int64     `json:"organization_id,omitempty"`
	CompanyID      int64     `json:"company_id,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// ExportAudit is one audit entry made by or about the person. By is
// "you", "other" (someone else, or an anonymous visitor such as a failed
// sign-in: who and from where are left out) or "system"; IP is only ever
// theirs.
type ExportAudit struct {
	At         time.Time       `json:"at"`
	Action     string          `json:"action"`
	By         string          `json:"by"`
	ObjectType string          `json:"object_type,omitempty"`
	ObjectID   int64           `json:"object_id,omitempty"`
	IP         string          `json:"ip,omitempty"`
	Detail     json.RawMessage `json:"detail"`
}

func nonEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// ExportData records an audit entry "data.export" and returns everything
// held about the actor (the entry included): account, profile, roles,
// entries with their answers, history, threads and interviews,
// favourites, notifications, preferences, API tokens, audit entries and
// the count of signed-in sessions. EUNAUTHORIZED for a visitor.
func (pd *PersonalData) ExportData(ctx context.Context, actor *furusato.Actor, ip string) (*DataExport, error) {
	if !actor.SignedIn() {
		return nil, furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	id, now := actor.User.ID, pd.now()
	if err := pd.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: id, Action: furusato.AuditDataExport, ObjectType: "user", ObjectID: id, IP: ip})
	}); err != nil {
		return nil, err
	}
	u, err := pd.db.FindUserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	x := &DataExport{Format: ExportFormat, ExportedAt: jst(now), Memberships: []ExportMembership{}, Audit: []ExportAudit{},
		User: ExportUser{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Admin: u.Admin, CreatedAt: jst(u.CreatedAt)}}
	if u.Verified() {
		x.User.EmailVerifiedAt = jstOrNil(u.EmailVerifiedAt)
	}
	p, err := pd.db.FindProfile(ctx, id)
	switch {
	case err == nil:
		x.Profile = &ExportProfile{NameKana: p.NameKana, Hometown: p.Hometown, ResidencePrefecture: p.ResidencePrefecture,
			ResidenceCity: p.ResidenceCity, Occupation: p.Occupation, Affiliation: p.Affiliation, AffiliationPublic: p.AffiliationPublic,
			Skills: nonEmpty(p.Skills), InterestThemes: nonEmpty(p.InterestThemes), InterestPrefectures: nonEmpty(p.InterestPrefectures),
			Bio: p.Bio, Links: nonEmpty(p.Links), CreatedAt: jst(p.CreatedAt), UpdatedAt: jst(p.UpdatedAt)}
	case furusato.ErrorCode(err) != furusato.ENOTFOUND:
		return nil, err
	}
	ms, err := pd.db.FindMemberships(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		x.Memberships = append(x.Memberships, ExportMembership{Role: string(m.Role), OrganizationID: m.OrganizationID, CompanyID: m.CompanyID, CreatedAt: jst(m.CreatedAt)})
	}
	es, err := pd.db.FindAuditAbout(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		x.Audit = append(x.Audit, exportAudit(id, e.At, e.ActorID, string(e.Action), e.ObjectType, e.ObjectID, e.IP, e.Detail))
	}
	if err := pd.exportWorkflow(ctx, id, x); err != nil {
		return nil, err
	}
	if err := pd.exportTeams(ctx, id, x); err != nil {
		return nil, err
	}
	if x.Consents, err = exportConsents(ctx, pd.db, id); err != nil {
		return nil, err
	}
	if x.ActiveSessions, err = pd.db.CountSessions(ctx, id, now); err != nil {
		return nil, err
	}
	return x, nil
}

// DeleteAccount deletes the actor's account after checking their password
// (field "password", as checkCurrentPassword). In one transaction it
// anonymises the users row first (store.AnonymiseUser: the address is
// freed for a new sign-up, the password is gone, every session is signed
// out, and no notice or mail goes to the person any more); then withdraws
// their entries (Entries.leaveWorkflow: active ones, and matched ones whose
// project still holds the place, which is released; open interviews
// cancelled; the hosts told), erases what they wrote and chose in the
// workflow (store.EraseUserContent: answers, message texts, reasons,
// favourites, notifications, preferences, API tokens), deletes their
// profile, memberships and e-mailed tokens, and writes an audit entry
// "user.delete". Audit entries stay, with their times, actions and IPs (to
// deal with misuse); they name the id only, and the address-change details
// are scrubbed. EINVALID, ERATELIMIT, EUNAUTHORIZED for a visitor.
func (pd *PersonalData) DeleteAccount(ctx context.Context, actor *furusato.Actor, password, ip string) error {
	if err := pd.checkCurrentPassword(ctx, actor, password, "password", ip); err != nil {
		return err
	}
	id, now := actor.User.ID, pd.now()
	return pd.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.AnonymiseUser(ctx, id, now); err != nil {
			return err
		}
		if err := pd.entries.leaveWorkflow(ctx, tx, id, now); err != nil {
			return err
		}
		if err := tx.EraseUserContent(ctx, id); err != nil {
			return err
		}
		if err := tx.DeleteUserData(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: id, Action: furusato.AuditUserDelete, ObjectType: "user", ObjectID: id, IP: ip})
	})
}

// normalizeProfile trims every text of p (runs of spaces become one, the
// bidirectional controls go), keeping what was typed (NFC, not NFKC: the
// reading alone is NFKC, so half-width katakana becomes full-width), drops
// empty and repeated list entries and sorts nothing: the order the person
// gave is kept.
func normalizeProfile(p *furusato.Profile) {
	p.NameKana = normWords(norm.NFKC.String(p.NameKana))
	p.ResidenceCity = normWords(p.ResidenceCity)
	p.Occupation = normWords(p.Occupation)
	p.Affiliation = normWords(p.Affiliation)
	p.Bio = prose(p.Bio)
	p.Skills = normList(p.Skills, norm.NFC)
	p.InterestThemes = normList(p.InterestThemes, norm.NFKC) // slugs
	p.Links = normList(p.Links, norm.NFKC)                   // addresses: ｈｔｔｐｓ is https
	seen := map[int]bool{}
	prefs := p.InterestPrefectures[:0:0]
	for _, c := range p.InterestPrefectures {
		if !seen[c] {
			seen[c] = true
			prefs = append(prefs, c)
		}
	}
	p.InterestPrefectures = prefs
}

// normWords is a one-line value of a profile: NFC, words separated by one
// space (a bidirectional control stays, for Validate to refuse).
func normWords(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

func normList(in []string, form norm.Form) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = normWords(form.String(s))
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
