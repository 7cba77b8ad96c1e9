package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/store"
)

// How long the links sent by e-mail work.
const (
	VerifyEmailTTL   = 24 * time.Hour
	EmailChangeTTL   = 24 * time.Hour
	ResetPasswordTTL = time.Hour
)

// Rate limits, counted in the database so that every node shares them.
const (
	SignInWindow = 15 * time.Minute
	// SignInAccountLimit failed sign-ins per address and window put the
	// address under attack: then each network (IPSubject) that has failed
	// for it in its window is refused, and every other network gets one try.
	SignInAccountLimit = 10
	SignInIPLimit      = 30 // failed sign-ins per network (IPSubject) and window
	SignUpWindow       = time.Hour
	SignUpIPLimit      = 10 // sign-ups per network (IPSubject) and window
	ResetWindow        = time.Hour
	ResetEmailLimit    = 5  // reset mails per address and window; more are silently dropped
	ResetIPLimit       = 20 // forgot-password requests per network (IPSubject) and window
	// EmailChangesPerDay bounds the e-mail-change requests of one account
	// in 24 hours, successful ones included: each sends mail to an
	// address the requester chose.
	EmailChangesPerDay = 5
)

// Auth is the use cases of signing up, signing in and the credentials of
// one's own account: addresses confirmed by e-mail and changed, passwords
// reset and changed, sessions ended everywhere, and the Actor of a
// session. The profile, the data export and deleting the account are
// PersonalData's. E-mails go to the outbox in the transaction of
// the change that causes them. Answers never tell whether an address has
// an account.
//
// Unverified users may sign in (the pages show a banner asking them to
// confirm their address); what they may do beyond that is the policy's
// business.
type Auth struct {
	guard     // the database, the clock, rate limits and the password check
	argon     ArgonParams
	baseURL   string
	contact   furusato.Contact // for the mails' signature
	dummyHash string           // checked when there is no account, so timing reveals none
}

// NewAuth returns Auth over db; now is the clock, argon the cost of
// password hashing and baseURL the public origin that links in e-mails
// start with.
func NewAuth(db *store.DB, now func() time.Time, argon ArgonParams, baseURL string) (*Auth, error) {
	dummy, err := HashPassword("furusato-dummy-password", argon)
	if err != nil {
		return nil, err
	}
	return &Auth{guard: guard{db: db, now: now}, argon: argon, baseURL: strings.TrimRight(baseURL, "/"), dummyHash: dummy}, nil
}

// errSignIn is the one answer to every failed sign-in.
func errSignIn() error {
	return &furusato.Error{Code: furusato.EUNAUTHORIZED, Message: "The e-mail address or password is incorrect.",
		Fields: map[string]string{"email": "error.signin"}}
}

func errRateLimit() error {
	return furusato.Errorf(furusato.ERATELIMIT, "Too many attempts. Please wait a while and try again.")
}

func invalid(fields map[string]string) error {
	return &furusato.Error{Code: furusato.EINVALID, Message: "Please check the highlighted fields.", Fields: fields}
}

// mailLang returns lang when mail speaks it, otherwise Japanese.
func mailLang(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "ja"
}

// langFor is the language of mail to u asked for from a page in pageLang:
// u's own language when set, else the page's (the person is reading it).
func langFor(u *furusato.User, pageLang string) string {
	if u.Lang != "" {
		return u.MailLang()
	}
	return mailLang(pageLang)
}

