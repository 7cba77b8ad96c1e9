package mail

import (
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Kind names a message template.
type Kind string

// The kinds of message of the accounts issue.
const (
	KindVerifyEmail   Kind = "verify_email"   // confirm the address given at sign-up
	KindEmailChange   Kind = "email_change"   // confirm a new address
	KindResetPassword Kind = "reset_password" // a link to choose a new password
	KindInvitation    Kind = "invitation"     // join an organisation or company in a role
	KindAccountExists Kind = "account_exists" // someone signed up with an address that has an account
	// KindEmailChangeRequested tells the old address that a change to
	// Data.NewEmail was asked for; its link resets the password.
	KindEmailChangeRequested Kind = "email_change_requested"
	// KindEmailChanged tells the old address that the account moved to
	// Data.NewEmail; it needs no expiry.
	KindEmailChanged Kind = "email_changed"
)

// Message is one composed e-mail.
type Message struct {
	Kind      Kind
	To        string
	Subject   string
	Text      string // plain text part
	HTML      string // HTML part
	MessageID string // "<random@host>", fixed when composed so a resend keeps it
	// Calendar is an iCalendar document (text/calendar) attached as
	// invite.ics, "" for none: interview confirmations carry one.
	Calendar string
	// ListUnsubscribe is the one-click unsubscribe URL (RFC 8058) sent as
	// the List-Unsubscribe header with List-Unsubscribe-Post; "" for
	// account mail, which cannot be turned off.
	ListUnsubscribe string
}

// Data is what the account messages say: to whom, the link to follow and
// until when it works, and for invitations who invites to what.
type Data struct {
	Name    string    // the recipient's display name, may be empty
	URL     string    // absolute, built from the configured base URL
	Expires time.Time // when the link stops working
	Inviter string    // KindInvitation: who invites
	Target  string    // KindInvitation: the organisation or company
	Role    string    // KindInvitation: the role, already translated
	// NewEmail is the address an account moves to, for the notices to
	// the old one (KindEmailChangeRequested, KindEmailChanged).
	NewEmail string
	// Contact is the operator's, for the signature; zero for none.
	Contact furusato.Contact
}