// newToken returns a random token for a link and the hash that is stored.
func newToken() (token, hash string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", fmt.Errorf("service: token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// issue stores a new token for u and queues the mail of kind that carries
// its link, on tx.
func (a *Auth) issue(ctx context.Context, tx *store.Tx, u *furusato.User, purpose store.TokenPurpose, kind mail.Kind,
	to, newEmail, lang string, ttl time.Duration, now time.Time) error {
	token, hash, err := newToken()
	if err != nil {
		return err
	}
	path := "/account/verify/"
	if purpose == store.TokenResetPassword {
		path = "/account/password/reset/"
	}
	t := &store.Token{Hash: hash, Purpose: purpose, UserID: u.ID, NewEmail: newEmail, ExpiresAt: now.Add(ttl)}
	if err := tx.CreateToken(ctx, t, now); err != nil {
		return err
	}
	return a.queue(ctx, tx, kind, lang, to, mail.Data{Name: u.DisplayName, URL: a.baseURL + path + token, Expires: t.ExpiresAt}, now)
}

func (a *Auth) queue(ctx context.Context, tx *store.Tx, kind mail.Kind, lang, to string, d mail.Data, now time.Time) error {
	d.Contact = a.contact
	m, err := mail.Compose(kind, mailLang(lang), to, d)
	if err != nil {
		return err
	}
	return QueueMail(ctx, tx, m, now)
}

// signInKeys returns the throttle keys of failed sign-ins for the address
// email and for the network of ip.
func signInKeys(email, ip string) (account, addr string) {
	return "signin:account:" + email, "signin:ip:" + IPSubject(ip)
}

// signInPairKey is the throttle key of failed sign-ins for email from the
// network of ip.
func signInPairKey(email, ip string) string {
	return "signin:account-ip:" + IPSubject(ip) + ":" + email
}

// SignUpRequest is what the sign-up form gives.
type SignUpRequest struct {
	Email, Name, Password string
	Lang, IP              string
	// Next is a local path (checked by the caller) the person came from,
	// carried by the confirmation link so that they land back on it.
	Next string
	// Terms is the version of the terms the person agreed to: 0 when they
	// did not (EINVALID), TermsShown when the form did not say which.
	Terms int
}

// TermsShown in SignUpRequest.Terms is consent to the newest version of
// the terms, for a form that linked them without telling its version.
const TermsShown = -1

// SignUp is Register for a person who agreed to the newest terms.
func (a *Auth) SignUp(ctx context.Context, email, name, password, lang, ip string) error {
	return a.Register(ctx, SignUpRequest{Email: email, Name: name, Password: password, Lang: lang, IP: ip, Terms: TermsShown})
}

// Register creates an unverified account, records its consent to the
// terms (the version agreed to) and queues a KindVerifyEmail mail whose
// link (VerifyEmailTTL) confirms the address, in one transaction.
// When the address already has an account, it queues KindAccountExists to
// it instead and answers the same, so the form reveals no account. It
// returns EINVALID with Fields as Users.CreateUser does, and "agree" when
// the terms were not agreed to; ECONFLICT (field "agree") when the terms
// changed since the form showed them; ERATELIMIT after SignUpIPLimit
// sign-ups from the network of IP within SignUpWindow.
func (a *Auth) Register(ctx context.Context, in SignUpRequest) error {
	email, name, err := checkNewAccount(in.Email, in.Name, in.Password)
	if in.Terms == 0 {
		fields := furusato.ErrorFields(err)
		if fields == nil {
			fields = map[string]string{}
		}
		fields["agree"] = "trust.error.agree_required"
		return invalid(fields)
	} else if err != nil {
		return err
	}
	lang, ip := in.Lang, in.IP
	now := a.now()
	if over, err := a.hit(ctx, SignUpWindow, now, map[string]int{"signup:ip:" + IPSubject(ip): SignUpIPLimit}); err != nil {
		return err
	} else if over {
		return errRateLimit()
	}
	// Hash before the transaction (the writer is not held during argon2)
	// and whether or not the account exists (timing reveals nothing).
	hash, err := HashPassword(in.Password, a.argon)
	if err != nil {
		return err
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		existing, err := tx.FindUserByEmail(ctx, email)
		switch {
		case err == nil:
			return a.queue(ctx, tx, mail.KindAccountExists, langFor(existing, lang), email,
				mail.Data{Name: existing.DisplayName, URL: a.baseURL + "/account/password/forgot"}, now)
		case furusato.ErrorCode(err) != furusato.ENOTFOUND:
			return err
		}
		// The language of the sign-up page becomes the account's: its mail
		// (this confirmation first) is written in it until changed.
		u := &furusato.User{Email: email, DisplayName: name, Lang: mailLang(lang)}
		if err := tx.CreateUser(ctx, u, hash, now); err != nil {
			return err
		}
		terms := in.Terms
		if terms == TermsShown {
			cur, err := tx.CurrentPage(ctx, furusato.PageTerms)
			if err != nil {
				return err
			}
			terms = cur.Version
		}
		if err := agreeTerms(ctx, tx, u.ID, terms, now); err != nil {
			return err
		}
		if err := tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: u.ID, Action: furusato.AuditUserSignup, ObjectType: "user", ObjectID: u.ID, IP: ip}); err != nil {
			return err
		}
		return a.issueVerify(ctx, tx, u, email, u.Lang, in.Next, now)
	})
}

// VerifyEmail follows the link of a KindVerifyEmail or KindEmailChange
// mail: it marks the address confirmed, or moves the account to the new
// address, and uses the token up. emailChanged tells which. A move ends
// every API token of the account and any other pending e-mail-change link
// (endCredentials), and queues KindEmailChanged to the old address, in the
// same transaction. A token that is unknown, used or expired is ENOTFOUND;
// a new address taken meanwhile is ECONFLICT.
func (a *Auth) VerifyEmail(ctx context.Context, token, ip string) (emailChanged bool, err error) {
	hash, now := hashToken(token), a.now()
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		t, err := tx.UseToken(ctx, hash, store.TokenVerifyEmail, now)
		if err == nil {
			return a.confirmAddress(ctx, tx, t.UserID, now)
		} else if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			return err
		}
		if t, err = tx.UseToken(ctx, hash, store.TokenEmailChange, now); err != nil {
			return err
		}
		old, err := tx.FindUserByID(ctx, t.UserID)
		if err != nil {
			return err
		}
		if err := tx.SetUserEmail(ctx, t.UserID, t.NewEmail, now); err != nil {
			return err
		}
		revoked, err := endCredentials(ctx, tx, t.UserID, now)
		if err != nil {
			return err
		}
		emailChanged = true
		if err := a.queue(ctx, tx, mail.KindEmailChanged, old.MailLang(), old.Email,
			mail.Data{Name: old.DisplayName, URL: a.baseURL + "/account/signin", NewEmail: t.NewEmail}, now); err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: t.UserID, Action: furusato.AuditUserEmailChange, ObjectType: "user", ObjectID: t.UserID, IP: ip,
			Detail: jsonDetail(map[string]string{"from": old.Email, "to": t.NewEmail, "api_tokens_revoked": strconv.FormatInt(revoked, 10)})})
	})
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return false, furusato.Errorf(furusato.ENOTFOUND, "This link does not work any more.")
	}
	return emailChanged, err
}

// SignIn returns the user whose address and password these are. Every
// failure is the same EUNAUTHORIZED (with Fields{"email": "error.signin"}),
// whether the account exists or not, and takes as long; EINVALID when a
// field is empty or the address malformed. After SignInAccountLimit failed
// attempts for one address within SignInWindow, it answers ERATELIMIT
// without checking to the networks (IPSubject) that have failed for the
// address in their window, and checks one try from every other network, so
// a guesser cannot lock the owner out; after SignInIPLimit failures from a
// network it answers ERATELIMIT to it for any address. A success clears
// the address's count and the count of its network for the address.
// Successful and failed sign-ins are audited.
func (a *Auth) SignIn(ctx context.Context, email, password, ip string) (*furusato.User, error) {
	fields := map[string]string{}
	email, err := NormalizeEmail(email)
	if err != nil {
		fields["email"] = "error.email"
	}
	if password == "" {
		fields["password"] = "error.password_required"
	}
	if len(fields) > 0 {
		return nil, invalid(fields)
	}
	now := a.now()
	accountKey, ipKey := signInKeys(email, ip)
	pairKey := signInPairKey(email, ip)
	// Count the attempt first, so that parallel guesses are all counted;
	// a success takes it back below. A network over its limit writes no
	// counter for the address, so its attempts add no rows.
	var accountN, pairN, ipN int
	err = a.db.Tx(ctx, func(tx *store.Tx) (err error) {
		if ipN, err = tx.HitThrottle(ctx, ipKey, SignInWindow, now); err != nil || ipN > SignInIPLimit {
			return err
		}
		if accountN, err = tx.HitThrottle(ctx, accountKey, SignInWindow, now); err != nil {
			return err
		}
		pairN, err = tx.HitThrottle(ctx, pairKey, SignInWindow, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	if ipN > SignInIPLimit || (accountN > SignInAccountLimit && pairN > 1) {
		return nil, errRateLimit()
	}
	u, err := a.db.FindUserByEmail(ctx, email)
	if err != nil && furusato.ErrorCode(err) != furusato.ENOTFOUND {
		return nil, err
	}
	var stored string
	if u != nil {
		if stored, err = a.db.PasswordHash(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	hash := stored
	if hash == "" {
		hash = a.dummyHash // no account, or no password set: the same work
	}
	ok, err := CheckPassword(hash, password)
	if err != nil {
		return nil, err
	}
	if u == nil || !u.DeletedAt.IsZero() || stored == "" || !ok {
		var id int64
		if u != nil {
			id = u.ID
		}
		err := a.db.Tx(ctx, func(tx *store.Tx) error {
			return tx.Audit(ctx, furusato.AuditEntry{At: now, Action: furusato.AuditUserSigninFailed, ObjectType: "user", ObjectID: id, IP: ip})
		})
		if err != nil {
			return nil, err
		}
		return nil, errSignIn()
	}
	var rehash string
	if NeedsRehash(hash, a.argon) {
		if rehash, err = HashPassword(password, a.argon); err != nil {
			return nil, err
		}
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.ResetThrottle(ctx, accountKey); err != nil {
			return err
		}
		if err := tx.ResetThrottle(ctx, pairKey); err != nil {
			return err
		}
		if err := tx.ForgiveThrottle(ctx, ipKey); err != nil {
			return err
		}
		if rehash != "" {
			if err := tx.SetPasswordHash(ctx, u.ID, rehash, now); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: u.ID, Action: furusato.AuditUserSignin, ObjectType: "user", ObjectID: u.ID, IP: ip})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// Actor returns the actor of signed-in user id as the user and their
// memberships are now; ENOTFOUND when the account is gone.
func (a *Auth) Actor(ctx context.Context, userID int64) (*furusato.Actor, error) {
	return a.db.ActorFor(ctx, userID)
}

// SignOutEverywhere bumps the actor's session epoch, so that every session
// of theirs, this one included, is signed out, and revokes every API token
// and pending e-mail-change link of the account (endCredentials), in one
// transaction; audited. EUNAUTHORIZED for a visitor.
func (a *Auth) SignOutEverywhere(ctx context.Context, actor *furusato.Actor, ip string) error {
	if !actor.SignedIn() {
		return furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	now := a.now()
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.BumpSessionEpoch(ctx, actor.User.ID, now); err != nil {
			return err
		}
		revoked, err := endCredentials(ctx, tx, actor.User.ID, now)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditUserSignoutAll, ObjectType: "user", ObjectID: actor.User.ID, IP: ip,
			Detail: revokedDetail(revoked)})
	})
}

// revokedDetail is the audit detail of an event that ended n API tokens.
func revokedDetail(n int64) json.RawMessage {
	return jsonDetail(map[string]string{"api_tokens_revoked": strconv.FormatInt(n, 10)})
}
